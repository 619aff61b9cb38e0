/**
 * Query, path, header and cookie values arrive as text; their schema says what
 * they are. Coercion turns "42" into 42 and "true" into true where the schema
 * wants a number or a boolean, and repeated query keys into an array where it
 * wants an array. What cannot be read stays text, and validation then reports
 * it with the schema's own words.
 */
import type { JsonSchema } from "./compiled";
import { COMBINATORS } from "./schema-keywords";

export type Coerce = (values: readonly string[]) => unknown;

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The coercion for values of `schema` (`$ref`s resolved in `components`): the last value, or all of them for an array. */
export function coercionFor(schema: JsonSchema, components: Record<string, JsonSchema>): Coerce {
  const resolved = resolve(schema, components);
  if (kindsOf(resolved, components).array) {
    const items = resolve((resolved.items as JsonSchema | undefined) ?? {}, components);
    const item = scalarCoercion(items, components);
    return (values) => values.map(item);
  }
  const scalar = scalarCoercion(resolved, components);
  return (values) => scalar(values[values.length - 1]!);
}

function scalarCoercion(schema: JsonSchema, components: Record<string, JsonSchema>): (text: string) => unknown {
  const kinds = kindsOf(schema, components);
  if (kinds.anyString) return (text) => text;
  return (text) => {
    if (kinds.strings.has(text)) return text;
    if ((kinds.number || kinds.integer) && NUMBER.test(text)) return Number(text);
    if (kinds.boolean && TRUE.has(text.toLowerCase())) return true;
    if (kinds.boolean && FALSE.has(text.toLowerCase())) return false;
    return text;
  };
}

interface Kinds {
  /** Any string is acceptable: keep text as text (as pydantic does for `str | int`). */
  anyString: boolean;
  /** The string literals the schema accepts (enum, const). */
  strings: Set<string>;
  number: boolean;
  integer: boolean;
  boolean: boolean;
  array: boolean;
}

function kindsOf(schema: JsonSchema, components: Record<string, JsonSchema>, seen = new Set<JsonSchema>()): Kinds {
  const kinds: Kinds = { anyString: false, strings: new Set(), number: false, integer: false, boolean: false, array: false };
  const visit = (s: JsonSchema) => {
    const resolved = resolve(s, components);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    const literals = [...(Array.isArray(resolved.enum) ? resolved.enum : []), ...("const" in resolved ? [resolved.const] : [])];
    for (const literal of literals) {
      if (typeof literal === "string") kinds.strings.add(literal);
      else if (typeof literal === "number") kinds.number = true;
      else if (typeof literal === "boolean") kinds.boolean = true;
    }
    const types = Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : [];
    for (const type of types) {
      if (type === "string" && literals.length === 0) kinds.anyString = true;
      if (type === "number") kinds.number = true;
      if (type === "integer") kinds.integer = true;
      if (type === "boolean") kinds.boolean = true;
      if (type === "array") kinds.array = true;
    }
    for (const key of COMBINATORS) {
      if (Array.isArray(resolved[key])) for (const branch of resolved[key] as JsonSchema[]) visit(branch);
    }
  };
  visit(schema);
  return kinds;
}

export function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  for (let depth = 0; typeof schema.$ref === "string" && depth < 32; depth++) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, "");
    const target = Object.hasOwn(components, name) ? components[name] : undefined;
    if (!target) return schema;
    schema = target;
  }
  return schema;
}
