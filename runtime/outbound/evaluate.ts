import type { CompiledParameter } from "../compiled";
import { parseCallbackKey, type Expression } from "../expressions";
import { headerName, shorthandParameter } from "../parameters";

/** What a callback's URL is computed from: the request that caused it (what its handler received). */
export interface OriginRequest {
  /** The original request's absolute URL. */
  url: string | URL;
  method: string;
  /** Path parameters by name. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: Headers;
  /** The parsed JSON body, if any. */
  body?: unknown;
  /**
   * The parameters of the route that handled the request, in the handler's
   * order (headers lower case): what FastAPI's `{$name}` is resolved against.
   * Absent when the request did not come through an App (a context built by hand).
   */
  parameters?: readonly Pick<CompiledParameter, "name" | "in">[];
}

/** The response our API gave to it, for `$response.…` and `$statusCode`. */
export interface OriginResponse {
  status: number;
  headers?: Headers;
  body?: unknown;
}

export class CallbackUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackUrlError";
  }
}

/**
 * Evaluates a callback key (OpenAPI runtime expressions, or FastAPI's
 * shorthand) against the original request: `{$request.query.callback_url}/invoices/{$request.body#/id}`
 * with `?callback_url=https://example.com/hooks` and `{"id": "2expen51ve"}` is
 * `https://example.com/hooks/invoices/2expen51ve`. A value at the start of
 * the key is the base URL and goes in as it is; later values are
 * percent-encoded, so a value cannot add path segments or a query.
 */
export function evaluateCallbackUrl(key: string, request: OriginRequest, response?: OriginResponse): URL {
  const { parts, errors } = parseCallbackKey(key);
  if (errors.length > 0) throw new CallbackUrlError(`Callback key "${key}": ${errors[0]!.message}`);
  let url = "";
  parts.forEach((part, index) => {
    if ("text" in part) {
      url += part.text;
      return;
    }
    const value = valueOf(part.expression, request, response);
    if (value === undefined) throw new CallbackUrlError(`Callback key "${key}": {${part.written}} has no value in this request.`);
    url += index === 0 ? value : encodeURIComponent(value);
  });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CallbackUrlError(`Callback key "${key}" gave "${url}", which is not an absolute URL.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new CallbackUrlError(`Refused to send a callback to "${url}": only http and https URLs are sent.`);
  }
  return parsed;
}

function valueOf(expression: Expression, request: OriginRequest, response?: OriginResponse): string | undefined {
  switch (expression.kind) {
    case "url":
      return String(request.url);
    case "method":
      return request.method.toUpperCase();
    case "statusCode":
      return response ? String(response.status) : undefined;
    case "parameter": {
      if (!request.parameters) return guessedValue(expression.name, request);
      // FastAPI's `{$name}`, resolved by the rule the transformer used for the document (transformer/callbacks.ts):
      // the handler's first parameter of that name, or a header named so with `_` as `-`. So the value read is the
      // one the document names, and the one the handler's types validated.
      const found = shorthandParameter(request.parameters, expression.name);
      // No such parameter (the key was not checked against this route), or a cookie, which expressions cannot read.
      if (found?.in !== "path" && found?.in !== "query" && found?.in !== "header") return undefined;
      return valueOf({ kind: "request", source: found.in, name: found.name }, request);
    }
    case "request":
    case "response": {
      const source = expression.kind === "request" ? request : response;
      if (!source) return undefined;
      if (expression.source === "body") return scalar(pointerValue(source.body, expression.pointer));
      if (expression.source === "header") return source.headers?.get(expression.name) ?? undefined;
      if (expression.kind === "request" && expression.source === "query") return request.query.get(expression.name) ?? undefined;
      if (expression.kind === "request" && expression.source === "path") return request.params[expression.name];
      return undefined;
    }
  }
}

/**
 * `{$name}` with no route to resolve it against (a context built by hand, not
 * by an App's dispatch): the first source that has the name, path, then
 * query, then header. The document may name another source.
 */
function guessedValue(name: string, request: OriginRequest): string | undefined {
  return request.params[name] ?? request.query.get(name) ?? request.headers.get(headerName(name)) ?? undefined;
}

function pointerValue(value: unknown, pointer: readonly string[]): unknown {
  let current = value;
  for (const segment of pointer) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}
