/**
 * Golden fixtures: each folder of test/fixtures is a small program (its .ts
 * files) and the openapi.json the plugin must write for it, byte for byte.
 * `UPDATE=1 npm test` rewrites the expected files: read the diff before committing.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { caseFolders, compileWithPlugin, formatDiagnostics, pluginOptions, ROOT, sourcesIn } from "./support/compile";
import { componentValidator, openApiErrors } from "./support/validate";

const FIXTURES = path.join(ROOT, "test", "fixtures");

// The two components every document with input has (transformer/validation-error.ts): their values, once, here.
const VALIDATION_VALUES = {
  HTTPValidationError: {
    valid: [{ detail: [{ type: "missing", loc: ["body", "total"], msg: "Field required", input: null }] }, { detail: [] }],
    invalid: [{ detail: "Not Found" }, { detail: [{ loc: ["query", 1], msg: "no type" }] }],
  },
  ValidationError: {
    valid: [{ type: "json_invalid", loc: ["body", 12], msg: "JSON decode error", input: {}, ctx: { error: "Unexpected token" } }],
    invalid: [{ type: "missing", loc: "body", msg: "Field required" }, { loc: [], msg: "x" }, { type: "t", loc: [true], msg: "x" }],
  },
};

for (const name of caseFolders(FIXTURES)) {
  const dir = path.join(FIXTURES, name);
  const expectedFile = path.join(dir, "openapi.json");

  test(`${name}: the plugin writes the expected openapi.json`, () => {
    const compiled = compileWithPlugin(sourcesIn(dir), pluginOptions(dir));
    try {
      assert.is(formatDiagnostics(compiled.typeErrors, dir), "", "the fixture is valid TypeScript");
      assert.is(formatDiagnostics(compiled.diagnostics, dir), "", "no callspec diagnostics");
      assert.ok(compiled.spec, "openapi.json was written");
      if (process.env.UPDATE) fs.writeFileSync(expectedFile, compiled.spec!);
      assert.fixture(compiled.spec!, fs.readFileSync(expectedFile, "utf8"));
    } finally {
      compiled.cleanup();
    }
  });

  test(`${name}: the document is valid OpenAPI 3.1`, async () => {
    const document = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
    assert.equal(await openApiErrors(document), []);
  });

  // values.json: { "<Component>": { "valid": [...], "invalid": [...] } } — the schemas mean what the types mean.
  test(`${name}: every component accepts the values its type accepts, and rejects the others`, () => {
    const document = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
    const valuesFile = path.join(dir, "values.json");
    const cases = (fs.existsSync(valuesFile) ? JSON.parse(fs.readFileSync(valuesFile, "utf8")) : {}) as Record<string, { valid: unknown[]; invalid: unknown[] }>;
    for (const [name, values] of Object.entries(VALIDATION_VALUES)) if (document.components?.schemas?.[name]) cases[name] ??= values;
    assert.equal(Object.keys(cases).sort(), Object.keys(document.components?.schemas ?? {}).sort(), "values.json has cases for every component");
    for (const [component, { valid, invalid }] of Object.entries(cases)) {
      assert.ok(valid.length > 0 && invalid.length > 0, `${component} has values of both kinds`);
      const validate = componentValidator(document, component);
      for (const value of valid) assert.ok(validate(value), `${component} accepts ${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
      for (const value of invalid) assert.not.ok(validate(value), `${component} rejects ${JSON.stringify(value)}`);
    }
  });
}

test.run();
