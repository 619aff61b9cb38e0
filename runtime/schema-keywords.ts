/**
 * What the keywords of a JSON Schema hold, for the walks over schemas on
 * both sides: the transformer's normalize (transformer/schema/normalize.ts)
 * and its check of request bodies for refused keys (not-json.ts), and the
 * runtime's anchoring of references (validation.ts).
 */

/**
 * Keywords whose values are not schemas, taken as they are: data (a `$ref`
 * key in them is not a reference), and a discriminator (its mapping's
 * references are strings under the user's tag values, "__proto__" included).
 */
export const DATA_KEYWORDS: ReadonlySet<string> = new Set(["const", "enum", "default", "examples", "example", "discriminator"]);

/** Keywords whose values map names to schemas: the names are not keywords. */
export const SCHEMA_MAPS: ReadonlySet<string> = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** Keywords whose values are lists of alternatives or parts, each a schema. */
export const COMBINATORS: readonly string[] = ["anyOf", "oneOf", "allOf"];

/** An object that may be a schema (not an array, not null). */
export function isSchemaObject(value: unknown): value is { [keyword: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
