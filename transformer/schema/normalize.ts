import { compareText } from "../by-key";
import { DATA_KEYWORDS, isSchemaObject, SCHEMA_MAPS } from "../../runtime/schema-keywords";

export type JsonSchema = { [keyword: string]: unknown };

const DEFINITIONS = "#/definitions/";
export const COMPONENTS = "#/components/schemas/";

/**
 * Puts a schema in the shape we publish: typescript-json-schema's `$ref`s
 * pointed into components, `type: [T, "null"]` written as FastAPI/pydantic
 * write it (`anyOf` with `{type: "null"}`), no draft-07 leftovers, and
 * keywords in one order whatever built the schema.
 */
export function normalize(schema: JsonSchema, refs?: JsonSchema[]): JsonSchema {
  const result = normalized(schema, refs);
  // Every object that holds a reference as it will be published (a `$ref`, a discriminator's `mapping`):
  // `publish` renames in these, and walks nothing else.
  if (refs && typeof result.$ref === "string") refs.push(result);
  const mapping = (result.discriminator as { mapping?: unknown } | undefined)?.mapping;
  if (refs && isSchemaObject(mapping)) refs.push(mapping), MAPPINGS.add(mapping);
  return result;
}

/** The discriminator mappings among the objects `normalize` collects: every value of one is a reference. */
const MAPPINGS = new WeakSet<JsonSchema>();

/** The keys of a collected object that hold references: a mapping's every key, else `$ref` alone (not a `description`). */
export function referenceKeys(holder: JsonSchema): readonly string[] {
  return MAPPINGS.has(holder) ? Object.keys(holder) : REF_KEY;
}

const REF_KEY: readonly string[] = Object.freeze(["$ref"]);

function normalized(schema: JsonSchema, refs: JsonSchema[] | undefined): JsonSchema {
  const result: JsonSchema = {};
  // for…in, not Object.entries: this runs on every schema object, and the pairs were most of its garbage.
  for (const key in schema) {
    if (!Object.hasOwn(schema, key)) continue;
    const value = schema[key];
    if (key === "$ref" && typeof value === "string" && value.startsWith(DEFINITIONS)) {
      result.$ref = COMPONENTS + decodeURIComponent(value.slice(DEFINITIONS.length));
    } else if (key === "$schema" || key === "definitions") {
      continue;
    } else if (DATA_KEYWORDS.has(key)) {
      result[key] = value;
    } else if (Array.isArray(value)) {
      result[key] = value.map((item) => (isSchemaObject(item) ? normalize(item, refs) : item));
    } else if (isSchemaObject(value)) {
      result[key] = SCHEMA_MAPS.has(key) ? mapValues(value, refs) : normalize(value, refs);
    } else {
      result[key] = value;
    }
  }
  const required = result.required;
  if (Array.isArray(required) && isSchemaObject(result.properties) && !listedInOrder(required, result.properties)) {
    // Declaration order, as the properties are listed, not the generator's alphabetical order.
    const order = Object.keys(result.properties);
    result.required = [...required].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  const type = result.type;
  if (Array.isArray(type) && type.includes("null") && type.length > 1) {
    const { type: _, ...rest } = result;
    if (Object.keys(rest).every((k) => ANNOTATIONS.has(k))) {
      const others = type.filter((t) => t !== "null");
      return inKeywordOrder({ anyOf: [...others.map((t) => ({ type: t })), { type: "null" }], ...rest });
    }
  }
  return inKeywordOrder(result);
}

/** Whether `names` come in the order `properties` lists them (as our own objects build them). */
function listedInOrder(names: unknown[], properties: JsonSchema): boolean {
  let next = 0;
  for (const key in properties) if (Object.hasOwn(properties, key) && key === names[next]) next++;
  return next === names.length;
}

/** The order keywords are written in, so that a schema reads the same whatever built it. */
const KEYWORD_ORDER = [
  "$ref", "title", "description", "deprecated", "type", "format", "const", "enum",
  "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "pattern", "prefixItems", "items", "minItems", "maxItems", "uniqueItems",
  "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
  "anyOf", "oneOf", "allOf", "not", "discriminator", "default", "examples",
];
const KEYWORD_RANK = new Map(KEYWORD_ORDER.map((keyword, index) => [keyword, index]));

function inKeywordOrder(schema: JsonSchema): JsonSchema {
  // Most schemas are built in order already: copying them would only make garbage.
  let previous: string | undefined;
  let ordered = true;
  for (const key in schema) {
    if (!Object.hasOwn(schema, key)) continue;
    if (previous !== undefined && byRank(previous, key) > 0) {
      ordered = false;
      break;
    }
    previous = key;
  }
  if (ordered) return schema;
  return Object.fromEntries(Object.keys(schema).sort(byRank).map((key) => [key, schema[key]]));
}

function byRank(a: string, b: string): number {
  return rank(a) - rank(b) || compareText(a, b);
}

function rank(key: string): number {
  return KEYWORD_RANK.get(key) ?? KEYWORD_ORDER.length;
}

const ANNOTATIONS = new Set(["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"]);

/** Whether an object has no keys (without listing them). */
export function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

/** `properties` and the like: each value normalized, keys as they were. */
function mapValues(object: JsonSchema, refs: JsonSchema[] | undefined): JsonSchema {
  const result: JsonSchema = {};
  for (const key in object) {
    // Own keys only, as Object.entries gave: `properties["__proto__"] = …` sets a prototype, whose keys for…in would list.
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    result[key] = isSchemaObject(value) ? normalize(value, refs) : value;
  }
  return result;
}
