/**
 * How a user meets Callspec: the packed tarball installed into a fresh
 * project next to typescript and ts-patch, the README's tsconfig snippet,
 * `tspc`, and the route in openapi.json.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/compile";
import { readmeTsconfig, temporaryProject } from "./support/project";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

test("npm pack, install into a fresh project, tspc, and the route is in openapi.json", () => {
  const p = temporaryProject(
    {
      "package.json": JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
      "tsconfig.json": readmeTsconfig(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")),
      "src/app.ts": `import { App, APIRouter, type HttpUrl } from "callspec";
export interface Ping { at: string }
export const hooks = new APIRouter();
hooks.post("{$request.query.url}", function pinged(ping: Ping): void {});
export const app = new App();
app.get("/ping", { callbacks: hooks.routes }, function ping(url?: HttpUrl): Ping {
  return { at: new Date().toISOString() };
});
`,
    },
    "callspec-consumer-",
  );
  try {
    // --ignore-scripts: dist/ is already built by `npm test`; prepack would rebuild it.
    const pack = p.run(NPM, ["pack", ROOT, "--ignore-scripts", "--pack-destination", p.dir, "--silent"]);
    assert.is(pack.status, 0, pack.output);
    const tarball = `callspec-${pkg.version}.tgz`;
    assert.ok(p.exists(tarball), pack.output);
    const versions = [`typescript@${pkg.devDependencies.typescript}`, `ts-patch@${pkg.devDependencies["ts-patch"]}`];
    const install = p.run(NPM, ["install", `./${tarball}`, ...versions, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], 300_000);
    assert.is(install.status, 0, install.output);
    const build = p.run(process.execPath, [path.join(p.dir, "node_modules", "ts-patch", "bin", "tspc.js"), "-p", "tsconfig.json"]);
    assert.is(build.status, 0, build.output);
    const spec = JSON.parse(p.read("dist/openapi.json"));
    assert.equal(spec.info, { title: "consumer", version: "1.0.0" });
    assert.is(spec.paths["/ping"].get.operationId, "ping");
    assert.ok(spec.paths["/ping"].get.callbacks.pinged["{$request.query.url}"].post);
    assert.ok(p.exists("dist/app.js"));
  } finally {
    p.remove();
  }
});

test.run();
