/**
 * typescript-json-schema renders what none of Callspec's shapes claims (no
 * type of the tests or the sample app). It is loaded only when a type first
 * needs it, and then on the TypeScript Callspec runs on: under tspc, the
 * compiler running the build; beside TypeScript 6, not its own nested copy
 * (compat.test.ts checks that one).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import path from "node:path";
import { execFileSync } from "node:child_process";
import ts from "typescript";
import { ROOT } from "./support/compile";
import { requireWithCompiler } from "../transformer/share-compiler";

const LOADER = path.join(ROOT, "dist", "transformer", "single-typescript.js");
const GENERATOR = require.resolve("typescript-json-schema");
const TYPESCRIPT = require.resolve("typescript");

type Loader = typeof import("../transformer/single-typescript");

/** A fresh loader under tspc's swap (share-compiler.ts), with `running` as the compiler; require's cache is restored afterwards. */
function loadUnderTspc(running: object): { loader: Loader; typescriptOf: (library: object) => unknown } {
  const saved = [LOADER, GENERATOR].map((file) => [file, require.cache[file]] as const);
  for (const [file] of saved) delete require.cache[file];
  try {
    const loader = requireWithCompiler<Loader>(LOADER, running);
    const module = require.cache[LOADER]!;
    // The `typescript` a typescript-json-schema this loader loaded required (its module is the loader's child).
    const typescriptOf = (library: object) =>
      module.children.find((child) => child.exports === library)?.children.find((child) => /[\\/]typescript\.js$/.test(child.id))?.exports;
    return { loader, typescriptOf };
  } finally {
    for (const [file, module] of saved) {
      if (module) require.cache[file] = module;
      else delete require.cache[file];
    }
  }
}

test("a build or a CLI run that needs no fallback does not load typescript-json-schema", () => {
  // A process of its own: test files share one. The plugin's and the CLI's modules are loaded; the sample app is derived.
  const dist = path.join(ROOT, "dist", "transformer");
  const script = `
    const ts = require("typescript");
    for (const entry of ["index.js", "plugin.js", "project.js"]) require(${JSON.stringify(dist)} + "/" + entry);
    const { generateSpecs } = require(${JSON.stringify(path.join(dist, "core.js"))});
    const config = ts.getParsedCommandLineOfConfigFile(${JSON.stringify(path.join(ROOT, "sample-app", "tsconfig.json"))}, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
    const result = generateSpecs(ts.createProgram(config.fileNames, config.options));
    console.log(JSON.stringify({ paths: Object.keys(result.specs[0].document.paths).length, loaded: Object.keys(require.cache).some((file) => file.includes("typescript-json-schema")) }));`;
  const answer = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
  assert.ok(answer.paths > 0, "the document was derived");
  assert.is(answer.loaded, false);
});

test("under tspc it loads on the compiler running the build, once, and leaves require's cache as it was", () => {
  const before = require.cache[TYPESCRIPT];
  const running = { ...ts }; // a stand-in for the instance ts-patch hands over
  const { loader, typescriptOf } = loadUnderTspc(running);
  const library = loader.typescriptJsonSchema();
  assert.ok(typescriptOf(library) === running, "typescript-json-schema got the running compiler");
  assert.ok(require.cache[TYPESCRIPT] === before, "the cache entry of typescript is as it was");
  assert.ok(loader.typescriptJsonSchema() === library, "loaded once");
});

test("a copy of typescript-json-schema loaded before, on another TypeScript, is left alone and not used", () => {
  const first = loadUnderTspc({ ...ts });
  const theirs = first.loader.typescriptJsonSchema();
  const running = { ...ts };
  const second = loadUnderTspc(running);
  require.cache[GENERATOR] = { exports: theirs } as NodeJS.Module; // what something else loaded, under require's cache
  try {
    const ours = second.loader.typescriptJsonSchema();
    assert.ok(ours !== theirs && second.typescriptOf(ours) === running, "ours is loaded on the running compiler");
    assert.ok(require.cache[GENERATOR]?.exports === theirs, "theirs is still what require gives");
  } finally {
    delete require.cache[GENERATOR];
  }
});

test("once loaded, it derives schemas on our TypeScript's checker", () => {
  const library = loadUnderTspc(ts).loader.typescriptJsonSchema();
  const file = ts.createSourceFile("/virtual/model.ts", "export interface Item { id: string; count?: number }", ts.ScriptTarget.ES2022, true);
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile;
  host.getSourceFile = (name, ...rest) => (name === file.fileName ? file : read(name, ...rest));
  const checker = ts.createProgram([file.fileName], { strict: true, types: [] }, host).getTypeChecker();
  const item = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation((file.statements[0] as ts.InterfaceDeclaration).name)!);
  const generator = new library.JsonSchemaGenerator([], { Item: item }, {}, {}, checker, { ...library.getDefaultArgs(), required: true });
  const schema = generator.getSchemaForSymbol("Item", false);
  assert.equal(schema.properties, { id: { type: "string" }, count: { type: "number" } });
  assert.equal(schema.required, ["id"]);
});

test.run();
