/**
 * The second sample is FastAPI's webhooks tutorial, ported (sample-app/webhooks.ts,
 * an App of its own writing webhooks.openapi.json). Its document must equal
 * FastAPI's but for the differences we chose, each applied below by name.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { assertFastapiEquivalent, fastapiReference, SAMPLE, sampleDocument, schemasIn, type Json } from "./support/fastapi";
import { ROOT } from "./support/compile";
import { openApiErrors } from "./support/validate";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const reference = () => fastapiReference("fastapi-openapi-webhooks.json");
const webhook = (doc: Json) => doc.webhooks["new-subscription"].post;

const differences: Record<string, (doc: Json) => void> = {
  "info comes from package.json (FastAPI's default title is 'FastAPI')": (doc) => {
    doc.info = { title: pkg.name, version: pkg.version };
  },
  "operationId is the handler's name": (doc) => {
    doc.paths["/users/"].get.operationId = "read_users";
    webhook(doc).operationId = "new_subscription";
  },
  "no invented 422 on webhooks: the receiver validates, not us": (doc) => {
    delete webhook(doc).responses["422"];
  },
  "with no 422 anywhere, the document has no HTTPValidationError or ValidationError components": (doc) => {
    delete doc.components.schemas.HTTPValidationError;
    delete doc.components.schemas.ValidationError;
  },
  "no per-property titles (component titles stay)": (doc) => {
    for (const [, schema] of schemasIn(doc)) delete schema.title;
  },
  "a handler returning void documents 204 No Content (FastAPI: 200 with schema {})": (doc) => {
    delete webhook(doc).responses["200"];
    webhook(doc).responses["204"] = { description: "Successful Response" };
  },
  "the response schema is the handler's inferred return type (FastAPI has no annotation: {})": (doc) => {
    doc.paths["/users/"].get.responses["200"].content["application/json"].schema = { type: "array", items: { type: "string" } };
  },
  "webhook operations are marked x-callspec-direction: outbound": (doc) => {
    webhook(doc)["x-callspec-direction"] = "outbound";
  },
};

test("the webhooks sample's spec is FastAPI's, but for the documented differences", () => {
  assertFastapiEquivalent(sampleDocument("webhooks.openapi.json"), reference, differences);
});

test("npm run build wrote the same document to sample-app/dist/webhooks.openapi.json, valid OpenAPI 3.1", async () => {
  const built = JSON.parse(fs.readFileSync(path.join(SAMPLE, "dist", "webhooks.openapi.json"), "utf8"));
  assert.equal(built, sampleDocument("webhooks.openapi.json"));
  assert.equal(await openApiErrors(built), []);
});

test.run();
