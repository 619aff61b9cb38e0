/**
 * openapi.json is reviewed as a diff, so it is canonical: the same program
 * gives the same bytes, whatever the order of its files.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import path from "node:path";
import fs from "node:fs";
import { caseFolders, compileWithPlugin, ROOT, sourcesIn } from "./support/compile";

const MULTI_FILE = path.join(ROOT, "test", "fixtures", "routers-across-files");
const CLASH_FREE_ORDERINGS = [
  ["app.ts", "routes.ts", "users.ts"],
  ["users.ts", "routes.ts", "app.ts"],
  ["routes.ts", "app.ts", "users.ts"],
];

function specOf(rootNames: string[]): string {
  const compiled = compileWithPlugin(rootNames);
  try {
    return compiled.spec!;
  } finally {
    compiled.cleanup();
  }
}

test("reordering the program's files changes nothing", () => {
  const [first, ...others] = CLASH_FREE_ORDERINGS.map((order) => specOf(order.map((f) => path.join(MULTI_FILE, f))));
  assert.ok(first);
  for (const other of others) assert.is(other, first);
});

/** Every golden fixture of several files, compiled with its files in another order: the same bytes as its openapi.json. */
test("every fixture of several files gives its openapi.json whatever the order of its files", () => {
  const FIXTURES = path.join(ROOT, "test", "fixtures");
  let checked = 0;
  for (const name of caseFolders(FIXTURES)) {
    const files = sourcesIn(path.join(FIXTURES, name), true);
    if (files.length < 2) continue;
    const expected = fs.readFileSync(path.join(FIXTURES, name, "openapi.json"), "utf8");
    for (const order of [[...files].reverse(), [...files.slice(1), files[0]!]]) {
      assert.is(specOf(order), expected, `${name}, files in the order ${order.map((f) => path.relative(FIXTURES, f)).join(", ")}`);
    }
    checked++;
  }
  assert.ok(checked >= 4, "several fixtures have several files");
});

test("two builds of one program give byte-identical documents", () => {
  const files = sourcesIn(path.join(ROOT, "sample-app"));
  assert.is(specOf(files), specOf(files));
});

test("format: two-space indent, one trailing newline, OpenAPI's top-level order", () => {
  const text = specOf(sourcesIn(path.join(ROOT, "sample-app")));
  assert.ok(text.endsWith("}\n") && !text.endsWith("\n\n"));
  assert.ok(text.startsWith('{\n  "openapi": "3.1.0",\n  "info": {\n    "title"'));
  assert.equal(Object.keys(JSON.parse(text)), ["openapi", "info", "paths", "components"]);
});

test("paths and components are sorted by name; properties keep declaration order", () => {
  const doc = JSON.parse(specOf(sourcesIn(path.join(ROOT, "test", "fixtures", "binding"))));
  const sorted = (keys: string[]) => [...keys].sort();
  assert.equal(Object.keys(doc.paths), sorted(Object.keys(doc.paths)));
  assert.equal(Object.keys(doc.components.schemas), sorted(Object.keys(doc.components.schemas)));
  assert.equal(Object.keys(doc.paths["/items/{item_id}"]), ["get", "put", "delete"], "OpenAPI's method order");
  assert.equal(Object.keys(doc.components.schemas.Item.properties), ["name", "price", "tags"]);
  assert.equal(doc.components.schemas.Item.required, ["name", "price", "tags"]);
});

test.run();
