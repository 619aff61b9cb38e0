/**
 * Callbacks that are actually sent: `route.send()` on the route that
 * documents the callback, and a receiver built from the callback router.
 * Everything runs on 127.0.0.1, which the tests open with `allow`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { APIRouter, callbackReceiver, verifyCallback, type App, type RequestContext } from "callspec";
import { receiverPath } from "../runtime/outbound/callback";
import { ROOT } from "./support/compile";
import { builtApp, request } from "./support/http";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Sample {
  app: App;
  invoicesCallbackRouter: APIRouter;
  callbackSettings: { allow: string[] };
}
interface CallbacksApp {
  app: App;
  hooks: APIRouter;
  subscriptionHooks: APIRouter;
  receiptIssued: { send(origin: RequestContext, body: unknown, init?: object): Promise<{ status: number; body: Json; url: URL }> };
  signedEvent: { send(origin: RequestContext, body: unknown, init?: object): Promise<{ status: number; body: Json }> };
  orderShipped: { send(origin: RequestContext, body: unknown, init?: object): Promise<{ status: number; body: Json }> };
}

const sample = require(path.join(ROOT, "sample-app", "dist", "app.js")) as Sample;
const callbacks = builtApp<CallbacksApp>("callbacks-app");
const LOCAL = { allow: ["127.0.0.1"], retry: { baseDelayMs: 5 } };

/** Lines the sample app logs (one per callback), captured while `run` runs. */
async function capturingLogs<T>(run: (lines: string[]) => Promise<T>): Promise<T> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  console.error = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return await run(lines);
  } finally {
    Object.assign(console, { log, error });
  }
}

/** Waits (a bounded number of short turns) until `done()` holds: the callback is sent after the response. */
async function eventually(done: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(done(), what);
}

/** The sample app and a receiver built from its callback router, both on ephemeral ports. */
async function roundTrip(answer: (body: Json) => Json, allow: string[], run: (base: string, receiver: string, got: Json[], lines: string[]) => Promise<void>) {
  const got: Json[] = [];
  const receiver = callbackReceiver(sample.invoicesCallbackRouter, {
    prefix: "/events",
    handlers: { invoice_notification: (body: Json) => (got.push(body), answer(body)) },
    log: () => {},
  });
  sample.callbackSettings.allow = allow;
  const { url: base } = await sample.app.listen(0, "127.0.0.1");
  const { url: receiverBase } = await receiver.listen(0, "127.0.0.1");
  try {
    await capturingLogs((lines) => run(base, receiverBase, got, lines));
  } finally {
    await Promise.all([sample.app.close(), receiver.close()]);
  }
}

const INVOICE = JSON.stringify({ id: "2expen51ve", customer: "Ann", total: 9.5 });
const post = (base: string, receiver: string) =>
  request(base, "POST", `/invoices/?callback_url=${encodeURIComponent(receiver + "/events")}`, { headers: { "content-type": "application/json" }, body: INVOICE });

test("the sample app sends InvoiceEvent to {callback_url}/invoices/{id}; the receiver's answer is validated", async () => {
  await roundTrip(() => ({ ok: true }), ["127.0.0.1"], async (base, receiver, got, lines) => {
    const answer = await post(base, receiver);
    assert.is(answer.status, 200);
    assert.equal(answer.json(), { msg: "Invoice received" });
    await eventually(() => lines.some((line) => line.startsWith("callback invoice_notification")), "the sample logged the callback");
    assert.equal(got, [{ description: "Invoice paid", paid: true }], "the receiver got the typed body, at POST /events/invoices/2expen51ve");
    assert.ok(lines.includes(`callback invoice_notification: POST ${receiver}/events/invoices/2expen51ve answered 200 {"ok":true} (attempts: 1)`), lines.join("\n"));
  });
});

