/**
 * typescript-json-schema renders what none of Callspec's shapes claims. It
 * is loaded only when a type first needs it (the shapes render every type a
 * usual app has, and loading it costs a build about 10 ms), and then on the
 * TypeScript Callspec runs on, whichever copy npm gave typescript-json-schema.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import path from "node:path";
import { execFileSync } from "node:child_process";
import ts from "typescript";
import { typescriptJsonSchema } from "../transformer/single-typescript";
import { ROOT } from "./support/compile";
import { requireWithCompiler } from "../transformer/share-compiler";

test("deriving the sample app's document does not load typescript-json-schema", () => {
  // A process of its own: test files share one, and this asks what a build loads.
  const script = `
    const ts = require("typescript");
    const { generateSpecs } = require(${JSON.stringify(path.join(ROOT, "dist", "transformer", "core.js"))});
    const config = ts.getParsedCommandLineOfConfigFile(${JSON.stringify(path.join(ROOT, "sample-app", "tsconfig.json"))}, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
    const result = generateSpecs(ts.createProgram(config.fileNames, config.options));
    const paths = Object.keys(result.specs[0].document.paths).length;
    console.log(JSON.stringify({ paths, loaded: Object.keys(require.cache).some((file) => file.includes("typescript-json-schema")) }));`;
  const answer = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
  assert.ok(answer.paths > 0, "the document was derived");
  assert.is(answer.loaded, false);
});

test("under tspc it loads on the compiler running the build, not typescript.js from disk, and leaves require's cache as it was", () => {
  // What tspc does (share-compiler.ts): the plugin's modules get the running compiler, here a stand-in for it.
  const running = { ...ts };
  for (const file of Object.keys(require.cache)) if (file.includes("typescript-json-schema") || file.endsWith("single-typescript.js")) delete require.cache[file];
  const loader = requireWithCompiler<typeof import("../transformer/single-typescript")>(path.join(ROOT, "dist", "transformer", "single-typescript.js"), running);
  const typescriptPath = require.resolve("typescript");
  const before = require.cache[typescriptPath];
  const library = loader.typescriptJsonSchema();
  assert.is(require.cache[typescriptPath], before);
  assert.is(loader.typescriptJsonSchema(), library, "loaded once");
  const theirs = require.cache[require.resolve("typescript-json-schema")]!.children.find((child) => /[\\/]typescript\.js$/.test(child.id));
  assert.is(theirs?.exports, running, "typescript-json-schema got the running compiler");
});

test("once loaded, it derives schemas on our TypeScript's checker", () => {
  const library = typescriptJsonSchema();

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
