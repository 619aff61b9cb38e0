/**
 * A handler's way to answer with a status other than the route's own:
 * `return status(201, invoice)`. The transformer reads the literal status and
 * the body's type from the return type, so every status a handler can return
 * is documented with its schema.
 */

const STATUS = Symbol.for("callspec.status");

export interface Status<S extends number = number, B = undefined> {
  readonly [STATUS]: true;
  readonly code: S;
  readonly body: B;
}

/** `status(201, created)`, `status(404, { detail: "Not found" })`, `status(204)`. The code must be a literal. */
export function status<S extends number, B = undefined>(code: S, body?: B): Status<S, B> {
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new RangeError(`status(${code}): an HTTP status is an integer from 100 to 599`);
  }
  return { [STATUS]: true, code, body: body as B };
}

export function isStatus(value: unknown): value is Status<number, unknown> {
  return typeof value === "object" && value !== null && (value as { [STATUS]?: unknown })[STATUS] === true;
}
