/**
 * Sending a callback over HTTP to a receiver on 127.0.0.1: delivery,
 * signatures, retries, timeouts, redirects, size limits, response validation,
 * and the address guard on a real connection.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CallbackError, sendJson } from "../runtime/outbound/send";
import { verifyCallback } from "../runtime/outbound/signing";

type Handler = (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void;

/** A receiver on 127.0.0.1 whose behaviour each test sets; it records what it got. */
async function receiver(handle: Handler) {
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      handle(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    received,
    url: (path: string, host = "127.0.0.1") => new URL(`http://${host}:${port}${path}`),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const json = (response: http.ServerResponse, status: number, value: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
};
const LOCAL = { allow: ["127.0.0.1"], retry: { baseDelayMs: 5 } };
/** Resolves when `run` rejects with an error `check` accepts; fails the test otherwise. */
async function rejects(run: () => Promise<unknown>, check: (error: Error) => boolean): Promise<void> {
  const outcome = await run().then(
    () => undefined,
    (error: Error) => error,
  );
  assert.ok(outcome, "expected a rejection");
  assert.ok(check(outcome!), `unexpected error: ${outcome}`);
}
const failure = (kind: string) => (e: Error) => e instanceof CallbackError && e.failure === kind;

test("delivers the JSON body and returns the receiver's validated response", async () => {
  const r = await receiver((_, __, response) => json(response, 200, { ok: true }));
  try {
    const sent = await sendJson<{ ok: boolean }>(r.url("/events/invoices/2expen51ve"), "post", { description: "Invoice paid", paid: true }, LOCAL, (body) =>
      typeof (body as { ok?: unknown })?.ok === "boolean" ? [] : ["ok must be a boolean"],
    );
    assert.equal(sent.body, { ok: true });
    assert.is(sent.attempts, 1);
    assert.is(r.received[0]!.method, "POST");
    assert.is(r.received[0]!.url, "/events/invoices/2expen51ve");
    assert.equal(JSON.parse(r.received[0]!.body), { description: "Invoice paid", paid: true });
    assert.is(r.received[0]!.headers["content-type"], "application/json");
  } finally {
    await r.close();
  }
});

test("a response that does not match the declared type is an error, not a silent cast", async () => {
  const r = await receiver((_, __, response) => json(response, 200, { ok: "yes" }));
  try {
    await sendJson(r.url("/e"), "post", {}, LOCAL, () => ["/ok must be boolean"]).then(
      () => assert.unreachable("should fail"),
      (error: CallbackError) => {
        assert.is(error.failure, "invalid-response");
        assert.match(error.message, /does not match the callback's declared response type: \/ok must be boolean/);
      },
    );
  } finally {
    await r.close();
  }
});

test("5xx and 429 are retried with one idempotency key; Retry-After is respected", async () => {
  let calls = 0;
  const r = await receiver((_, __, response) => {
    calls++;
    if (calls === 1) return json(response, 503, { busy: true });
    if (calls === 2) {
      response.writeHead(429, { "retry-after": "0" });
      return response.end();
    }
    json(response, 200, { ok: true });
  });
  try {
    const sent = await sendJson(r.url("/e"), "post", { n: 1 }, LOCAL);
    assert.is(sent.attempts, 3);
    const keys = r.received.map((x) => x.headers["idempotency-key"]);
    assert.ok(keys[0] && keys.every((k) => k === keys[0]), JSON.stringify(keys));
  } finally {
    await r.close();
  }
});

test("a receiver that keeps failing: the error names the status and the attempts", async () => {
  const r = await receiver((_, __, response) => json(response, 500, { error: "down" }));
  try {
    await sendJson(r.url("/e"), "post", {}, { ...LOCAL, retry: { attempts: 2, baseDelayMs: 1 } }).then(
      () => assert.unreachable(),
      (error: CallbackError) => {
        assert.is(error.failure, "status");
        assert.is(error.status, 500);
        assert.match(error.message, /answered 500.*after 2 attempts/);
      },
    );
    assert.is(r.received.length, 2);
  } finally {
    await r.close();
  }
});

test("a receiver that hangs times out, is retried, then fails as a timeout", async () => {
  const r = await receiver(() => {
    /* never answers */
  });
  try {
    await sendJson(r.url("/e"), "post", {}, { ...LOCAL, timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1 } }).then(
      () => assert.unreachable(),
      (error: CallbackError) => {
        assert.is(error.failure, "timeout");
        assert.match(error.message, /no response within 100 ms \(after 2 attempts\)/);
      },
    );
    assert.is(r.received.length, 2);
  } finally {
    await r.close();
  }
});

test("a receiver that sends headers and then stalls the body times out like one that never answers", async () => {
  const r = await receiver((_, __, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.write('{"ok": ');
  });
  try {
    await rejects(
      () => sendJson(r.url("/e"), "post", {}, { ...LOCAL, timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1 } }),
      (e: Error) => failure("timeout")(e) && /the response body did not arrive within 100 ms \(after 2 attempts\)/.test(e.message),
    );
    assert.is(r.received.length, 2, "retried");
  } finally {
    await r.close();
  }
});

test("a closed port is a network error after the retries", async () => {
  const r = await receiver(() => {});
  const url = r.url("/e");
  await r.close();
  await rejects(() => sendJson(url, "post", {}, { ...LOCAL, retry: { attempts: 2, baseDelayMs: 1 } }), failure("network"));
});

test("redirects are not followed", async () => {
  const r = await receiver((_, __, response) => {
    response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
    response.end();
  });
  try {
    await rejects(() => sendJson(r.url("/e"), "post", {}, LOCAL), (e: Error) => failure("redirect")(e) && /302 to http:\/\/169\.254\.169\.254/.test(e.message));
    assert.is(r.received.length, 1);
  } finally {
    await r.close();
  }
});

test("a response over the size limit is refused", async () => {
  const r = await receiver((_, __, response) => json(response, 200, { blob: "x".repeat(5000) }));
  try {
    await rejects(() => sendJson(r.url("/e"), "post", {}, { ...LOCAL, maxResponseBytes: 1000 }), failure("too-large"));
  } finally {
    await r.close();
  }
});

test("loopback is refused unless allowed: as a literal address and as a name that resolves to it", async () => {
  const r = await receiver((_, __, response) => json(response, 200, {}));
  try {
    await rejects(() => sendJson(r.url("/e"), "post", {}), (e: Error) => failure("refused")(e) && /127\.0\.0\.1.*allow/.test(e.message));
    await rejects(() => sendJson(r.url("/e", "localhost"), "post", {}, { retry: { baseDelayMs: 1 } }), failure("refused"));
    assert.is(r.received.length, 0, "nothing reached the receiver");
  } finally {
    await r.close();
  }
});

test("signed callbacks verify at the receiver with the shared secret", async () => {
  const secret = "whsec_" + Buffer.from("callspec test secret, 32 bytes!!").toString("base64");
  const r = await receiver((request, body, response) => {
    try {
      verifyCallback(secret, request.headers as Record<string, string>, body);
      json(response, 200, { ok: true });
    } catch {
      json(response, 401, { ok: false });
    }
  });
  try {
    const sent = await sendJson(r.url("/e"), "post", { paid: true }, { ...LOCAL, signingSecret: secret });
    assert.is(sent.status, 200);
    assert.match(String(r.received[0]!.headers["webhook-signature"]), /^v1,/);
  } finally {
    await r.close();
  }
});

test("a bad signingSecret fails the send before any request, with a message naming the option", async () => {
  const r = await receiver((_, __, response) => json(response, 200, { ok: true }));
  try {
    await rejects(
      () => sendJson(r.url("/e"), "post", { paid: true }, { ...LOCAL, signingSecret: "not base64!!" }),
      (e) => !(e instanceof CallbackError) && /^signingSecret is not a Standard Webhooks secret/.test(e.message),
    );
    assert.is(r.received.length, 0);
  } finally {
    await r.close();
  }
});

test.run();
