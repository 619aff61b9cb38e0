import type { Effect } from "./change";
import { child, isObject, jsonPath, type Located, resolve, sameJson, show } from "./location";
import { pairBy } from "./match";
import { record, type Walk } from "./walk";

/**
 * Compares two JSON Schemas as sets of values: what a change adds to or
 * removes from the set is its effect (narrowed/widened), and who writes the
 * data decides whether that breaks clients. `$ref`s are followed on both
 * sides, so a renamed component is compared with its old self.
 */
export function compareSchemas(w: Walk, base: Located, head: Located, field = ""): void {
  const baseNames: string[] = [];
  const headNames: string[] = [];
  const b = resolve(w.base, base, baseNames);
  const h = resolve(w.head, head, headNames);
  if (baseNames.length > 0 || headNames.length > 0) {
    noteRename(w, baseNames.at(-1), headNames.at(-1), h);
    const key = `${jsonPath(b.path)}|${jsonPath(h.path)}|${w.writer}|${w.subject}`;
    if (w.seen.has(key)) return;
    w.seen.add(key);
  }
  const bs = asSchema(b.value);
  const hs = asSchema(h.value);
  if (isUnion(bs) !== isUnion(hs)) {
    // One side is a single schema: it is one alternative, kept as written (a `$ref` pairs by its name).
    return compareAlternatives(w, isUnion(bs) ? b : base, isUnion(hs) ? h : head, field);
  }
  compareDocs(w, b, h, bs, hs, field);
  if (isUnion(bs)) return compareAlternatives(w, b, h, field);
  compareTypes(w, h, bs, hs, field);
  compareValues(w, b, h, bs, hs, field);
  compareBounds(w, b, h, bs, hs, field);
  compareObjects(w, b, h, bs, hs, field);
  compareArrays(w, b, h, bs, hs, field);
  compareAllOf(w, b, h, bs, hs, field);
  compareOther(w, h, bs, hs, field);
}

/** A component reached under another name, whose old name is gone: a rename, reported once, not a removal plus an addition. */
function noteRename(w: Walk, baseName: string | undefined, headName: string | undefined, target: Located): void {
  if (!baseName || !headName || baseName === headName) return;
  const exists = (document: object, name: string) => child({ value: document, path: [] }, ...name.split("/")).value !== undefined;
  if (exists(w.head, baseName) || exists(w.base, headName)) return;
  const short = (name: string) => name.split("/").at(-1);
  w.changes.add(false, w.operation, `component "${short(baseName)}" renamed to "${short(headName)}"`, jsonPath(target.path));
}

// Keywords that describe and do not constrain.
const DOCS = new Set(["title", "description", "examples", "example", "deprecated", "readOnly", "writeOnly", "$comment", "externalDocs", "xml", "discriminator"]);
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
const CONSTRAINTS = ["format", "pattern", "multipleOf", "contentMediaType", "contentEncoding"];
const HANDLED = new Set([
  ...DOCS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...CONSTRAINTS,
  ...["type", "nullable", "enum", "const", "default", "properties", "required", "additionalProperties", "items", "prefixItems"],
  ...["anyOf", "oneOf", "allOf", "uniqueItems", "$ref", "$schema", "$id", "$defs", "definitions"],
]);
const ALL_TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"];

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function asSchema(value: unknown): Schema {
  if (value === false) return { not: {} };
  return isObject(value) ? value : {};
}

function isUnion(schema: Schema): boolean {
  return Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf);
}

function compareDocs(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const keys = new Set([...Object.keys(bs), ...Object.keys(hs)].filter((k) => DOCS.has(k) || k.startsWith("x-")));
  for (const key of keys) {
    if (sameJson(bs[key], hs[key])) continue;
    if (key === "deprecated") record(w, "docs", field, hs.deprecated ? "now deprecated" : "no longer deprecated", child(h, key));
    else if (!(key in hs)) record(w, "docs", field, `${key} removed`, child(b, key));
    else record(w, "docs", field, key in bs ? `${key} changed` : `${key} added`, child(h, key));
  }
  if (!sameJson(bs.default, hs.default)) {
    const predicate = !("default" in hs) ? `default ${show(bs.default)} removed` : !("default" in bs) ? `default ${show(hs.default)} added` : `default changed from ${show(bs.default)} to ${show(hs.default)}`;
    record(w, "default-changed", field, predicate, "default" in hs ? child(h, "default") : child(b, "default"));
  }
}

