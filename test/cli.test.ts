/**
 * The `callspec` command, run as users run it (the package's `bin`, in a
 * project folder): `generate` writes what the plugin writes, `check` guards
 * the committed spec, `diff` classifies changes and answers with its exit
 * code; every command has --help, and a wrong file is named.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "./support/compile";
import { linkedProject, readmeTsconfig, temporaryProject } from "./support/project";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const BIN = path.join(ROOT, pkg.bin.callspec);
const TSPC = path.join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const CASES = path.join(ROOT, "test", "diff-cases");
const tsconfig = readmeTsconfig(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

const APP = `import { App, APIRouter } from "callspec";

export interface Order { id: string; quantity: number }
export interface Shipped { order_id: string }

export const hooks = new APIRouter();
hooks.post("{$request.query.notify}", function order_shipped(event: Shipped): void {});

export const app = new App({ title: "Orders", version: "1.0.0" });

/** Place an order. */
app.post("/orders", { callbacks: hooks.routes }, function place_order(order: Order, notify: string): Order {
  return order;
});
`;

function project(files: Record<string, string> = {}) {
  const p = linkedProject({ "tsconfig.json": tsconfig, "src/app.ts": APP, ...files });
  return { ...p, callspec: (...args: string[]) => p.run(process.execPath, [BIN, ...args]) };
}

/** Runs the binary from the repository root, with `input` on standard input. */
function callspec(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", input, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("--help: the commands, and each command's options", () => {
  const main = callspec(["--help"]);
  assert.is(main.status, 0);
  for (const command of ["generate", "check", "diff"]) assert.match(main.stdout, new RegExp(`^  ${command} `, "m"));
  const options: Record<string, string[]> = { generate: ["--project", "--output"], check: ["--project", "--spec"], diff: ["--format", "--fail-on"] };
  for (const [command, flags] of Object.entries(options)) {
    const help = callspec([command, "--help"]);
    assert.is(help.status, 0, help.stderr);
    assert.ok(help.stdout.startsWith(`Usage: callspec ${command} `), help.stdout);
    for (const flag of flags) assert.ok(help.stdout.includes(flag), `${command} --help mentions ${flag}`);
  }
});

test("an unknown command or option is wrong usage: exit 2 and a pointer to --help", () => {
  const unknown = callspec(["publish"]);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "publish"/);
  const option = callspec(["diff", "--colour", "a.json", "b.json"]);
  assert.is(option.status, 2);
  assert.match(option.stderr, /^callspec diff: Unknown option '--colour'.* See --help\.$/m);
});

test("generate writes, byte for byte, the openapi.json the plugin writes under tspc", () => {
  const p = project();
  try {
    const build = p.run(process.execPath, [TSPC, "-p", "tsconfig.json"]);
    assert.is(build.status, 0, build.output);
    const fromPlugin = p.read("dist/openapi.json");
    fs.rmSync(p.file("dist"), { recursive: true });
    const run = p.callspec("generate");
    assert.is(run.status, 0, run.output);
    assert.is(run.output, "wrote dist/openapi.json\n");
    assert.is(p.read("dist/openapi.json"), fromPlugin);
    assert.is(JSON.parse(fromPlugin).paths["/orders"].post.description, "Place an order.", "JSDoc is parsed");
    assert.not.ok(p.exists("dist/app.js"), "generate emits no JavaScript");
  } finally {
    p.remove();
  }
});

test("generate puts the spec where -o says, else where the plugin's `output` option says", () => {
  const p = project({ "tsconfig.json": tsconfig.replace(`"transform": "callspec/transformer"`, `"transform": "callspec/transformer", "output": "openapi.json"`) });
  try {
    assert.is(p.callspec("generate").status, 0);
    assert.ok(p.exists("openapi.json"), "the plugin option, relative to the tsconfig");
    const run = p.callspec("generate", "-p", "tsconfig.json", "-o", "spec/api.json");
    assert.is(run.status, 0, run.output);
    assert.is(p.read("spec/api.json"), p.read("openapi.json"));
  } finally {
    p.remove();
  }
});

test("generate on a route mistake prints it as tsc does, exits 1 and writes nothing", () => {
  const p = project({ "src/app.ts": APP.replace(`"/orders"`, `"/orders/{order_id}"`) });
  try {
    const run = p.callspec("generate");
    assert.is(run.status, 1);
    assert.match(run.output, /^src\/app\.ts\(\d+,\d+\): error TS91005: The path "\/orders\/\{order_id\}" has the parameter \{order_id\}/m);
    assert.not.ok(p.exists("dist"));
  } finally {
    p.remove();
  }
});

test("generate on a TypeScript error reports it too: a spec of a program with errors may be wrong", () => {
  const p = project({ "src/app.ts": APP.replace("return order;", "return order.id;") });
  try {
    const run = p.callspec("generate");
    assert.is(run.status, 1);
    assert.match(run.output, /^src\/app\.ts\(\d+,\d+\): error TS2322: /m);
    assert.match(run.output, /TypeScript reports 1 error in tsconfig\.json/);
    assert.not.ok(p.exists("dist"));
  } finally {
    p.remove();
  }
});

test("generate -p with a project that is not there names it: exit 2", () => {
  const p = project();
  try {
    const run = p.callspec("generate", "-p", "config/tsconfig.app.json");
    assert.is(run.status, 2);
    assert.match(run.output, /Cannot find the project config\/tsconfig\.app\.json/);
  } finally {
    p.remove();
  }
});

test("generate -o pointing at a folder, check --spec pointing at a folder: one line naming it, exit 2, no stack", () => {
  const p = project();
  try {
    fs.mkdirSync(p.file("specs"));
    for (const run of [p.callspec("generate", "-o", "specs"), p.callspec("check", "--spec", "specs")]) {
      assert.is(run.status, 2, run.output);
      assert.match(run.output, /^callspec (generate|check): cannot use \S*specs: EISDIR/m);
      assert.not.match(run.output, /\n\s+at /, "no stack trace");
    }
  } finally {
    p.remove();
  }
});

test("check: one line when the committed spec is current; a unified diff and exit 1 when the code changed", () => {
  const p = project();
  try {
    assert.is(p.callspec("generate").status, 0);
    const current = p.callspec("check");
    assert.is(current.status, 0, current.output);
    assert.is(current.output, "dist/openapi.json is up to date.\n");

    p.write("src/app.ts", APP.replace("quantity: number", "quantity: number; note?: string"));
    const stale = p.callspec("check");
    assert.is(stale.status, 1);
    assert.match(stale.output, /^--- dist\/openapi\.json\n\+\+\+ dist\/openapi\.json \(from the code\)\n@@ /m);
    assert.match(stale.output, /^\+ +"note": \{$/m);
    assert.match(stale.output, /dist\/openapi\.json is stale: .* Run `callspec generate` and commit it\./);
    assert.is(p.read("dist/openapi.json").includes("note"), false, "check writes nothing");
  } finally {
    p.remove();
  }
});

test("check --spec names a committed spec that is not there: exit 1", () => {
  const p = project();
  try {
    const run = p.callspec("check", "--spec", "openapi.json");
    assert.is(run.status, 1);
    assert.is(run.output, "openapi.json does not exist: run `callspec generate` and commit it.\n");
  } finally {
    p.remove();
  }
});

test("the sample app: generate gives what tspc wrote to sample-app/dist/openapi.json", () => {
  const p = temporaryProject({});
  try {
    const run = callspec(["generate", "-p", "sample-app", "-o", p.file("openapi.json")]);
    assert.is(run.status, 0, run.stderr);
    assert.is(p.read("openapi.json"), fs.readFileSync(path.join(ROOT, "sample-app", "dist", "openapi.json"), "utf8"));
  } finally {
    p.remove();
  }
});

const caseFile = (name: string, file: string) => path.relative(ROOT, path.join(CASES, name, file));

test("diff: exit 1 on breaking changes by default; --fail-on any|none moves the line", () => {
  const breaking = ["diff", caseFile("shared-component", "base.json"), caseFile("shared-component", "head.json")];
  const harmless = ["diff", caseFile("documentation-only", "base.json"), caseFile("documentation-only", "head.json")];
  assert.is(callspec(breaking).status, 1);
  assert.is(callspec([...breaking, "--fail-on", "none"]).status, 0);
  assert.is(callspec(harmless).status, 0);
  assert.is(callspec([...harmless, "--fail-on", "any"]).status, 1);
  const same = caseFile("no-changes", "base.json");
  assert.is(callspec(["diff", same, same, "--fail-on", "any"]).status, 0);
});

test("diff prints the report in the format asked for (the golden reports)", () => {
  for (const [format, file] of [["text", "report.txt"], ["markdown", "report.md"], ["json", "report.json"]]) {
    const run = callspec(["diff", caseFile("shared-component", "base.json"), caseFile("shared-component", "head.json"), "--format", format!, "--fail-on", "none"]);
    assert.is(run.status, 0, run.stderr);
    assert.is(run.stdout, fs.readFileSync(path.join(CASES, "shared-component", file!), "utf8"));
  }
});

test("diff reads - from standard input (git show main:openapi.json | callspec diff - openapi.json)", () => {
  const base = fs.readFileSync(path.join(CASES, "component-renamed", "base.json"), "utf8");
  const run = callspec(["diff", "-", caseFile("component-renamed", "head.json")], base);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, fs.readFileSync(path.join(CASES, "component-renamed", "report.txt"), "utf8"));
});

test("diff names the file that is missing, not JSON, or not OpenAPI: exit 2", () => {
  const p = temporaryProject({ "broken.json": '{ "openapi": "3.1.0", ', "swagger.json": '{ "swagger": "2.0" }', "ok.json": fs.readFileSync(path.join(CASES, "no-changes", "base.json"), "utf8") });
  try {
    const diff = (a: string, b: string) => p.run(process.execPath, [BIN, "diff", a, b]);
    const missing = diff("ok.json", "gone.json");
    assert.is(missing.status, 2);
    assert.is(missing.output, "callspec diff: gone.json: no such file.\n");
    const broken = diff("broken.json", "ok.json");
    assert.is(broken.status, 2);
    assert.match(broken.output, /^callspec diff: broken\.json is not valid JSON: /);
    const swagger = diff("ok.json", "swagger.json");
    assert.is(swagger.status, 2);
    assert.is(swagger.output, `callspec diff: swagger.json is not an OpenAPI 3 document (it has no "openapi": "3.x" field).\n`);
    const one = diff("ok.json", "--format=text");
    assert.is(one.status, 2);
    assert.match(one.output, /expected two files, <base\.json> <head\.json>, got 1/);
  } finally {
    p.remove();
  }
});

// The pull-request workflow README shows (docs/openapi-pull-request.yml), held to what the command does.
const WORKFLOW = fs.readFileSync(path.join(ROOT, "docs", "openapi-pull-request.yml"), "utf8");

test("README shows the example workflow file as it is", () => {
  const shown = /<!-- workflow -->\s*```yaml\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  assert.ok(shown, "README has the workflow after <!-- workflow -->");
  assert.is(shown![1], WORKFLOW);
});

test("the workflow's diff step: a markdown comment, exit 1 on breaking changes only; its empty base is a valid document", () => {
  const step = /npx callspec diff "\$RUNNER_TEMP\/base\.json" openapi\.json (.+?) >/.exec(WORKFLOW);
  assert.ok(step, "the workflow runs callspec diff");
  const flags = step![1]!.split(" ");
  assert.equal(flags, ["--format", "markdown", "--fail-on", "breaking"]);
  const breaking = callspec(["diff", caseFile("shared-component", "base.json"), caseFile("shared-component", "head.json"), ...flags]);
  assert.is(breaking.status, 1);
  assert.ok(breaking.stdout.startsWith("<!-- callspec diff -->\n### API changes: 3 breaking, 1 non-breaking\n"), breaking.stdout);
  const emptyBase = /echo '(\{"openapi".*?\})'/.exec(WORKFLOW)![1]!;
  const first = callspec(["diff", "-", caseFile("shared-component", "head.json"), ...flags], emptyBase);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /^### API changes: 0 breaking, 4 non-breaking$/m);
  assert.is(callspec(["check", "--help"]).status, 0, "the workflow's check step exists");
});

test.run();
