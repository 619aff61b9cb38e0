/**
 * typescript-json-schema, loaded on first use, on the TypeScript Callspec
 * runs on. The shapes (schema/) render every type the tests and the sample
 * app have: a usual program never needs it, and loading it (with `glob`)
 * cost every build and CLI run about 11 ms.
 *
 * One TypeScript for all of Callspec. typescript-json-schema depends on
 * TypeScript ~5.9, so next to TypeScript 6 npm gives it a nested copy of its
 * own, and the running compiler's types then mean something else to it (TS 6
 * renumbered `TypeFlags`). Our `typescript` is also, under tspc, the
 * compiler running the build rather than the file on disk
 * (share-compiler.ts). While it loads, require's cache gives our instance
 * under both file names, and a copy that something else loaded before is
 * set aside: this one is ours alone.
 */
import ts from "typescript";
import path from "node:path";
import type * as TJS from "typescript-json-schema";
import { withTypeScript } from "./share-compiler";

let loaded: typeof TJS | undefined;

export function typescriptJsonSchema(): typeof TJS {
  return (loaded ??= loadOnOurTypeScript());
}

function loadOnOurTypeScript(): typeof TJS {
  const main = require.resolve("typescript-json-schema");
  const generatorDir = path.dirname(require.resolve("typescript-json-schema/package.json"));
  const typescriptFiles = [...new Set([require.resolve("typescript"), require.resolve("typescript", { paths: [generatorDir] })])];
  const other = require.cache[main];
  delete require.cache[main];
  try {
    return withTypeScript(ts, typescriptFiles, () => require(main) as typeof TJS);
  } finally {
    if (other) require.cache[main] = other;
    else delete require.cache[main];
  }
}
