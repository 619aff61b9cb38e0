import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Optional signing of callbacks, Standard Webhooks style
 * (https://www.standardwebhooks.com): an HMAC-SHA256 over `id.timestamp.body`
 * in `webhook-signature`, with `webhook-id` and `webhook-timestamp`. The
 * secret is base64, optionally prefixed `whsec_`.
 */
export const SIGNATURE_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

export type SignatureHeaders = Record<(typeof SIGNATURE_HEADERS)[number], string>;

/** Signs with one secret, decoded once: a send signs each of its attempts anew (a fresh timestamp) with the same key. */
export type Signer = (body: string, id?: string, at?: Date) => SignatureHeaders;

export function createSigner(secret: string): Signer {
  const webhook = webhookFor(secret);
  return (body, id = `msg_${randomUUID()}`, at = new Date()) => ({
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": webhook.sign(id, at, body),
  });
}

export function signatureHeaders(secret: string, body: string, id?: string, at?: Date): SignatureHeaders {
  return createSigner(secret)(body, id, at);
}

/**
 * For receivers: checks the signature headers of a callback against the raw
 * body (and a five-minute timestamp tolerance), and returns the parsed body.
 * Throws with the reason when the callback is not authentic.
 */
export function verifyCallback<T = unknown>(secret: string, headers: Headers | Record<string, string | string[] | undefined>, rawBody: string): T {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : [headers[name]].flat()[0]) ?? "";
  const wanted = Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, get(name)]));
  return webhookFor(secret).verify(rawBody, wanted) as T;
}

/** The library's own error for a bad secret comes from its base64 decoder and does not say which option is wrong. */
function webhookFor(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch (error) {
    throw new Error(`signingSecret is not a Standard Webhooks secret (base64, optionally "whsec_"-prefixed): ${(error as Error).message}`, { cause: error });
  }
}
