/**
 * What the keywords of a JSON Schema hold, for the walks over schemas on
 * both sides: the transformer's normalize (transformer/schema/normalize.ts)
 * and the runtime's anchoring of references (validation.ts).
 */

/** Keywords whose values are data, not schemas: a `$ref` key in them is not a reference. */
export const DATA_KEYWORDS: ReadonlySet<string> = new Set(["const", "enum", "default", "examples", "example"]);

/** Keywords whose values map names to schemas: the names are not keywords. */
export const SCHEMA_MAPS: ReadonlySet<string> = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** An object that may be a schema (not an array, not null). */
export function isSchemaObject(value: unknown): value is { [keyword: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
