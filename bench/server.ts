/**
 * `npm run bench:server`: requests per second for the sample's POST /invoices/
 * with a valid body, three servers side by side in one run, each in its own
 * process, loaded by autocannon from this one:
 *   floor    plain node:http: JSON.parse + JSON.stringify, no validation
 *   fastify  Fastify with the same JSON Schemas (its ajv validation)
 *   callspec the sample app as built by tspc (binding + ajv validation)
 * Rounds alternate the servers; each figure is the median of its rounds.
 * Servers listen on 127.0.0.1 only; every process ends when the run does.
 */
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";

const ROOT = path.resolve(__dirname, "../..");
const KINDS = ["floor", "fastify", "callspec"] as const;
type Kind = (typeof KINDS)[number];
const BODY = JSON.stringify({ id: "2expen51ve", title: "Pen", customer: "Ann", total: 9.5 });
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function serve(kind: Kind): Promise<number> {
  if (kind === "callspec") {
    const { app } = require(path.join(ROOT, "sample-app", "dist", "app.js"));
    return (await app.listen(0, "127.0.0.1")).port;
  }
  if (kind === "fastify") {
    const spec = JSON.parse(require("node:fs").readFileSync(path.join(ROOT, "sample-app", "dist", "openapi.json"), "utf8"));
    const { $ref: _, ...invoice } = { ...spec.components.schemas.Invoice };
    const fastify = require("fastify")({ logger: false });
    const operation = spec.paths["/invoices/"].post;
    fastify.post(
      "/invoices/",
      {
        schema: {
          body: invoice,
          querystring: { type: "object", properties: { callback_url: operation.parameters[0].schema } },
          response: { 200: operation.responses["200"].content["application/json"].schema },
        },
      },
      async () => ({ msg: "Invoice received" }),
    );
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    return fastify.server.address().port;
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const text = JSON.stringify({ msg: "Invoice received" });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function start(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["serve", kind], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (port) => resolve({ child, port: port as number }));
    child.once("exit", (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
}

async function load(port: number, seconds: number): Promise<{ rps: number; errors: number; non2xx: number }> {
  const autocannon = require("autocannon");
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/invoices/`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: BODY,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return { rps: result.requests.average, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

async function main(): Promise<void> {
  const figures: Record<Kind, number[]> = { floor: [], fastify: [], callspec: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of KINDS) {
      const { child, port } = await start(kind);
      try {
        await load(port, 1); // warm-up: JIT, connections
        const { rps, errors, non2xx } = await load(port, SECONDS);
        if (errors > 0 || non2xx > 0) throw new Error(`${kind}: ${errors} errors, ${non2xx} non-2xx answers: the benchmark is not measuring valid requests`);
        figures[kind].push(rps);
        console.log(`round ${round} ${kind.padEnd(8)} ${Math.round(rps)} req/s`);
      } finally {
        child.kill();
      }
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [floor, fastify, callspec] = KINDS.map((kind) => median(figures[kind]));
  console.log(`\nPOST /invoices/ (valid body), ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds, medians:`);
  console.log(`| server | req/s | vs Fastify |\n|---|---|---|`);
  for (const [name, value] of [["node:http floor (JSON.parse + JSON.stringify)", floor], ["Fastify 5 (JSON Schema validation)", fastify], ["Callspec (sample app)", callspec]] as const) {
    console.log(`| ${name} | ${Math.round(value!)} | ${(value! / fastify!).toFixed(2)}x |`);
  }
}

if (process.argv[2] === "serve") {
  serve(process.argv[3] as Kind).then((port) => process.send!(port));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
