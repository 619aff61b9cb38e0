/**
 * Supported toolchains, each installed into a fresh project from the packed
 * tarball, building the same sample: the plugin under TypeScript 5.9 with
 * ts-patch 3 and under TypeScript 6.0 with ts-patch 4, and the CLI for a
 * project compiled by TypeScript 7 (the native compiler runs no plugins).
 * All three must write the same openapi.json. Installs use npm's cache first
 * (--prefer-offline); the first run downloads TypeScript 6 and 7 once.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./support/compile";
import { readmeTsconfig, temporaryProject } from "./support/project";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

// The sample app, plus a route whose types come from TypeScript's own lib
// (Date, Array, Promise): under TS 6 their JSDoc must not leak into the spec.
const LIB_TYPES_ROUTE = `import { APIRouter } from "callspec";
import { app } from "./app.js";

export interface Reminder {
  /** When to remind. */
  at: Date;
  tags: Array<string>;
}

export const reminders = new APIRouter();
reminders.put("/reminders/{id}", async function schedule_reminder(id: string, reminder: Reminder, until?: Date): Promise<Reminder> {
  return reminder;
});
app.include(reminders);
`;

const tarballDir = fs.mkdtempSync(path.join(os.tmpdir(), "callspec-tarball-"));
const specs = new Map<string, string>();

test.before(() => {
  // --ignore-scripts: dist/ is already built by `npm test`; prepack would rebuild it.
  const packer = temporaryProject({});
  try {
    const pack = packer.run(NPM, ["pack", ROOT, "--ignore-scripts", "--pack-destination", tarballDir, "--silent"]);
    assert.is(pack.status, 0, pack.output);
  } finally {
    packer.remove();
  }
});

test.after(() => fs.rmSync(tarballDir, { recursive: true, force: true }));

function sampleProject(packages: string[]) {
  const p = temporaryProject(
    {
      "package.json": JSON.stringify({ name: "invoices", version: "0.1.0", private: true }),
      "tsconfig.json": readmeTsconfig(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")),
      "src/app.ts": fs.readFileSync(path.join(ROOT, "sample-app", "app.ts"), "utf8"),
      "src/reminders.ts": LIB_TYPES_ROUTE,
    },
    "callspec-compat-",
  );
  const tarball = path.join(tarballDir, `callspec-${pkg.version}.tgz`);
  const install = p.run(NPM, ["install", tarball, ...packages, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], 300_000);
  assert.is(install.status, 0, install.output);
  return p;
}

const version = (p: { read(name: string): string }, name: string) => JSON.parse(p.read(`node_modules/${name}/package.json`)).version;

/** Builds the project with its own tspc and the plugin, and keeps the document under `label` for the comparison at the end. */
function buildWithPlugin(p: ReturnType<typeof sampleProject>, label: string): void {
  const build = p.run(process.execPath, [p.file("node_modules/ts-patch/bin/tspc.js"), "-p", "tsconfig.json"]);
  assert.is(build.status, 0, build.output);
  assert.ok(p.exists("dist/app.js") && p.exists("dist/reminders.js"));
  specs.set(label, p.read("dist/openapi.json"));
}

test("TypeScript 5.9 + ts-patch 3: tspc with the plugin writes dist/openapi.json", () => {
  const p = sampleProject(["typescript@5.9.3", "ts-patch@3.3.0"]);
  try {
    buildWithPlugin(p, "TypeScript 5.9 + ts-patch 3 (plugin)");
  } finally {
    p.remove();
  }
});

test("TypeScript 6.0 + ts-patch 4: tspc with the plugin writes dist/openapi.json", () => {
  const p = sampleProject(["typescript@6.0.3", "ts-patch@4.0.1"]);
  try {
    // typescript-json-schema brings its own TypeScript 5.9; Callspec makes it use the one running.
    assert.is(version(p, "typescript-json-schema/node_modules/typescript"), "5.9.3");
    buildWithPlugin(p, "TypeScript 6.0 + ts-patch 4 (plugin)");
    // No type of the sample needs it, so the build does not load it: load it as Callspec does, and ask which TypeScript it got.
    const loader = p.file("node_modules/callspec/dist/transformer/single-typescript.js");
    const script = `const library = require(${JSON.stringify(loader)}).typescriptJsonSchema();
      const generator = require.cache[${JSON.stringify(loader)}].children.find((child) => child.exports === library);
      console.log(generator.children.find((child) => /[\\\\/]typescript\\.js$/.test(child.id)).exports.version);`;
    const loaded = p.run(process.execPath, ["-e", script]);
    assert.is(loaded.output.split("\n")[0], "6.0.3", "typescript-json-schema runs on the project's TypeScript 6, not its own 5.9");
  } finally {
    p.remove();
  }
});

test("TypeScript 7: tsc builds the JS, `callspec generate` writes dist/openapi.json, `callspec check` agrees", () => {
  const p = sampleProject(["typescript@7.0.2"]);
  try {
    // TypeScript 7 has no JS API: npm gives Callspec a TypeScript of its own.
    assert.is(version(p, "typescript"), "7.0.2");
    assert.match(version(p, "callspec/node_modules/typescript"), /^6\.0\./);
    const build = p.run(p.file("node_modules/.bin/tsc"), ["-p", "tsconfig.json"]);
    assert.is(build.status, 0, build.output);
    assert.ok(p.exists("dist/app.js") && p.exists("dist/reminders.js"));
    assert.not.ok(p.exists("dist/openapi.json"), "TypeScript 7 runs no plugin");
    const generate = p.run(p.file("node_modules/.bin/callspec"), ["generate"]);
    assert.is(generate.status, 0, generate.output);
    const check = p.run(p.file("node_modules/.bin/callspec"), ["check"]);
    assert.is(check.output, "dist/openapi.json is up to date.\n");
    specs.set("TypeScript 7 (callspec generate)", p.read("dist/openapi.json"));
  } finally {
    p.remove();
  }
});

test("all three give the same openapi.json: the sample's, and no lib JSDoc in it", () => {
  const [first, ...others] = [...specs.entries()];
  assert.is(specs.size, 3, "every toolchain produced a spec");
  for (const [name, spec] of others) assert.fixture(spec, first![1], `${name} = ${first![0]}`);
  const spec = JSON.parse(first![1]);
  const sample = JSON.parse(fs.readFileSync(path.join(ROOT, "sample-app", "dist", "openapi.json"), "utf8"));
  assert.equal(spec.paths["/invoices/"], sample.paths["/invoices/"]);
  const until = spec.paths["/reminders/{id}"].put.parameters.find((p: { name: string }) => p.name === "until");
  assert.equal(until.schema, { type: "string", format: "date-time" }, "Date's own JSDoc is not a description");
});

test.run();
