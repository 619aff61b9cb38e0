/**
 * One TypeScript for all of Callspec. typescript-json-schema depends on
 * TypeScript ~5.9, so next to TypeScript 6 npm gives it a nested copy of its
 * own, and the running compiler's types then mean something else to it (TS 6
 * renumbered `TypeFlags`). Putting our `typescript` in require's cache under
 * the copy's file name makes it load the one the program was built with.
 * Imported for its effect, before typescript-json-schema is first loaded.
 */
import ts from "typescript";
import path from "node:path";
import { isLibrarySymbol } from "./schema/types";

const generatorDir = path.dirname(require.resolve("typescript-json-schema/package.json"));
const theirs = require.resolve("typescript", { paths: [generatorDir] });
const ours = require.resolve("typescript");
if (theirs !== ours && !require.cache[theirs]) require.cache[theirs] = require.cache[ours];

/**
 * typescript-json-schema skips the JSDoc of the standard library by the
 * `no-default-lib` directive, which TS 6's lib files no longer carry: also
 * count every file in the compiler's own lib folder, or `String`'s JSDoc would
 * become the description of every branded string.
 */
// A require, not an import: imports would run before the cache is seeded above.
const { JsonSchemaGenerator } = require("typescript-json-schema") as { JsonSchemaGenerator: { prototype: { isFromDefaultLib(symbol: ts.Symbol): boolean } } };
JsonSchemaGenerator.prototype.isFromDefaultLib = isLibrarySymbol;
