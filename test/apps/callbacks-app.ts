// Callback routes whose `send()` the tests call: compiled by tspc with the plugin, as users' are.
import { App, APIRouter, type Header, type HttpUrl, type RequestContext } from "callspec";

export interface Receipt {
  id: string;
  total: number;
}

export interface Ack {
  ok: boolean;
}

export interface Order {
  id: string;
  receipt_id: string;
}

// A prefix on a callback router is glued to its expressions, at run time too.
export const hooks = new APIRouter({ prefix: "{$request.query.hook_url}" });

export const receiptIssued = hooks.post("/receipts/{$request.body#/receipt_id}", function receipt_issued(receipt: Receipt): Ack {
  return { ok: true };
});

export const signedEvent = hooks.post("/signed", { signed: true }, function signed_event(event: { kind: string }): Ack {
  return { ok: true };
});

export const ping = hooks.post("/ping", function ping(): void {});

export const app = new App({ title: "Callbacks", version: "1.0.0" });

app.post("/orders", { callbacks: hooks.routes }, function create_order(order: Order, hook_url: HttpUrl): Order {
  return order;
});

// A callback router linked only through another that includes it: its routes are sent all the same.
export const shipped = new APIRouter();

export const orderShipped = shipped.post("{$request.query.hook_url}/shipped", function order_shipped(receipt: Receipt): Ack {
  return { ok: true };
});

const shipping = new APIRouter();
shipping.include(shipped);

app.post("/shipments", { callbacks: shipping.routes }, function create_shipment(order: Order, hook_url: HttpUrl): Order {
  return order;
});

// `{$callback_url}` is FastAPI's shorthand: the transformer resolves it against the parameters of the
// operation it is documented under (here the header `callback-url`), and send() must read the same one.
export const subscriptionHooks = new APIRouter();

export const subscribed = subscriptionHooks.post("{$callback_url}/subscribed", function subscribed(event: { topic: string }): Ack {
  return { ok: true };
});

app.post("/subscriptions", { callbacks: subscriptionHooks.routes }, async function subscribe(context: RequestContext, callback_url: Header<HttpUrl>): Promise<{ sent_to: string }> {
  // The tests' receivers listen on 127.0.0.1.
  const sent = await subscribed.send(context, { topic: "invoices" }, { allow: ["127.0.0.1"] });
  return { sent_to: sent.url.href };
});

/** Never called: the compiler checks that `send` takes the callback handler's body type and returns its response type. */
export async function typedSends(context: RequestContext): Promise<boolean> {
  const sent = await receiptIssued.send(context, { id: "r1", total: 3 });
  // @ts-expect-error the body must be a Receipt
  await receiptIssued.send(context, { id: "r1" });
  await ping.send(context, undefined);
  return sent.body.ok;
}
