/**
 * `npm run bench:core`: the core alone, `generateSpecs` on a type-checked
 * Program of a synthetic app, in one process over fresh Programs (medians).
 * What the plugin adds to a build, minus ts-patch, emit and the disk: the
 * figure to watch while working on bind.ts and schema/.
 *
 *   node dist/bench/core.js [--size L] [--runs 7]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ts from "typescript";
import { generateSpecs } from "../transformer/core";
import { asTscParses } from "../transformer/project";
import { canonicalJson } from "../transformer/write";
import { SIZES, writeSyntheticApp, type Size } from "./synthetic-app";

const ROOT = path.resolve(__dirname, "..", "..");
const { values } = parseArgs({ options: { size: { type: "string", default: "L" }, runs: { type: "string", default: "7" } } });
const size = values.size as Size;
const runs = Number(values.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "callspec-core-"));
try {
  writeSyntheticApp(dir, SIZES[size], path.join(ROOT, "node_modules"));
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const core: number[] = [];
  const check: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Parsed as tspc and the CLI parse (JSDoc read when Callspec reads it), so the path measured is theirs.
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host: asTscParses(ts.createCompilerHost(config.options)) });
    let started = process.hrtime.bigint();
    program.getSemanticDiagnostics();
    check.push(Number(process.hrtime.bigint() - started) / 1e6);
    started = process.hrtime.bigint();
    const result = generateSpecs(program);
    for (const spec of result.specs) canonicalJson(spec.document);
    core.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.diagnostics.length > 0) throw new Error(`the synthetic app has ${result.diagnostics.length} Callspec diagnostics`);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
  console.log(`${size}: type check ${median(check).toFixed(0)} ms, core (generateSpecs + canonical text) ${median(core).toFixed(0)} ms, ratio ${(median(core) / median(check)).toFixed(2)}; medians of ${runs}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