test("a receiver whose answer is not an InvoiceEventReceived: the send fails, saying so", async () => {
  await roundTrip(() => ({ ok: "yes" }), ["127.0.0.1"], async (base, receiver, got, lines) => {
    await post(base, receiver);
    await eventually(() => lines.some((line) => line.startsWith("callback invoice_notification")), "the sample logged the callback");
    assert.is(got.length, 1);
    assert.match(lines.join("\n"), /callback invoice_notification failed: .* does not match the callback's declared response type: response\.ok: Input should be a valid boolean/);
  });
});

test("without CALLSPEC_CALLBACK_ALLOW, a callback to 127.0.0.1 is refused and nothing is sent", async () => {
  await roundTrip(() => ({ ok: true }), [], async (base, receiver, got, lines) => {
    await post(base, receiver);
    await eventually(() => lines.some((line) => line.startsWith("callback invoice_notification")), "the sample logged the refusal");
    assert.is(got.length, 0);
    assert.match(lines.join("\n"), /failed: Refused to send a callback to 127\.0\.0\.1 \(127\.0\.0\.1\): it is a loopback address.*`allow` option \(CALLSPEC_CALLBACK_ALLOW/);
  });
});

/** The request a handler received, as `send` takes it. */
function origin(hookUrl: string, body: Json): RequestContext {
  const host = new URL(hookUrl).host;
  return { method: "POST", path: "/orders", url: `/orders?hook_url=${encodeURIComponent(hookUrl)}`, headers: { host }, query: new URLSearchParams({ hook_url: hookUrl }), params: {}, body };
}

/** Runs `use` while a callbackReceiver of the callbacks app's hooks serves at `prefix` on 127.0.0.1; closed afterwards. */
async function withReceiver(prefix: string, handlers: Record<string, (body: Json) => Json> | undefined, use: (url: string) => Promise<void>): Promise<void> {
  const receiver = callbackReceiver(callbacks.hooks, { prefix, ...(handlers ? { handlers } : {}), log: () => {} });
  const { url } = await receiver.listen(0, "127.0.0.1");
  try {
    await use(url);
  } finally {
    await receiver.close();
  }
}

test("route.send: the router's prefix is glued to the key; the typed response comes back", async () => {
  const got: Json[] = [];
  await withReceiver("/hooks", { receipt_issued: (receipt) => (got.push(receipt), { ok: true }) }, async (url) => {
    const sent = await callbacks.receiptIssued.send(origin(`${url}/hooks`, { id: "o1", receipt_id: "r-42" }), { id: "r-42", total: 12 }, LOCAL);
    assert.is(sent.url.href, `${url}/hooks/receipts/r-42`);
    assert.equal(sent.body, { ok: true });
    assert.equal(got, [{ id: "r-42", total: 12 }]);
  });
});

test("the receiver validates what it gets, as any route does: a wrong body is its 422, and send fails with the status", async () => {
  await withReceiver("/hooks", undefined, async (url) => {
    const failed = await callbacks.receiptIssued.send(origin(`${url}/hooks`, { receipt_id: "r-1" }), { id: "r-1", total: "12" }, LOCAL).catch((e: Error) => e);
    assert.instance(failed, Error);
    assert.match((failed as Error).message, /answered 422: \{"detail":\[\{"type":"[a-z_]+","loc":\["body","total"\]/);
  });
});

test("signed callbacks: send needs the secret, and the receiver verifies the signature on the raw body", async () => {
  const secret = "whsec_" + Buffer.from("the secret both sides share, 32b").toString("base64");
  const verified: Json[] = [];
  // A receiver that checks signatures as the README shows: verifyCallback on the raw body and headers.
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      try {
        verified.push(verifyCallback(secret, req.headers as Record<string, string>, raw));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      } catch (error) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const context = origin(`${url}/hooks`, {});
    const missing = await callbacks.signedEvent.send(context, { kind: "x" }, LOCAL).catch((e: Error) => e);
    assert.match((missing as Error).message, /declared `signed: true`: pass `signingSecret`/);
    const sent = await callbacks.signedEvent.send(context, { kind: "paid" }, { ...LOCAL, signingSecret: secret });
    assert.equal(sent.body, { ok: true });
    assert.equal(verified, [{ kind: "paid" }]);
    const forged = await callbacks.signedEvent.send(context, { kind: "paid" }, { ...LOCAL, signingSecret: "whsec_" + Buffer.from("not the shared secret at all!!").toString("base64") }).catch((e: Error) => e);
    assert.match((forged as Error).message, /answered 401/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("sent from the routes of an including router, the key has the include's prefix too, as documented", async () => {
  const got: Json[] = [];
  await withReceiver("/base", { receipt_issued: (receipt) => (got.push(receipt), { ok: true }) }, async (url) => {
    const outer = new APIRouter();
    outer.include(callbacks.hooks, { prefix: "{$request.query.base}" });
    const route = outer.routes.find((r) => r.name === "receipt_issued")!;
    const context = { ...origin(`${url}/hooks`, { receipt_id: "r-7" }), query: new URLSearchParams({ base: `${url}/base`, hook_url: "" }) };
    const sent = await route.send(context, { id: "r-7", total: 1 }, LOCAL);
    assert.is(sent.url.href, `${url}/base/receipts/r-7`);
    assert.equal(got, [{ id: "r-7", total: 1 }]);
  });
});

// `callbacks: shipping.routes`, where `shipping` includes the callback router: still a callback, whose
// receiver's answer send() checks against the declared response type (Ack).
test("a callback router linked through an include: send validates the receiver's answer too", async () => {
  const server = http.createServer((_, response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: "yes" })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await callbacks.orderShipped.send(origin(url, { id: "o-1" }), { id: "r-9", total: 2 }, LOCAL).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error, "the send fails");
    assert.match(error!.message, /does not match the callback's declared response type: response\.ok: Input should be a valid boolean/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a Host header that is not a host does not break a key that does not use $url", async () => {
  await withReceiver("/hooks", undefined, async (url) => {
    const context = { ...origin(`${url}/hooks`, { receipt_id: "r-8" }), headers: { host: "bad host" } };
    const sent = await callbacks.receiptIssued.send(context, { id: "r-8", total: 1 }, LOCAL);
    assert.is(sent.status, 200);
  });
});

test("{$callback_url} is the parameter the document says: a Header<HttpUrl> handler parameter, never a query value of the same name", async () => {
  const got: Record<string, Json[]> = { header: [], query: [] };
  const receiverAt = (which: "header" | "query") =>
    callbackReceiver(callbacks.subscriptionHooks, { prefix: `/${which}`, handlers: { subscribed: (event: Json) => (got[which]!.push(event), { ok: true }) }, log: () => {} });
  const [byHeader, byQuery] = [receiverAt("header"), receiverAt("query")];
  const [{ url: headerUrl }, { url: queryUrl }] = [await byHeader.listen(0, "127.0.0.1"), await byQuery.listen(0, "127.0.0.1")];
  try {
    const document = await (await callbacks.app.fetch(new Request("http://127.0.0.1/openapi.json"))).json();
    assert.equal(Object.keys(document.paths["/subscriptions"].post.callbacks.subscribed), ["{$request.header.callback-url}/subscribed"]);
    // So the query value, declared nowhere and never validated as an HttpUrl, is not where the callback goes.
    const answer = await callbacks.app.fetch(
      new Request(`http://127.0.0.1/subscriptions?callback_url=${encodeURIComponent(`${queryUrl}/query`)}`, { method: "POST", headers: { "callback-url": `${headerUrl}/header` } }),
    );
    assert.is(answer.status, 200, await answer.clone().text());
    assert.equal(await answer.json(), { sent_to: `${headerUrl}/header/subscribed` });
    assert.equal(got, { header: [{ topic: "invoices" }], query: [] });
  } finally {
    await Promise.all([byHeader.close(), byQuery.close()]);
  }
});

test("a router included after the App started serving is refused, not silently left unserved", async () => {
  const app = callbacks.app;
  await app.fetch(new Request("http://127.0.0.1/nothing-here"));
  assert.throws(() => app.include(new APIRouter(), { prefix: "/late" }), /include\(…, \{ prefix: "\/late" \}\): include routers before the App starts serving/);
});

test("a route built without the plugin cannot send: the error names the plugin", async () => {
  const router = new APIRouter();
  const route = router.post("{$request.query.url}", function uncompiled(body: { a: number }): void {});
  const failed = await route.send(origin("http://127.0.0.1:9/x", {}), { a: 1 }).catch((e: Error) => e);
  assert.match((failed as Error).message, /no compiled metadata.*callspec\/transformer.*tspc/);
});

test("receiverPath: the key without its base URL, other expressions as path parameters, no query", () => {
  assert.is(receiverPath("{$callback_url}/invoices/{$request.body.id}"), "/invoices/{p1}");
  assert.is(receiverPath("{$request.query.url}/a/{$request.path.x}/b/{$request.body#/y}?s={$statusCode}"), "/a/{p1}/b/{p2}");
  assert.is(receiverPath("{$request.query.url}"), "/");
});

test.run();
