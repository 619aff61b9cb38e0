import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch, type Response } from "undici";
import { assertLiteralHost, guardedLookup, RefusedDestinationError, type AllowList } from "./address-guard";
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, retryAfterMs, type RetryPolicy } from "./retry";
import { createSigner } from "./signing";

export interface SendOptions {
  /** Per attempt, in ms (default 10 000). */
  timeoutMs?: number;
  /** The largest response body read, in bytes (default 1 MiB). */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Destinations opened despite not being public: hosts, addresses, CIDR ranges. */
  allow?: AllowList;
  /** Signs each request (Standard Webhooks) with this secret (base64, optionally `whsec_`-prefixed). */
  signingSecret?: string;
  /** Sent on every attempt, the same across retries (default: a new UUID per send). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface CallbackResponse<T> {
  url: URL;
  status: number;
  headers: Headers;
  body: T;
  attempts: number;
}

export type CallbackFailure = "refused" | "timeout" | "network" | "status" | "redirect" | "too-large" | "invalid-response";

export class CallbackError extends Error {
  constructor(
    readonly failure: CallbackFailure,
    message: string,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = "CallbackError";
  }
}

/** Validates a callback's response body: the messages of what is wrong, empty when it is right. */
export type ResponseValidator = (body: unknown) => string[];

const agents = new Map<string, Agent>();

/** One connection pool per allow list, whose every connection goes through the address guard. */
function agentFor(allow: AllowList): Agent {
  const key = JSON.stringify(allow);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(allow) as never } });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * Sends one JSON callback request and returns the receiver's response,
 * validated. Retries network errors, timeouts, 429 and 5xx with backoff and
 * jitter (Retry-After respected), with one idempotency key across attempts;
 * never follows redirects; refuses non-public destinations unless allowed.
 */
export async function sendJson<T>(url: URL, method: string, body: unknown, options: SendOptions = {}, validate?: ResponseValidator): Promise<CallbackResponse<T>> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const allow = options.allow ?? [];
  const text = JSON.stringify(body);
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const where = `${method.toUpperCase()} ${url.href}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    assertLiteralHost(url.hostname, allow);
  } catch (error) {
    throw new CallbackError("refused", (error as Error).message, 0);
  }
  // Before any attempt: a bad secret is the caller's mistake, found once, not a failure to retry.
  const sign = options.signingSecret ? createSigner(options.signingSecret) : undefined;

  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", "idempotency-key": idempotencyKey, ...options.headers };
    if (sign) Object.assign(headers, sign(text, `msg_${idempotencyKey}`));
    let response: Response;
    try {
      response = await fetch(url, {
        method: method.toUpperCase(),
        headers,
        body: text,
        redirect: "manual",
        dispatcher: agentFor(allow),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      if (cause instanceof RefusedDestinationError) throw new CallbackError("refused", cause.message, attempt);
      if (attempt >= policy.attempts) throw transportFailure(cause, `no response within ${timeoutMs} ms`, where, attempt);
      await sleep(backoffMs(attempt, policy));
      continue;
    }

    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new CallbackError("redirect", `${where}: answered ${response.status} to ${response.headers.get("location") ?? "somewhere"}; redirects are not followed, so a callback cannot be steered elsewhere.`, attempt, response.status);
    }
    if (isRetryableStatus(response.status) && attempt < policy.attempts) {
      await response.body?.cancel();
      await sleep(backoffMs(attempt, policy, retryAfterMs(response.headers.get("retry-after"))));
      continue;
    }
    let raw: string;
    try {
      raw = await readLimited(response, options.maxResponseBytes ?? 1024 * 1024, where, attempt);
    } catch (error) {
      if (error instanceof CallbackError) throw error;
      // Headers came, then the body stalled or broke: a timeout or network error like any other.
      if (attempt >= policy.attempts) throw transportFailure(error, `the response body did not arrive within ${timeoutMs} ms`, where, attempt, response.status);
      await sleep(backoffMs(attempt, policy));
      continue;
    }
    if (response.status >= 400) {
      throw new CallbackError("status", `${where}: answered ${response.status}${raw ? `: ${raw.slice(0, 200)}` : ""} ${afterAttempts(attempt)}`, attempt, response.status);
    }
    let parsed: unknown = undefined;
    if (raw !== "") {
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new CallbackError("invalid-response", `${where}: the response is not JSON: ${raw.slice(0, 200)}`, attempt, response.status);
      }
    }
    const problems = validate ? validate(parsed) : [];
    if (problems.length > 0) {
      throw new CallbackError("invalid-response", `${where}: the response does not match the callback's declared response type: ${problems.join("; ")}`, attempt, response.status);
    }
    return { url, status: response.status, headers: response.headers as unknown as Headers, body: parsed as T, attempts: attempt };
  }
}

/** The last attempt's network error or timeout (while waiting for headers or for the body), as a CallbackError. */
function transportFailure(error: unknown, timedOutText: string, where: string, attempt: number, status?: number): CallbackError {
  const timedOut = (error as Error).name === "TimeoutError";
  const detail = timedOut ? timedOutText : String((error as Error).message ?? error);
  return new CallbackError(timedOut ? "timeout" : "network", `${where}: ${detail} ${afterAttempts(attempt)}`, attempt, status);
}

function afterAttempts(attempt: number): string {
  return `(after ${attempt} attempt${attempt > 1 ? "s" : ""})`;
}

/** The response body as text, refusing to read past `limit` bytes. */
async function readLimited(response: Response, limit: number, where: string, attempt: number): Promise<string> {
  if (!response.body) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => {});
      throw new CallbackError("too-large", `${where}: the response is larger than ${limit} bytes`, attempt, response.status);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}
