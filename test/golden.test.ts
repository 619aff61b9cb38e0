/**
 * Golden fixtures: each folder of test/fixtures is a small program (its .ts
 * files) and the openapi.json the plugin must write for it, byte for byte.
 * `UPDATE=1 npm test` rewrites the expected files: read the diff before committing.
 *
 * Every fixture also proves its schemas mean what its types mean: values that
 * must be accepted and values that must be rejected, checked with a JSON Schema
 * 2020-12 validator. They live in `values.json` and/or `values.ts` (whose
 * default export is compiled with the fixture, so the compiler checks that the
 * accepted ones really are of the type: write them with `satisfies`). Keys are
 * component names, or JSON pointers into the document (`#/paths/…/schema`)
 * for schemas that are not components. Every component needs its cases.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import ts from "typescript";
import { caseFolders, compileWithPlugin, formatDiagnostics, pluginOptions, ROOT, sourcesIn } from "./support/compile";
import { schemaValidator, openApiErrors } from "./support/validate";

const FIXTURES = path.join(ROOT, "test", "fixtures");

type Cases = Record<string, { valid: unknown[]; invalid: unknown[] }>;

interface Result {
  spec?: string;
  typeErrors: string;
  diagnostics: string;
  /** The default export of values.ts, as the fixture's compiled JS computes it. */
  typedCases: Cases;
}

/** Compiles a fixture once for all of its tests. */
function compiled(dir: string): () => Result {
  let result: Result | undefined;
  return () => {
    if (result) return result;
    const out = compileWithPlugin(sourcesIn(dir), pluginOptions(dir));
    try {
      const valuesJs = out.emitted.get(`${path.relative(ROOT, dir).split(path.sep).join("/")}/values.js`);
      result = {
        spec: out.spec,
        typeErrors: formatDiagnostics(out.typeErrors, dir),
        diagnostics: formatDiagnostics(out.diagnostics, dir),
        typedCases: valuesJs ? evaluateValues(valuesJs) : {},
      };
      return result;
    } finally {
      out.cleanup();
    }
  };
}

/** Runs values.ts as compiled: it may import types only, so it needs no module but its own. */
function evaluateValues(js: string): Cases {
  const module = { exports: {} as { default?: Cases } };
  const require = (name: string) => {
    throw new Error(`values.ts imports "${name}" at run time: import types only (\`import type\`)`);
  };
  vm.runInNewContext(js, { module, exports: module.exports, require });
  return module.exports.default ?? {};
}

// The two components every document with input has (transformer/validation-error.ts): their values, once, here.
const VALIDATION_VALUES: Cases = {
  HTTPValidationError: {
    valid: [{ detail: [{ type: "missing", loc: ["body", "total"], msg: "Field required", input: null }] }, { detail: [] }],
    invalid: [{ detail: "Not Found" }, { detail: [{ loc: ["query", 1], msg: "no type" }] }],
  },
  ValidationError: {
    valid: [{ type: "json_invalid", loc: ["body", 12], msg: "JSON decode error", input: {}, ctx: { error: "Unexpected token" } }],
    invalid: [{ type: "missing", loc: "body", msg: "Field required" }, { loc: [], msg: "x" }, { type: "t", loc: [true], msg: "x" }],
  },
};

/** The cases of values.json and values.ts together (and those of the validation error components the document has). */
function casesOf(dir: string, typed: Cases, document: { components?: { schemas?: Record<string, unknown> } }): Cases {
  const file = path.join(dir, "values.json");
  const cases: Cases = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  for (const [name, values] of Object.entries(VALIDATION_VALUES)) if (document.components?.schemas?.[name]) cases[name] ??= values;
  for (const [key, { valid = [], invalid = [] }] of Object.entries(typed)) {
    const merged = (cases[key] ??= { valid: [], invalid: [] });
    merged.valid = [...merged.valid, ...valid];
    merged.invalid = [...merged.invalid, ...invalid];
  }
  return cases;
}

