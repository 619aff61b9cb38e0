import ts from "typescript";
import { libraryName } from "./types";
import type { JsonSchema } from "./normalize";
import { COMBINATORS, DATA_KEYWORDS, isSchemaObject, SCHEMA_MAPS } from "../../runtime/schema-keywords";

/** Why a JSON key `__proto__` (a property's, an embedded body parameter's) cannot be data: runtime/body.ts refuses it. */
export const PROTOTYPE_KEY_REFUSED = `Callspec's server refuses a body with a "__proto__" key anywhere (prototype pollution)`;

/**
 * Where a request body of `schema` can hold a "constructor" key whose value
 * has a "prototype" key, which the server refuses too (runtime/body.ts): the
 * key's path from the nearest named schema (`Plugin.constructor`,
 * `Holder.inner.constructor`, `Index.byName[key].constructor`), or undefined.
 * Read from the rendered schema, so only what is data counts (not a
 * `prototype()` method, not `prototype?: never`; what `toJSON` gives); as for
 * `__proto__`, declared properties, not the keys of a map. `resolve` gives
 * the schema a `$ref` points at; `clean` holds the schemas whose whole reach
 * was walked before without finding one. Each schema is walked once a call
 * (schemas refer to each other in cycles, `Tree` and `Leaf`), and everything
 * a walk without a finding met is clean: it is all in the reach of `schema`.
 */
export function refusedConstructorKey(schema: unknown, resolve: (ref: string) => JsonSchema | undefined, clean: WeakSet<object>): string | undefined {
  const seen = new Set<object>();
  const walk = (node: unknown): Found | undefined => {
    if (!isSchemaObject(node) || clean.has(node) || seen.has(node)) return undefined;
    seen.add(node);
    const properties = node.properties;
    const found =
      (typeof node.$ref === "string" ? walk(resolve(node.$ref)) : undefined) ??
      (isSchemaObject(properties) && Object.hasOwn(properties, "constructor") && hasPrototypeKey(properties.constructor, resolve) ? { path: ["constructor"], named: false } : undefined) ??
      walkKeywords(node, walk);
    if (found && !found.named && typeof node.title === "string") found.path.push(node.title), (found.named = true);
    return found;
  };
  const found = walk(schema);
  if (!found) for (const node of seen) clean.add(node);
  return found && found.path.reverse().join(".").replaceAll(".[", "[");
}

/** A key found, with its path from the innermost schema out, up to the first named one. */
interface Found {
  path: string[];
  named: boolean;
}

/** The first finding of `visit` over the subschemas of `node` (data keywords are not schemas), with the key it is under. */
function walkKeywords(node: { [keyword: string]: unknown }, visit: (schema: unknown) => Found | undefined): Found | undefined {
  const under = (found: Found | undefined, segment: string) => {
    if (found && !found.named && segment !== "") found.path.push(segment);
    return found;
  };
  for (const key in node) {
    if (!Object.hasOwn(node, key) || key === "$ref" || DATA_KEYWORDS.has(key)) continue;
    const value = node[key];
    if (SCHEMA_MAPS.has(key) && isSchemaObject(value)) {
      for (const name in value) {
        const found = Object.hasOwn(value, name) ? visit(value[name]) : undefined;
        if (found) return under(found, key === "properties" ? name : key === "patternProperties" ? "[key]" : "");
      }
    } else if (Array.isArray(value)) {
      for (const item of value) {
        const found = visit(item);
        if (found) return key === "prefixItems" ? under(found, "[]") : found;
      }
    } else {
      const found = visit(value);
      if (found) return under(found, key === "items" ? "[]" : key === "additionalProperties" ? "[key]" : "");
    }
  }
  return undefined;
}

