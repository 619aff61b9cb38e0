import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Optional signing of callbacks, Standard Webhooks style
 * (https://www.standardwebhooks.com): an HMAC-SHA256 over `id.timestamp.body`
 * in `webhook-signature`, with `webhook-id` and `webhook-timestamp`. The
 * secret is base64, optionally prefixed `whsec_`.
 */
export const SIGNATURE_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

export function signatureHeaders(secret: string, body: string, id: string = `msg_${randomUUID()}`, at: Date = new Date()): Record<(typeof SIGNATURE_HEADERS)[number], string> {
  const signature = new Webhook(secret).sign(id, at, body);
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

/**
 * For receivers: checks the signature headers of a callback against the raw
 * body (and a five-minute timestamp tolerance), and returns the parsed body.
 * Throws with the reason when the callback is not authentic.
 */
export function verifyCallback<T = unknown>(secret: string, headers: Headers | Record<string, string | string[] | undefined>, rawBody: string): T {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : [headers[name]].flat()[0]) ?? "";
  const wanted = Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, get(name)]));
  return new Webhook(secret).verify(rawBody, wanted) as T;
}
