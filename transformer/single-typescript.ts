/**
 * typescript-json-schema, loaded on first use (most programs never need it:
 * the shapes render their every type), on the TypeScript Callspec runs on.
 * Loading it and its dependencies costs about 10 ms, which a build then
 * does not pay.
 *
 * One TypeScript for all of Callspec. typescript-json-schema depends on
 * TypeScript ~5.9, so next to TypeScript 6 npm gives it a nested copy of its
 * own, and the running compiler's types then mean something else to it (TS 6
 * renumbered `TypeFlags`). Our `typescript` is also, under tspc, the compiler
 * running the build rather than the file on disk (share-compiler.ts). While
 * it loads, require's cache gives that instance under both file names; the
 * cache is restored afterwards.
 */
import ts from "typescript";
import Module from "node:module";
import path from "node:path";
import { isLibrarySymbol } from "./schema/types";
import type * as TJS from "typescript-json-schema";

let loaded: typeof TJS | undefined;

export function typescriptJsonSchema(): typeof TJS {
  return (loaded ??= loadOnOurTypeScript());
}

function loadOnOurTypeScript(): typeof TJS {
  const generatorDir = path.dirname(require.resolve("typescript-json-schema/package.json"));
  const names = [...new Set([require.resolve("typescript"), require.resolve("typescript", { paths: [generatorDir] })])];
  const before = names.map((name) => require.cache[name]);
  const ours = new Module(names[0]!, module);
  ours.filename = names[0]!;
  ours.exports = ts;
  ours.loaded = true;
  for (const name of names) require.cache[name] = ours;
  let library: typeof TJS;
  try {
    library = require("typescript-json-schema") as typeof TJS;
  } finally {
    names.forEach((name, i) => {
      if (before[i]) require.cache[name] = before[i];
      else delete require.cache[name];
    });
  }
  // typescript-json-schema skips the JSDoc of the standard library by the `no-default-lib` directive, which TS 6's
  // lib files no longer carry: also count every file in the compiler's own lib folder, or `String`'s JSDoc would
  // become the description of every branded string.
  (library.JsonSchemaGenerator.prototype as unknown as { isFromDefaultLib(symbol: ts.Symbol): boolean }).isFromDefaultLib = isLibrarySymbol;
  return library;
}
