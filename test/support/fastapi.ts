import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { compileWithPlugin, formatDiagnostics, ROOT, sourcesIn } from "./compile";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const SAMPLE = path.join(ROOT, "sample-app");

/** FastAPI's own output, vendored from the team's shared/reference folder (see test/reference/README.md). */
export function fastapiReference(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "test", "reference", name), "utf8"));
}

/** A document of the sample app, compiled in memory through the plugin. */
export function sampleDocument(specFile: string): Json {
  // app.ts and webhooks.ts are the apps; main.ts (npm start) only serves one.
  const compiled = compileWithPlugin(sourcesIn(SAMPLE).filter((file) => path.basename(file) !== "main.ts"));
  try {
    assert.is(formatDiagnostics([...compiled.typeErrors, ...compiled.diagnostics], SAMPLE), "");
    return JSON.parse(compiled.readSpec(specFile)!);
  } finally {
    compiled.cleanup();
  }
}

/** Every schema object in a document, with the key it hangs from ("properties-value" for a property's). */
export function* schemasIn(value: Json, key = ""): Generator<[string, Json]> {
  if (Array.isArray(value)) for (const item of value) yield* schemasIn(item, key);
  else if (value && typeof value === "object") {
    if (key === "schema" || key === "properties-value") yield [key, value];
    for (const [k, v] of Object.entries(value)) {
      if (k === "properties") for (const p of Object.values(v as object)) yield* schemasIn(p, "properties-value");
      else yield* schemasIn(v, k);
    }
  }
}

/**
 * Applies each named difference to FastAPI's document and requires the rest
 * to equal ours; then requires every difference to be a real one.
 */
export function assertFastapiEquivalent(ours: Json, reference: () => Json, differences: Record<string, (doc: Json) => void>): void {
  const expected = reference();
  for (const apply of Object.values(differences)) apply(expected);
  assert.equal(ours, expected);
  for (const [name, apply] of Object.entries(differences)) {
    const without = reference();
    for (const other of Object.values(differences)) if (other !== apply) other(without);
    assert.not.equal(ours, without, `"${name}" is needed`);
  }
}
