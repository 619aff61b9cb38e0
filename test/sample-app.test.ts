/**
 * The sample app is FastAPI's callbacks tutorial, ported. Its spec must equal
 * FastAPI's own output (test/reference, from ../shared/reference) except for
 * the differences we chose on purpose; each is applied to the reference below,
 * by name, so any other difference fails this test.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/compile";
import { assertFastapiEquivalent, fastapiReference, SAMPLE, sampleDocument, schemasIn, type Json } from "./support/fastapi";
import { openApiErrors } from "./support/validate";

const SHARED_REFERENCES = path.resolve(ROOT, "..", "shared", "reference");
const reference = () => fastapiReference("fastapi-openapi-callbacks.json");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const FASTAPI_KEY = "{$callback_url}/invoices/{$request.body.id}";
const callback = (doc: Json) => doc.paths["/invoices/"].post.callbacks.invoice_notification[FASTAPI_KEY].post;

// The differences, as README's table lists them.
const differences: Record<string, (doc: Json) => void> = {
  "info comes from package.json (FastAPI's default title is 'FastAPI')": (doc) => {
    doc.info = { title: pkg.name, version: pkg.version };
  },
  "operationId is the handler's name": (doc) => {
    doc.paths["/invoices/"].post.operationId = "create_invoice";
    callback(doc).operationId = "invoice_notification";
  },
  "no invented 422 on callback operations": (doc) => {
    delete callback(doc).responses["422"];
  },
  "callback operations are marked x-callspec-direction: outbound": (doc) => {
    callback(doc)["x-callspec-direction"] = "outbound";
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
  // Last: the others find the callback under FastAPI's key.
  "callback keys are checked and written as standard runtime expressions": (doc) => {
    const callbacks = doc.paths["/invoices/"].post.callbacks.invoice_notification;
    callbacks["{$request.query.callback_url}/invoices/{$request.body#/id}"] = callbacks[FASTAPI_KEY];
    delete callbacks[FASTAPI_KEY];
  },
};

test("the sample's spec is FastAPI's, but for the documented differences", () => {
  assertFastapiEquivalent(sampleDocument("openapi.json"), reference, differences);
});

// Both vendored references, checked against the team's shared folder where it exists (skipped, and counted so, where not).
for (const name of ["fastapi-openapi-callbacks.json", "fastapi-openapi-webhooks.json"]) {
  const shared = path.join(SHARED_REFERENCES, name);
  (fs.existsSync(shared) ? test : test.skip)(`the vendored ${name} is the shared one, unchanged`, () => {
    assert.equal(fastapiReference(name), JSON.parse(fs.readFileSync(shared, "utf8")));
  });
}

test("the handler's JSDoc is the description, word for word FastAPI's docstring", () => {
  assert.is(sampleDocument("openapi.json").paths["/invoices/"].post.description, reference().paths["/invoices/"].post.description);
});

test("npm run build (real tspc with the plugin) wrote the same document to sample-app/dist/openapi.json", async () => {
  const built = path.join(SAMPLE, "dist", "openapi.json");
  assert.ok(fs.existsSync(built), "run `npm run build` first (npm test does)");
  const document = JSON.parse(fs.readFileSync(built, "utf8"));
  assert.equal(document, sampleDocument("openapi.json"));
  assert.equal(await openApiErrors(document), []);
});

test.run();