/** `anyOf`/`oneOf`: alternatives paired by `$ref` name, then by type; each one removed narrows, each one added widens. */
function compareAlternatives(w: Walk, b: Located, h: Located, field: string): void {
  const alternatives = (node: Located): Located[] => {
    const schema = asSchema(node.value);
    const key = Array.isArray(schema.anyOf) ? "anyOf" : Array.isArray(schema.oneOf) ? "oneOf" : undefined;
    return key ? (schema[key] as unknown[]).map((_, i) => child(node, key, i)) : [node];
  };
  const refName = (alt: Located) => (typeof alt.value?.$ref === "string" ? `ref:${alt.value.$ref.split("/").at(-1)}` : undefined);
  const typeKey = (alt: Located) => {
    const schema = asSchema(alt.value);
    return schema.$ref ? undefined : `type:${show(typesOf(schema) ?? null)}:${show(valuesOf(schema) ?? null)}`;
  };
  const { pairs, removed, added } = pairBy(alternatives(b), alternatives(h), [refName, typeKey]);
  if (removed.length === 1 && added.length === 1) pairs.push([removed.pop()!, added.pop()!]);
  for (const alt of removed) record(w, "narrowed", field, `alternative ${label(alt)} removed`, alt);
  for (const alt of added) record(w, "widened", field, `alternative ${label(alt)} added`, alt);
  for (const [baseAlt, headAlt] of pairs) compareSchemas(w, baseAlt, headAlt, field);
}

function label(alt: Located): string {
  if (typeof alt.value?.$ref === "string") return `"${alt.value.$ref.split("/").at(-1)}"`;
  const text = show(alt.value);
  return text.length <= 60 ? text : `#${alt.path.at(-1)}`;
}

/** The types a schema allows; undefined: any. */
function typesOf(schema: Schema): string[] | undefined {
  if (schema.type === undefined) return undefined;
  const types: string[] = Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !types.includes("null")) types.push("null"); // OpenAPI 3.0
  return types;
}

function compareTypes(w: Walk, h: Located, bs: Schema, hs: Schema, field: string): void {
  const bt = typesOf(bs);
  const ht = typesOf(hs);
  const covers = (types: string[] | undefined, type: string) => !types || types.includes(type) || (type === "integer" && types.includes("number"));
  const lost = (bt ?? ALL_TYPES).filter((t) => !covers(ht, t));
  const gained = (ht ?? ALL_TYPES).filter((t) => !covers(bt, t));
  if (lost.length === 0 && gained.length === 0) return;
  const effect: Effect = lost.length > 0 && gained.length > 0 ? "changed" : lost.length > 0 ? "narrowed" : "widened";
  const text = (types: string[] | undefined) => (types ? show(types.length === 1 ? types[0] : types) : "any");
  record(w, effect, field, `type changed from ${text(bt)} to ${text(ht)}`, child(h, "type"));
}

/** `enum` and `const` as the set of allowed values; undefined: any. */
function valuesOf(schema: Schema): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function compareValues(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const bv = valuesOf(bs);
  const hv = valuesOf(hs);
  const where = (node: Located, schema: Schema) => child(node, "const" in schema ? "const" : "enum");
  if (!bv && !hv) return;
  if (!bv) return record(w, "narrowed", field, `now limited to ${show(hv)}`, where(h, hs));
  if (!hv) return record(w, "widened", field, `no longer limited to ${show(bv)}`, where(b, bs));
  for (const value of bv) if (!hv.some((v) => sameJson(v, value))) record(w, "narrowed", field, `enum value ${show(value)} removed`, where(h, hs));
  for (const value of hv) if (!bv.some((v) => sameJson(v, value))) record(w, "widened", field, `enum value ${show(value)} added`, where(h, hs));
}

function compareBounds(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const bound = (key: string, tighter: (was: number, now: number) => boolean) => {
    const was = bs[key];
    const now = hs[key];
    if (sameJson(was, now)) return;
    if (typeof was !== "number" && typeof now !== "number") return record(w, "changed", field, `${key} changed`, child(h, key));
    if (typeof now !== "number") return record(w, "widened", field, `${key} ${show(was)} removed`, child(b, key));
    if (typeof was !== "number") return record(w, "narrowed", field, `${key} ${show(now)} added`, child(h, key));
    record(w, tighter(was, now) ? "narrowed" : "widened", field, `${key} changed from ${was} to ${now}`, child(h, key));
  };
  for (const key of LOWER_BOUNDS) bound(key, (was, now) => now > was);
  for (const key of UPPER_BOUNDS) bound(key, (was, now) => now < was);
  for (const key of CONSTRAINTS) {
    if (sameJson(bs[key], hs[key])) continue;
    if (!(key in hs)) record(w, "widened", field, `${key} ${show(bs[key])} removed`, child(b, key));
    else if (!(key in bs)) record(w, "narrowed", field, `${key} ${show(hs[key])} added`, child(h, key));
    else record(w, "changed", field, `${key} changed from ${show(bs[key])} to ${show(hs[key])}`, child(h, key));
  }
  if (!!bs.uniqueItems !== !!hs.uniqueItems) {
    record(w, hs.uniqueItems ? "narrowed" : "widened", field, hs.uniqueItems ? "items now unique" : "items no longer unique", child(h, "uniqueItems"));
  }
}

