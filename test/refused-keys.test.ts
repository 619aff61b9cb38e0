/**
 * A request body that can hold a "constructor" key whose value has a
 * "prototype" key is refused by the server (runtime/body.ts), so the
 * transformer reports it (transformer/bind.ts, through not-json.ts's walk).
 * Schemas refer to each other in cycles and share what they refer to; the
 * check remembers the clean ones for the rest of the run. Whatever the graph, and in
 * whatever order bodies are checked, it must find the key exactly when the
 * key is reachable.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { refusedConstructorKey } from "../transformer/schema/not-json";
import type { JsonSchema } from "../transformer/schema";

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** `count` components, each referring to some others (cycles and diamonds alike); some hold the key. */
function graph(next: () => number, count: number) {
  const refused = Array.from({ length: count }, () => next() < 0.12);
  const edges = Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * count)));
  const components: JsonSchema[] = edges.map((targets, i) => {
    const properties: Record<string, JsonSchema> = {};
    targets.forEach((target, k) => (properties[`p${k}`] = next() < 0.5 ? { $ref: `#/c/${target}` } : { type: "array", items: { $ref: `#/c/${target}` } }));
    if (refused[i]) properties["constructor" as string] = { anyOf: [{ type: "object", properties: { prototype: { type: "string" } } }, { type: "null" }] };
    else if (next() < 0.2) properties["constructor" as string] = { type: "string" };
    return { title: `C${i}`, type: "object", properties };
  });
  const reaches = (from: number): boolean => {
    const seen = new Set<number>();
    const pending = [from];
    for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
      if (seen.has(at)) continue;
      seen.add(at);
      if (refused[at]) return true;
      pending.push(...edges[at]!);
    }
    return false;
  };
  return { components, reaches, resolve: (ref: string) => components[Number(ref.slice("#/c/".length))] };
}

test("finds the key exactly when a body reaches it, through cycles and shared schemas, whatever the order of bodies", () => {
  const next = random(77);
  for (let trial = 0; trial < 2000; trial++) {
    const { components, reaches, resolve } = graph(next, 3 + Math.floor(next() * 14));
    // One run: the clean schemas are shared by every body it checks.
    const clean = new WeakSet<object>();
    for (let body = 0; body < 6; body++) {
      const root = Math.floor(next() * components.length);
      const found = refusedConstructorKey({ $ref: `#/c/${root}` }, resolve, clean);
      assert.is(found !== undefined, reaches(root), `trial ${trial}, body ${body} (component ${root})`);
    }
  }
});

test("says where: the path from the nearest named schema, through arrays and maps", () => {
  const plugin: JsonSchema = { title: "Plugin", type: "object", properties: { constructor: { type: "object", properties: { prototype: { type: "string" } } } } };
  const index: JsonSchema = { title: "Index", type: "object", properties: { byName: { type: "object", additionalProperties: { type: "array", items: { $ref: "#/plugin" } } } } };
  const holder: JsonSchema = { title: "Holder", type: "object", properties: { inner: { type: "object", properties: { constructor: { $ref: "#/plugin-value" } } } } };
  const schemas: Record<string, JsonSchema> = { "#/plugin": plugin, "#/index": index, "#/plugin-value": { type: "object", properties: { prototype: { type: "number" } } } };
  const resolve = (ref: string) => schemas[ref];
  assert.is(refusedConstructorKey({ $ref: "#/index" }, resolve, new WeakSet()), "Plugin.constructor");
  assert.is(refusedConstructorKey(holder, resolve, new WeakSet()), "Holder.inner.constructor");
  const unnamed: JsonSchema = { type: "object", properties: { byName: { type: "object", additionalProperties: { type: "object", properties: { constructor: { $ref: "#/plugin-value" } } } } } };
  // A body parameter embedded under its name, as bind.ts embeds it.
  assert.is(refusedConstructorKey({ properties: { index: unnamed } }, resolve, new WeakSet()), "index.byName[key].constructor");
  const list: JsonSchema = { type: "array", items: { type: "object", properties: { constructor: { $ref: "#/plugin-value" } } } };
  assert.is(refusedConstructorKey({ properties: { list } }, resolve, new WeakSet()), "list[].constructor");
});

test("counts only what is data: a string constructor, one without a prototype property (a method or `?: never` is not rendered), a prototype inside a default", () => {
  const resolve = () => undefined;
  assert.is(refusedConstructorKey({ type: "object", properties: { constructor: { type: "string" } } }, resolve, new WeakSet()), undefined);
  assert.is(refusedConstructorKey({ type: "object", properties: { constructor: { type: "object", properties: { name: { type: "string" } } } } }, resolve, new WeakSet()), undefined);
  // A "prototype" key in data (a default, an example) is no property.
  assert.is(refusedConstructorKey({ type: "object", properties: { constructor: { type: "object", default: { prototype: 1 } } } }, resolve, new WeakSet()), undefined);
});

test.run();