for (const name of caseFolders(FIXTURES)) {
  const dir = path.join(FIXTURES, name);
  const expectedFile = path.join(dir, "openapi.json");
  const result = compiled(dir);

  test(`${name}: the plugin writes the expected openapi.json`, () => {
    const { spec, typeErrors, diagnostics } = result();
    assert.is(typeErrors, "", "the fixture is valid TypeScript");
    assert.is(diagnostics, "", "no callspec diagnostics");
    assert.ok(spec, "openapi.json was written");
    if (process.env.UPDATE) fs.writeFileSync(expectedFile, spec!);
    assert.fixture(spec!, fs.readFileSync(expectedFile, "utf8"));
  });

  test(`${name}: the document is valid OpenAPI 3.1`, async () => {
    const document = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
    assert.equal(await openApiErrors(document), []);
  });

  test(`${name}: its schemas accept the values their types accept, and reject the others`, () => {
    const document = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
    const cases = casesOf(dir, result().typedCases, document);
    const components = Object.keys(document.components?.schemas ?? {}).sort();
    assert.ok(Object.keys(cases).length > 0, "values.json or values.ts has at least one case");
    assert.equal(Object.keys(cases).filter((key) => !key.startsWith("#/")).sort(), components, "a case for every component, and no other name");
    for (const [key, { valid, invalid }] of Object.entries(cases)) {
      assert.ok(valid.length > 0 && invalid.length > 0, `${key} has values of both kinds`);
      const validate = schemaValidator(document, key.startsWith("#/") ? key : `#/components/schemas/${key}`);
      // Values as they travel: through JSON (an `undefined` property is not sent).
      const wire = (value: unknown) => JSON.parse(JSON.stringify(value) ?? "null");
      for (const value of valid) assert.ok(validate(wire(value)), `${key} accepts ${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
      for (const value of invalid) assert.not.ok(validate(wire(value)), `${key} rejects ${JSON.stringify(value)}`);
    }
  });
}

// tspc leaves the JSDoc of .ts files unparsed, and the plugin parses the comments it reads
// (transformer/schema/parsed-jsdoc.ts). The fixtures where JSDoc sits in every place TypeScript
// attaches it must give the same document when the compiler has parsed all of it.
for (const name of ["jsdoc-descriptions", "jsdoc-validation", "jsdoc-examples", "jsdoc-placement", "interface-inheritance", "classes", "enums", "const-objects"]) {
  test(`${name}: the same openapi.json when the compiler parses every JSDoc comment itself`, () => {
    const dir = path.join(FIXTURES, name);
    const out = compileWithPlugin(sourcesIn(dir), pluginOptions(dir), undefined, [], ts.JSDocParsingMode.ParseAll);
    try {
      assert.is(formatDiagnostics(out.diagnostics, dir), "");
      assert.fixture(out.spec!, fs.readFileSync(path.join(dir, "openapi.json"), "utf8"));
    } finally {
      out.cleanup();
    }
  });
}

// Other plugins may run before Callspec's and rebuild statements without keeping their origin
// (`factory.createExpressionStatement(...)`): the registration calls and the App inside still get
// their metadata, or the App would start without its routes' bindings.
test("routes and Apps inside statements an earlier transformer rebuilt still get their metadata", () => {
  const dir = path.join(ROOT, "test", "fixtures", "parameters");
  const rebuildStatements: ts.TransformerFactory<ts.SourceFile> = (context) => (file) =>
    context.factory.updateSourceFile(
      file,
      file.statements.map((statement) =>
        ts.isExpressionStatement(statement)
          ? context.factory.createExpressionStatement(statement.expression)
          : ts.isVariableStatement(statement)
            ? context.factory.createVariableStatement(statement.modifiers, statement.declarationList)
            : statement,
      ),
    );
  const out = compileWithPlugin(sourcesIn(dir), {}, undefined, [rebuildStatements]);
  try {
    assert.equal(out.diagnostics, []);
    const js = out.emitted.get("test/fixtures/parameters/input.js") ?? "";
    assert.match(js, /components: __callspecComponents/, "the route's metadata");
    assert.match(js, /get openapi\(\)/, "the App's document");
  } finally {
    out.cleanup();
  }
});

test.run();
