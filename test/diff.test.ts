/**
 * `callspec diff`, rule by rule. Each folder of test/diff-cases holds two
 * versions of a document (base.json, head.json) and the report the diff must
 * print for them: report.txt, and report.md / report.json where the folder
 * pins those formats too. `UPDATE=1 npm test` rewrites the reports: read
 * them before committing. The table below then states the rules in
 * words, so a rewritten report cannot quietly turn one around.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { diffSpecs } from "../transformer/diff/index";
import { type Format, formatReport } from "../transformer/diff/report";
import { caseFolders, ROOT } from "./support/compile";
import { openApiErrors } from "./support/validate";

const CASES = path.join(ROOT, "test", "diff-cases");
const FORMATS: Record<string, Format> = { "report.txt": "text", "report.md": "markdown", "report.json": "json" };
const read = (name: string, file: string) => JSON.parse(fs.readFileSync(path.join(CASES, name, file), "utf8"));
const report = (name: string, format: Format = "text") => formatReport(diffSpecs(read(name, "base.json"), read(name, "head.json")), format);

for (const name of caseFolders(CASES)) {
  test(`${name}: the report`, () => {
    for (const [file, format] of Object.entries(FORMATS)) {
      const expectedFile = path.join(CASES, name, file);
      if (file !== "report.txt" && !fs.existsSync(expectedFile)) continue;
      if (process.env.UPDATE) fs.writeFileSync(expectedFile, report(name, format));
      assert.fixture(report(name, format), fs.readFileSync(expectedFile, "utf8"), `${name}/${file}`);
    }
  });

  test(`${name}: base and head are valid OpenAPI 3.1, and each is unchanged against itself`, async () => {
    for (const file of ["base.json", "head.json"]) {
      assert.equal(await openApiErrors(read(name, file)), [], `${name}/${file}`);
      assert.equal(diffSpecs(read(name, file), read(name, file)), []);
    }
  });
}

/** [case, the change as the report words it, whether it breaks clients]. */
const RULES: Array<[string, string, boolean]> = [
  // Our operations: clients write requests and read responses.
  ["operation-removed-and-added", `DELETE /legacy  operation removed`, true],
  ["operation-removed-and-added", `POST /orders  operation added`, false],
  ["parameters", `query parameter "legacy": removed`, true],
  ["parameters", `query parameter "tenant": added (required)`, true],
  ["parameters", `header parameter "x-trace": added (optional)`, false],
  ["parameters", `query parameter "page": now required`, true],
  ["parameters", `query parameter "limit": now optional`, false],
  ["request-body", `request body "tax_rate": added (required)`, true],
  ["request-body", `request body "note": now required`, true],
  ["request-body", `request body "sku": added (optional)`, false],
  ["request-body", `request body "legacy_code": removed`, true],
  ["request-body", `request body "status": enum value "archived" added`, false],
  ["request-body", `request body "quantity": type changed from "number" to "integer"`, true],
  ["request-body", `request body "note": type changed from "string" to ["string","null"]`, false],
  ["response-body", `response 200 "legacy": removed`, true],
  ["response-body", `response 200 "customer": now optional`, true],
  ["response-body", `response 200 "currency": added (optional)`, false],
  ["response-body", `response 200 "state": enum value "refunded" added`, true],
  ["response-body", `response 200 "paid_at": type changed from "string" to ["string","null"]`, true],
  ["operation-moved-renamed-or-reparameterised", `moved from POST /orders/{id}/cancel`, true],
  ["operation-moved-renamed-or-reparameterised", `operationId changed from "list_carts" to "listCarts"`, true],
  ["operation-moved-renamed-or-reparameterised", `GET /orders/{order_id}  path parameter "order_id": renamed from "id"`, false],
  // Callbacks: our API writes the request, the receiver reads it and writes the response.
  ["callback-request-body", `request body "amount": removed`, true],
  ["callback-request-body", `request body "reference": now optional`, true],
  ["callback-request-body", `request body "payer": added (optional)`, false],
  ["callback-request-body", `request body "currency": added (required)`, false],
  ["callback-request-body", `request body "method": enum value "cash" removed`, false],
  ["callback-request-body", `request body "channel": enum value "phone" added`, true],
  ["callback-response", `response 200 "receipt": now required`, true],
  ["callback-response", `response 200 "receiver_id": added (required)`, true],
  ["callback-response", `response 200 "retry_after": now optional`, false],
  ["callback-expression-method-name", `runtime expression changed from "{$request.query.url}/refunds" to "{$request.body#/refund_url}"`, true],
  ["callback-expression-method-name", `method changed from POST to PUT`, true],
  ["callback-expression-method-name", `callback reminder (POST {$request.query.url}/reminders)  operation removed`, true],
  ["callback-expression-method-name", `callback renamed from "audit"`, false],
  // Webhooks run the same way as callbacks.
  ["webhook-request-body", `request body "monthly_fee": removed`, true],
  ["webhook-request-body", `request body "start_date": now optional`, true],
  ["webhook-request-body", `request body "seats": added (optional)`, false],
  ["webhook-request-body", `request body "region": enum value "apac" removed`, false],
  ["webhook-request-body", `request body "plan": enum value "enterprise" added`, true],
  ["webhook-response-and-identity", `response 200 "note": now required`, true],
  ["webhook-response-and-identity", `method changed from POST to PUT`, true],
  ["webhook-response-and-identity", `webhook trial-ended (POST)  operation removed`, true],
  ["webhook-renamed", `webhook renamed from "new-subscription"`, true],
  // A callback's own callback is a request to our API again.
  ["callback-of-a-callback", `callback confirm (POST {$request.body#/confirm_url})  request body "note": now required`, true],
  // Renamed components are followed, not removed and added.
  ["component-renamed", `component "Invoice" renamed to "Bill"`, false],
  ["shared-component", `POST /invoices  request body "currency": added (required)`, true],
  ["shared-component", `POST /invoices, GET /invoices/{invoice_id}  response 200 "currency": added (required)`, false],
];

for (const [name, change, breaking] of RULES) {
  test(`${name}: ${change} — ${breaking ? "breaking" : "not breaking"}`, () => {
    const lines = report(name).split("\n").filter((line) => line.includes(change));
    assert.is(lines.length, 1, `one line with ${change}:\n${report(name)}`);
    assert.is(lines[0]!.startsWith(breaking ? "breaking " : "non-breaking "), true, lines[0]);
  });
}

test("a rename alone is one line, not a removal and an addition", () => {
  assert.is(report("component-renamed"), `non-breaking POST /invoices, GET /invoices/{invoice_id}  component "Invoice" renamed to "Bill"  ($.components.schemas.Bill)\n0 breaking, 1 non-breaking\n`);
});

test("the x-callspec-direction marker changes nothing: callbacks are outbound by where they are", () => {
  const base = read("callback-request-body", "base.json");
  const head = read("callback-request-body", "head.json");
  const callback = (doc: any) => doc.paths["/invoices"].post.callbacks.invoice_paid["{$request.query.callback_url}/events"].post; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.is(callback(base)["x-callspec-direction"], undefined);
  assert.is(callback(head)["x-callspec-direction"], "outbound");
  const withMarker = diffSpecs(base, head).filter((c) => !c.message.includes("x-callspec-direction"));
  delete callback(head)["x-callspec-direction"];
  assert.equal(diffSpecs(base, head), withMarker);
});

test.run();