function compareObjects(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const bp = isObject(bs.properties) ? bs.properties : {};
  const hp = isObject(hs.properties) ? hs.properties : {};
  const bRequired = new Set<string>(Array.isArray(bs.required) ? bs.required : []);
  const hRequired = new Set<string>(Array.isArray(hs.required) ? hs.required : []);
  const names = [...new Set([...Object.keys(bp), ...bRequired, ...Object.keys(hp), ...hRequired])];
  for (const name of names) {
    const inBase = name in bp || bRequired.has(name);
    const inHead = name in hp || hRequired.has(name);
    const property = field ? `${field}.${name}` : name;
    const at = (node: Located, properties: object) => (name in properties ? child(node, "properties", name) : child(node, "required"));
    if (!inHead) record(w, "removed", property, "removed", at(b, bp));
    else if (!inBase) record(w, hRequired.has(name) ? "narrowed" : "added", property, hRequired.has(name) ? "added (required)" : "added (optional)", at(h, hp));
    else {
      if (bRequired.has(name) && !hRequired.has(name)) record(w, "widened", property, "now optional", at(h, hp));
      if (!bRequired.has(name) && hRequired.has(name)) record(w, "narrowed", property, "now required", at(h, hp));
      if (name in bp && name in hp) compareSchemas(w, child(b, "properties", name), child(h, "properties", name), property);
    }
  }
  compareAdditional(w, b, h, bs, hs, field);
}

/** `additionalProperties`: absent or true allows any, false none, a schema some. */
function compareAdditional(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  if (!("additionalProperties" in bs) && !("additionalProperties" in hs)) return;
  const kind = (value: unknown) => (value === undefined || value === true ? "any" : value === false ? "none" : "some");
  const was = kind(bs.additionalProperties);
  const now = kind(hs.additionalProperties);
  const at = child(h, "additionalProperties");
  if (was === "some" && now === "some") return compareSchemas(w, child(b, "additionalProperties"), at, `${field}.*`);
  if (was === now) return;
  const order = ["none", "some", "any"];
  const widened = order.indexOf(now) > order.indexOf(was);
  const predicate = now === "none" ? "additional properties no longer allowed" : now === "any" ? "any additional property now allowed" : "additional properties now constrained";
  record(w, widened ? "widened" : "narrowed", field, predicate, at);
}

function compareArrays(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const items = `${field}[]`;
  if (isObject(bs.items) && isObject(hs.items)) compareSchemas(w, child(b, "items"), child(h, "items"), items);
  else if (isObject(hs.items) && !("items" in bs)) record(w, "narrowed", field, "items now constrained", child(h, "items"));
  else if (isObject(bs.items) && !("items" in hs)) record(w, "widened", field, "items no longer constrained", child(b, "items"));
  else if (!sameJson(bs.items, hs.items)) record(w, "changed", field, "items changed", child(h, "items"));
  const bTuple: unknown[] = Array.isArray(bs.prefixItems) ? bs.prefixItems : [];
  const hTuple: unknown[] = Array.isArray(hs.prefixItems) ? hs.prefixItems : [];
  for (let i = 0; i < Math.min(bTuple.length, hTuple.length); i++) compareSchemas(w, child(b, "prefixItems", i), child(h, "prefixItems", i), `${field}[${i}]`);
  if (bTuple.length !== hTuple.length) record(w, "changed", field, `tuple length changed from ${bTuple.length} to ${hTuple.length}`, child(h, "prefixItems"));
}

/** `allOf`: members compared in order; one more narrows, one fewer widens. */
function compareAllOf(w: Walk, b: Located, h: Located, bs: Schema, hs: Schema, field: string): void {
  const bAll: unknown[] = Array.isArray(bs.allOf) ? bs.allOf : [];
  const hAll: unknown[] = Array.isArray(hs.allOf) ? hs.allOf : [];
  for (let i = 0; i < Math.min(bAll.length, hAll.length); i++) compareSchemas(w, child(b, "allOf", i), child(h, "allOf", i), field);
  for (let i = bAll.length; i < hAll.length; i++) record(w, "narrowed", field, "allOf member added", child(h, "allOf", i));
  for (let i = hAll.length; i < bAll.length; i++) record(w, "widened", field, "allOf member removed", child(b, "allOf", i));
}

/** Keywords this module does not model (`not`, `if`, `patternProperties`, ...): any change may break either side. */
function compareOther(w: Walk, h: Located, bs: Schema, hs: Schema, field: string): void {
  const keys = new Set([...Object.keys(bs), ...Object.keys(hs)].filter((k) => !HANDLED.has(k) && !k.startsWith("x-")));
  for (const key of keys) if (!sameJson(bs[key], hs[key])) record(w, "changed", field, `"${key}" changed`, child(h, key));
}
