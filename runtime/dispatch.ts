/**
 * One request, whatever carried it (node:http or a fetch Request): route it,
 * read and bind its inputs, call the handler, serialize the answer. Nothing a
 * client sends can crash it or reach a handler unchecked.
 */
import { checkContentType, parseJson, tooLarge } from "./body";
import type { Bind, RequestInputs } from "./binding";
import type { CompiledRoute } from "./compiled";
import type { StaticResponse } from "./docs";
import { HttpError, ValidationFailed } from "./errors";
import { rememberParameters } from "./handled";
import type { Route } from "./router";
import type { Routes } from "./routing";
import { isStatus } from "./status";

/** A request as the dispatcher reads it. `header` takes a lower-case name. */
export interface Incoming {
  method: string;
  /** Path and query, as received. */
  target: string;
  hasBody: boolean;
  header(name: string): string | undefined;
  headers(): Record<string, string>;
  /** The body as text; rejects with a 413 HttpError past `limit` bytes. */
  readBody(limit: number): Promise<string>;
}

export interface Outgoing {
  status: number;
  /** Not to be changed: an answer's headers may be shared (the docs pages are built once). */
  headers: Readonly<Record<string, string>>;
  body?: string | Buffer;
}

/** A route ready to serve: its binder compiled, with the compiled metadata it was made from. */
export interface Endpoint {
  route: Route;
  /** The route's compiled metadata, of a version this runtime reads (app.ts checked it). */
  compiled: CompiledRoute;
  bind: Bind;
  readsBody: boolean;
}

export interface DispatchOptions {
  routes: Routes<Endpoint>;
  pages: Map<string, () => StaticResponse>;
  bodyLimit: number;
  log(line: string): void;
}

export function createDispatcher(options: DispatchOptions): (request: Incoming) => Promise<Outgoing> {
  const { routes, pages, bodyLimit, log } = options;

  return async function dispatch(request) {
    const method = request.method.toUpperCase();
    const head = method === "HEAD";
    const q = request.target.indexOf("?");
    const path = q < 0 ? request.target : request.target.slice(0, q);
    const rawQuery = q < 0 ? "" : request.target.slice(q + 1);
    let endpoint: Endpoint | undefined;
    try {
      const page = method === "GET" || head ? pages.get(path) : undefined;
      if (page) return staticResponse(page(), head);
      const found = findRoute(routes, method, path);
      if (found.kind === "none") throw new HttpError(404, "Not Found");
      if (found.kind === "method") throw new HttpError(405, "Method Not Allowed", { allow: found.allowed.join(", ") });
      endpoint = found.value;

      let body: unknown;
      if (endpoint.readsBody && request.hasBody) {
        checkContentType(request.header("content-type"));
        const length = Number(request.header("content-length"));
        if (length > bodyLimit) throw tooLarge(bodyLimit);
        body = parseJson(await request.readBody(bodyLimit));
      }
      let query: URLSearchParams | undefined;
      let cookies: Record<string, string> | undefined;
      const inputs: RequestInputs = {
        params: found.params,
        query: () => (query ??= new URLSearchParams(rawQuery)),
        header: (name) => request.header(name),
        cookies: () => (cookies ??= parseCookies(request.header("cookie"))),
        body,
        // Remembered with the route's parameters: send() resolves a callback key's {$name} against them.
        context: () => rememberParameters({ method, path, url: request.target, headers: request.headers(), query: inputs.query(), params: found.params, body }, found.value.compiled.parameters),
      };
      const bound = endpoint.bind(inputs);
      if ("issues" in bound) throw new ValidationFailed(bound.issues);
      const result = await (endpoint.route.handler as (...args: unknown[]) => unknown)(...bound.args);
      return isStatus(result) ? json(result.code, result.body, head) : json(endpoint.compiled.status, result, head);
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, { detail: error.detail }, head, { ...error.headers });
      log(failure(method, path, endpoint, error));
      return json(500, { detail: "Internal Server Error" }, head);
    }
  };
}

function findRoute(routes: Routes<Endpoint>, method: string, path: string) {
  try {
    return routes.find(method, path);
  } catch {
    throw new HttpError(400, `The path "${path}" is not valid percent-encoding.`);
  }
}

/** JSON, with the length a HEAD reports too; 204 and 304 carry no body. */
function json(status: number, value: unknown, head: boolean, headers: Record<string, string> = {}): Outgoing {
  if (status === 204 || status === 304 || (status < 200 && status >= 100)) return { status, headers };
  const text = JSON.stringify(value) ?? "null";
  const all = headers;
  all["content-type"] = "application/json";
  all["content-length"] = String(Buffer.byteLength(text));
  return head ? { status, headers: all } : { status, headers: all, body: text };
}

function staticResponse(page: StaticResponse, head: boolean): Outgoing {
  return head ? { status: 200, headers: page.headers } : { status: 200, headers: page.headers, body: page.body };
}

/** One line: what failed, where, and the top frame of the stack; the client sees only "Internal Server Error". */
function failure(method: string, path: string, endpoint: Endpoint | undefined, error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : `a non-Error value: ${String(error)}`;
  const top = error instanceof Error ? /\n\s+at (.*)/.exec(error.stack ?? "")?.[1] : undefined;
  const frame = top && (/\(([^()]*)\)$/.exec(top)?.[1] ?? top);
  const who = endpoint ? ` (handler "${endpoint.route.name}")` : "";
  return `callspec: 500 for ${method} ${path}${who}: ${what}${frame ? ` (at ${frame})` : ""}`.replace(/\s*\n\s*/g, " ");
}

/** `a=1; b=2` -> {a: "1", b: "2"}, values percent-decoded when they can be; no prototype. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !(name in cookies)) {
      try {
        cookies[name] = decodeURIComponent(value);
      } catch {
        cookies[name] = value;
      }
    }
  }
  return cookies;
}
