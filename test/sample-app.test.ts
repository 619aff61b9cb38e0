/**
 * The sample app is FastAPI's callbacks tutorial, ported. Its spec must equal
 * FastAPI's own output (../shared/reference) except for the differences we
 * chose on purpose; each is applied to the reference below, by name, so any
 * other difference fails this test.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { compileWithPlugin, formatDiagnostics, ROOT, sourcesIn } from "./support/compile";
import { openApiErrors } from "./support/validate";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SAMPLE = path.join(ROOT, "sample-app");
// FastAPI's output, vendored from the team's shared/reference folder (see test/reference/README.md).
const REFERENCE = path.join(ROOT, "test", "reference", "fastapi-openapi-callbacks.json");
const SHARED_REFERENCE = path.resolve(ROOT, "..", "shared", "reference", "fastapi-openapi-callbacks.json");
const reference = (): Json => JSON.parse(fs.readFileSync(REFERENCE, "utf8"));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

function sampleSpec(): Json {
  // app.ts is the app; main.ts (npm start) only serves it.
  const compiled = compileWithPlugin(sourcesIn(SAMPLE).filter((file) => path.basename(file) === "app.ts"));
  try {
    assert.is(formatDiagnostics([...compiled.typeErrors, ...compiled.diagnostics], SAMPLE), "");
    return JSON.parse(compiled.spec!);
  } finally {
    compiled.cleanup();
  }
}

/** Every schema object in a document, with the key it hangs from. */
function* schemasIn(value: Json, key = ""): Generator<[string, Json]> {
  if (Array.isArray(value)) for (const item of value) yield* schemasIn(item, key);
  else if (value && typeof value === "object") {
    if (key === "schema" || key === "properties-value") yield [key, value];
    for (const [k, v] of Object.entries(value)) {
      if (k === "properties") for (const p of Object.values(v as object)) yield* schemasIn(p, "properties-value");
      else yield* schemasIn(v, k);
    }
  }
}

// The differences, as README's table lists them.
const differences: Record<string, (doc: Json) => void> = {
  "info comes from package.json (FastAPI's default title is 'FastAPI')": (doc) => {
    doc.info = { title: pkg.name, version: pkg.version };
  },
  "operationId is the handler's name": (doc) => {
    const post = doc.paths["/invoices/"].post;
    post.operationId = "create_invoice";
    post.callbacks.invoice_notification["{$callback_url}/invoices/{$request.body.id}"].post.operationId = "invoice_notification";
  },
  "no invented 422 on callback operations": (doc) => {
    delete doc.paths["/invoices/"].post.callbacks.invoice_notification["{$callback_url}/invoices/{$request.body.id}"].post.responses["422"];
  },
  "no per-property titles (component titles stay; HTTPValidationError and ValidationError are FastAPI's, word for word)": (doc) => {
    const { HTTPValidationError, ValidationError, ...ours } = doc.components.schemas;
    for (const [key, schema] of schemasIn({ paths: doc.paths, components: { schemas: ours } })) {
      if (key === "properties-value" || key === "schema") delete schema.title;
    }
  },
  "an optional parameter is absent, never null: no {type: null} branch": (doc) => {
    const parameter = doc.paths["/invoices/"].post.parameters[0];
    parameter.schema = parameter.schema.anyOf[0];
  },
  "the response schema is the handler's inferred return type (FastAPI has no annotation: {})": (doc) => {
    doc.paths["/invoices/"].post.responses["200"].content["application/json"].schema = {
      type: "object",
      properties: { msg: { type: "string" } },
      required: ["msg"],
    };
  },
};

test("the sample's spec is FastAPI's, but for the documented differences", () => {
  const expected = reference();
  for (const apply of Object.values(differences)) apply(expected);
  assert.equal(sampleSpec(), expected);
});

test("each documented difference is a real one (the reference differs without it)", () => {
  const ours = sampleSpec();
  for (const [name, apply] of Object.entries(differences)) {
    const expected = reference();
    for (const other of Object.values(differences)) if (other !== apply) other(expected);
    assert.not.equal(ours, expected, `"${name}" is needed`);
  }
});

test("the vendored reference is the shared one, unchanged (where the shared folder exists)", () => {
  if (fs.existsSync(SHARED_REFERENCE)) assert.is(fs.readFileSync(REFERENCE, "utf8"), fs.readFileSync(SHARED_REFERENCE, "utf8"));
});

test("the handler's JSDoc is the description, word for word FastAPI's docstring", () => {
  assert.is(sampleSpec().paths["/invoices/"].post.description, reference().paths["/invoices/"].post.description);
});

test("npm run build (real tspc with the plugin) wrote the same document to sample-app/dist/openapi.json", async () => {
  const built = path.join(SAMPLE, "dist", "openapi.json");
  assert.ok(fs.existsSync(built), "run `npm run build` first (npm test does)");
  const text = fs.readFileSync(built, "utf8");
  assert.equal(JSON.parse(text), sampleSpec());
  assert.equal(await openApiErrors(JSON.parse(text)), []);
});

test.run();
