/**
 * The pieces of sending a callback: its URL computed from the original
 * request, the guard against server-side request forgery, signatures, and
 * the retry schedule.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertDestination, assertLiteralHost, guardedLookup, isPublicAddress, parseAllowList, RefusedDestinationError } from "../runtime/outbound/address-guard";
import { CallbackUrlError, evaluateCallbackUrl, type OriginRequest } from "../runtime/outbound/evaluate";
import { signatureHeaders, verifyCallback } from "../runtime/outbound/signing";
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, retryAfterMs } from "../runtime/outbound/retry";

const origin: OriginRequest = {
  url: "https://api.example.com/shops/s1/invoices/?callback_url=https%3A%2F%2Fhooks.example.org%2Fv1",
  method: "post",
  params: { shop: "s1" },
  query: new URLSearchParams({ callback_url: "https://hooks.example.org/v1" }),
  headers: new Headers({ "x-tenant": "acme" }),
  body: { id: "2expen51ve", customer: { name: "Ada Lovelace", tags: ["vip", "eu"] } },
};
const refused = (e: Error) => e instanceof RefusedDestinationError;
const url = (key: string, response?: Parameters<typeof evaluateCallbackUrl>[2]) => evaluateCallbackUrl(key, origin, response).href;

test("FastAPI's key: {$callback_url} is the parent's parameter, $request.body.id a pointer", () => {
  assert.is(url("{$callback_url}/invoices/{$request.body.id}"), "https://hooks.example.org/v1/invoices/2expen51ve");
});

test("{$name} with the handling route's parameters known: the one the transformer documented, not the first source that has the name", () => {
  const both = { ...origin, headers: new Headers({ "callback-url": "https://header.example.org" }) };
  const key = "{$callback_url}/invoices";
  // callback_url: Header<HttpUrl> is documented {$request.header.callback-url}: the query value is declared nowhere.
  assert.is(evaluateCallbackUrl(key, { ...both, parameters: [{ name: "callback-url", in: "header" }] }).href, "https://header.example.org/invoices");
  assert.is(evaluateCallbackUrl(key, { ...both, parameters: [{ name: "callback_url", in: "query" }] }).href, "https://hooks.example.org/v1/invoices");
  // A route without the parameter (the key was checked against other operations) gives no value, not a guess.
  assert.throws(() => evaluateCallbackUrl(key, { ...both, parameters: [{ name: "id", in: "body" }] }), /\{\$callback_url\} has no value/);
});

test("{$name} in a context built by hand, with no route's parameters: guessed, path, then query, then header", () => {
  const headerOnly = { ...origin, query: new URLSearchParams(), headers: new Headers({ "callback-url": "https://header.example.org" }) };
  assert.is(evaluateCallbackUrl("{$callback_url}/invoices", headerOnly).href, "https://header.example.org/invoices");
  const both = { ...headerOnly, query: origin.query };
  assert.is(evaluateCallbackUrl("{$callback_url}/invoices", both).href, "https://hooks.example.org/v1/invoices");
});

test("each source of the standard form", () => {
  assert.is(url("{$request.query.callback_url}/invoices/{$request.body#/id}"), "https://hooks.example.org/v1/invoices/2expen51ve");
  assert.is(url("{$request.query.callback_url}/{$request.path.shop}/{$request.header.X-Tenant}"), "https://hooks.example.org/v1/s1/acme");
  assert.is(url("{$request.query.callback_url}/{$request.body#/customer/tags/1}"), "https://hooks.example.org/v1/eu");
  assert.is(url("{$request.query.callback_url}?m={$method}&s={$statusCode}&r={$response.body#/receipt}", { status: 201, body: { receipt: "r-9" } }), "https://hooks.example.org/v1?m=POST&s=201&r=r-9");
  assert.is(url("{$url}"), "https://api.example.com/shops/s1/invoices/?callback_url=https%3A%2F%2Fhooks.example.org%2Fv1");
});

test("values after the base URL are percent-encoded: they cannot add segments or a query", () => {
  assert.is(url("{$request.query.callback_url}/customers/{$request.body#/customer/name}"), "https://hooks.example.org/v1/customers/Ada%20Lovelace");
  const sneaky = { ...origin, body: { id: "../admin?x=1" } };
  assert.is(evaluateCallbackUrl("{$callback_url}/invoices/{$request.body#/id}", sneaky).pathname, "/v1/invoices/..%2Fadmin%3Fx%3D1");
});

test("a missing value, a relative result or another scheme is a clear error", () => {
  assert.throws(() => url("{$request.query.other_url}/x"), (e: Error) => e instanceof CallbackUrlError && /\{\$request\.query\.other_url\} has no value/.test(e.message));
  const relative = { ...origin, query: new URLSearchParams({ callback_url: "/relative" }) };
  assert.throws(() => evaluateCallbackUrl("{$callback_url}", relative), /not an absolute URL/);
  for (const scheme of ["file:///etc/passwd", "gopher://example.com/", "ftp://example.com/x"]) {
    const other = { ...origin, query: new URLSearchParams({ callback_url: scheme }) };
    assert.throws(() => evaluateCallbackUrl("{$callback_url}", other), /only http and https URLs are sent/);
  }
});

test("only public addresses pass the guard: private, loopback, link-local and unique-local are refused (IPv4 and IPv6)", () => {
  for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::"]) {
    assert.not.ok(isPublicAddress(address), address);
    assert.throws(() => assertDestination("host.example", address, []), (e: Error) => e instanceof RefusedDestinationError && e.message.includes(address) && e.message.includes("allow"));
  }
  for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) assert.ok(isPublicAddress(address), address);
});

test("the allow list opens hosts, addresses and ranges, and nothing else", () => {
  const allow = parseAllowList(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "hooks.internal"]);
  assertDestination("127.0.0.1", "127.0.0.1", allow);
  assertDestination("a.internal", "10.200.0.1", allow);
  assertDestination("v6.internal", "fd00::5", allow);
  assertDestination("hooks.internal", "192.168.0.9", allow);
  assert.throws(() => assertDestination("other.internal", "192.168.0.9", allow), refused);
  assert.throws(() => parseAllowList(["10.0.0.0/99"]), /Not an address range in the callback allow list: "10.0.0.0\/99"/);
});

test("literal IP hosts are checked before connecting, [IPv6] too", () => {
  assert.throws(() => assertLiteralHost("127.0.0.1", []), refused);
  assert.throws(() => assertLiteralHost("[::1]", []), refused);
  assertLiteralHost("[::1]", ["::1"]);
  assertLiteralHost("hooks.example.org", []); // a name: checked when it is resolved
});

test("a host name that resolves to a private address is refused at lookup", async () => {
  const lookup = guardedLookup([]);
  const error = await new Promise<Error | null>((resolve) => lookup("localhost", {}, (e) => resolve(e)));
  assert.ok(error instanceof RefusedDestinationError, String(error));
  assert.match(error!.message, /Refused to send a callback to localhost \((127\.0\.0\.1|::1)\)/);
  const allowed = await new Promise<unknown>((resolve) => guardedLookup(["localhost"])("localhost", {}, (e, address) => resolve(e ?? address)));
  assert.type(allowed, "string");
});

test("signatures: a signed callback verifies, a changed body or another secret does not", () => {
  const secret = "whsec_" + Buffer.from("a shared secret of enough bytes").toString("base64");
  const body = JSON.stringify({ description: "Invoice paid", paid: true });
  const headers = signatureHeaders(secret, body);
  assert.match(headers["webhook-signature"], /^v1,/);
  assert.equal(verifyCallback(secret, headers, body), { description: "Invoice paid", paid: true });
  assert.throws(() => verifyCallback(secret, headers, body.replace("true", "false")));
  assert.throws(() => verifyCallback("whsec_" + Buffer.from("another secret entirely").toString("base64"), headers, body));
  const stale = signatureHeaders(secret, body, "msg_1", new Date(Date.now() - 60 * 60 * 1000));
  assert.throws(() => verifyCallback(secret, stale, body), /timestamp/i);
});

test("a secret that is not base64 is named for what it is, by signer and verifier alike", () => {
  const wrong = /^signingSecret is not a Standard Webhooks secret \(base64, optionally "whsec_"-prefixed\)/;
  assert.throws(() => signatureHeaders("not base64!!", "{}"), wrong);
  assert.throws(() => verifyCallback("whsec_not base64!!", {}, "{}"), wrong);
});

test("retries: 429 and 5xx are retried, backoff grows with jitter, Retry-After wins but is capped", () => {
  assert.ok(isRetryableStatus(503) && isRetryableStatus(429) && !isRetryableStatus(404) && !isRetryableStatus(422));
  assert.is(retryAfterMs("3"), 3000);
  const fromDate = retryAfterMs(new Date(Date.now() + 10_000).toUTCString())!;
  assert.ok(fromDate > 8000 && fromDate <= 10_000, String(fromDate));
  assert.is(retryAfterMs("soon"), undefined);
  assert.is(backoffMs(1, DEFAULT_RETRY, undefined, () => 1), 200);
  assert.is(backoffMs(3, DEFAULT_RETRY, undefined, () => 1), 800);
  assert.is(backoffMs(3, DEFAULT_RETRY, undefined, () => 0), 0);
  assert.is(backoffMs(2, DEFAULT_RETRY, 120_000), 30_000);
});

test.run();
