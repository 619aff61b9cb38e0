/**
 * Explicit parameter sources (DESIGN.md rule 4) and the injected request
 * context (rule 5). Types only: the transformer reads them and compiles where
 * each value comes from; at run time a `Header<string>` is a plain string.
 */

declare const source: unique symbol;

/** Marks where a parameter's value comes from; optional, so `T` itself is assignable. */
interface From<S extends string> {
  readonly [source]?: S;
}

/** A query parameter, even when the name is in the path or the type is an object. */
export type Query<T> = T & From<"query">;
/** A request header. The name is the parameter's, with `_` as `-`: `user_agent` reads `user-agent`. */
export type Header<T> = T & From<"header">;
/** A cookie of the request, by the parameter's name. */
export type Cookie<T> = T & From<"cookie">;
/** A path parameter: `{name}` in the path. */
export type Path<T> = T & From<"path">;
/** The JSON body, even when the type is a scalar. */
export type Body<T> = T & From<"body">;

/**
 * The request as a handler may see it: a parameter of this type is injected,
 * not documented. Values are as received (not validated).
 */
export interface RequestContext {
  /** Upper case: "GET", "POST", … */
  readonly method: string;
  /** The path, as received (percent-encoded), without the query. */
  readonly path: string;
  /** Path and query, as received: "/invoices/?callback_url=…". */
  readonly url: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body (undefined when there is none). */
  readonly body: unknown;
}

/** The header a parameter reads (see `Header`): `user_agent` is `user-agent`, as FastAPI converts underscores. */
export function headerName(parameter: string): string {
  return parameter.replace(/_/g, "-");
}

/**
 * The parameter FastAPI's `{$name}` in a callback key stands for: the
 * handler's first path, query, header or cookie parameter of that name, or
 * the header named so with `_` as `-` (header names compared without case).
 * One rule for the document (transformer/callbacks.ts) and for send
 * (outbound/evaluate.ts), so that the URL called is the one documented.
 */
export function shorthandParameter<P extends { name: string; in: string }>(parameters: readonly P[], name: string): P | undefined {
  const header = headerName(name).toLowerCase();
  return parameters.find((p) => (p.in === "header" ? p.name.toLowerCase() === header : p.in !== "body" && p.in !== "context" && p.name === name));
}