/** Whether a value of `schema` can be an object with a "prototype" key: one of its alternatives declares the property. */
function hasPrototypeKey(schema: unknown, resolve: (ref: string) => JsonSchema | undefined, seen = new Set<object>()): boolean {
  if (!isSchemaObject(schema) || seen.has(schema)) return false;
  seen.add(schema);
  if (isSchemaObject(schema.properties) && Object.hasOwn(schema.properties, "prototype")) return true;
  if (typeof schema.$ref === "string" && hasPrototypeKey(resolve(schema.$ref), resolve, seen)) return true;
  return COMBINATORS.some((key) => Array.isArray(schema[key]) && (schema[key] as unknown[]).some((inner) => hasPrototypeKey(inner, resolve, seen)));
}

const BYTES = "JSON has no bytes; send them base64-encoded in a string (`string & Format<\"byte\">`)";

/** Library types that are not data, and what to send instead. */
const NOT_DATA: Record<string, string> = {
  Map: "a Map has no JSON form (it serializes as {}); use Record<string, V>, or an array of [key, value] pairs",
  ReadonlyMap: "a Map has no JSON form (it serializes as {}); use Record<string, V>, or an array of [key, value] pairs",
  WeakMap: "a WeakMap has no JSON form; use Record<string, V>",
  Set: "a Set has no JSON form (it serializes as {}); use an array (T[])",
  ReadonlySet: "a Set has no JSON form (it serializes as {}); use an array (T[])",
  WeakSet: "a WeakSet has no JSON form; use an array (T[])",
  WeakRef: "a WeakRef has no JSON form; send the value itself",
  Promise: "a Promise is not data; await it in the handler and send the value",
  PromiseLike: "a Promise is not data; await it in the handler and send the value",
  RegExp: "a RegExp has no JSON form (it serializes as {}); send the pattern as a string",
  Error: "an Error has no JSON form (it serializes as {}); send an interface with the message",
  Function: "functions are not data; send the data the function would compute",
  Symbol: "symbols are not data; use a string",
  ArrayBuffer: BYTES,
  SharedArrayBuffer: BYTES,
  DataView: BYTES,
  Int8Array: BYTES,
  Uint8Array: BYTES,
  Uint8ClampedArray: BYTES,
  Int16Array: BYTES,
  Uint16Array: BYTES,
  Int32Array: BYTES,
  Uint32Array: BYTES,
  Float32Array: BYTES,
  Float64Array: BYTES,
  BigInt64Array: BYTES,
  BigUint64Array: BYTES,
  Iterator: "an iterator is not data; send an array",
  IterableIterator: "an iterator is not data; send an array",
  Generator: "a generator is not data; send an array",
  AsyncGenerator: "a generator is not data; send an array",
  AsyncIterable: "an async iterable is not data; send an array",
};

/**
 * Why a type has no JSON form, with what to use instead; undefined when it
 * has one. `unknown` and `any` have one (any JSON value), `never` has none.
 */
export function whyNotJson(type: ts.Type, checker: ts.TypeChecker): string | undefined {
  if (type.flags & ts.TypeFlags.BigIntLike) return "bigint has no JSON form (JSON.stringify throws); use number, Int64, or a string of digits";
  if (type.flags & ts.TypeFlags.ESSymbolLike) return "symbols are not data; use a string";
  if (type.flags & ts.TypeFlags.Never) return "no value has type never; remove it, or give it the type it will have";
  if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return "undefined is not a JSON value; make it optional (`name?: T`), or use null";
  if (type.flags & ts.TypeFlags.TypeParameter) return "it is an unresolved generic parameter; give the handler concrete types";
  // `T[K]`, `T extends U ? X : Y`, `keyof T` of an unresolved T: only a concrete T says what they are.
  if (type.flags & (ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution | ts.TypeFlags.Index)) {
    return "it depends on an unresolved generic parameter; give the handler concrete types";
  }
  if (type.isIntersection() && type.types.some((t) => t.flags & ts.TypeFlags.TypeParameter)) {
    return "it contains an unresolved generic parameter; give the handler concrete types";
  }
  const library = libraryName(type);
  if (library && NOT_DATA[library]) return NOT_DATA[library];
  if (type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 || checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length > 0) {
      return "functions are not data; send the data the function would compute";
    }
  }
  return undefined;
}
