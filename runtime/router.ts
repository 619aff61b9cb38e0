/**
 * The registration API. It records routes; what they mean (for the document,
 * and for binding and validation) is decided at compile time by the
 * transformer, which reads these calls (recognised by this file being their
 * declaration) and appends each one's compiled metadata as a last argument.
 */
import type { CompiledRoute } from "./compiled";
import { sendCallback, type SendInit } from "./outbound/callback";
import type { CallbackResponse } from "./outbound/send";
import type { RequestContext } from "./parameters";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete" | "head" | "options";

/** Options of one route: FastAPI's path-operation decorator arguments, in camelCase. */
export interface RouteOptions {
  /** Routes of a callback router (`someRouter.routes`): documented as this operation's callbacks. */
  callbacks?: readonly Route[];
  /** The route's name: the key of a callback, and the default operationId. Defaults to the handler's name. */
  name?: string;
  summary?: string;
  description?: string;
  tags?: readonly string[];
  /** Status code of the successful response (default 200, or 204 for a handler returning void). */
  statusCode?: number;
  /** Description of the successful response (default "Successful Response"). */
  responseDescription?: string;
  deprecated?: boolean;
  operationId?: string;
  /**
   * Callbacks and webhooks only: requests are signed (Standard Webhooks:
   * `webhook-id`, `webhook-timestamp`, `webhook-signature`), documented as
   * header parameters; `send()` then needs `signingSecret`.
   */
  signed?: boolean;
}

/** Options of `new APIRouter(options)` and `router.include(other, options)` (FastAPI's `APIRouter(...)`, `include_router(...)`). */
export interface RouterOptions {
  /** Prepended to the path of every route, e.g. "/items"; on a callback router, glued to its expressions. */
  prefix?: string;
  /** Added before each route's own tags. */
  tags?: readonly string[];
  /** Callbacks of every route, documented before each route's own. */
  callbacks?: readonly Route[];
}

export type IncludeOptions = RouterOptions;

/**
 * Any function. Deliberately not `(...args: any[]) => unknown`: a signature
 * would contextually type the handler's unannotated parameters as `any`
 * (`limit = 10` would lose its `number`), and the types are the spec.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type Handler = Function;

/** One registered route, as the runtime keeps it. */
export interface Route<H extends Handler = Handler> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: H;
  readonly options: Readonly<RouteOptions>;
  /** The route's name: `options.name`, else the handler's name. */
  readonly name: string;
  /** The callback routes of this route: its router's and includers' first, then its own. */
  readonly callbacks: readonly Route[];
  /** Bindings and schemas, compiled into the JS by callspec/transformer; absent when it did not run. */
  readonly compiled?: CompiledRoute;
  /**
   * For a callback route: sends the request it documents. The URL
   * is its path (a runtime expression, with its router's prefix) evaluated
   * against `origin`, the request a handler received; `body` is typed as the
   * callback handler's body; the receiver's response is validated against the
   * handler's return type and returned. Non-public destinations are refused
   * unless `init.allow` opens them.
   */
  send(origin: RequestContext, body: CallbackBody<H>, init?: SendInit): Promise<CallbackResponse<CallbackResult<H>>>;
}

/** The body a callback handler takes: its object-typed parameter (`undefined` when it has none). */
export type CallbackBody<H> = H extends (...args: infer P) => unknown
  ? [Exclude<Extract<P[number], object>, RequestContext>] extends [never]
    ? undefined
    : Exclude<Extract<P[number], object>, RequestContext>
  : unknown;

/** What a callback's receiver answers: the handler's (awaited) return type. */
export type CallbackResult<H> = H extends (...args: never[]) => infer R ? Awaited<R> : unknown;

export class APIRouter {
  readonly #routes: Route[] = [];
  readonly #options: Readonly<RouterOptions>;
  readonly #includes: { router: APIRouter; options: IncludeOptions }[] = [];

  constructor(options: RouterOptions = {}) {
    this.#options = options;
  }

  /**
   * Every route of this router, its own and those of included routers (with
   * their prefixes), as they are now: a route added to an included router
   * later is here too, as it is in the document.
   */
  get routes(): readonly Route[] {
    return this.#collect([]);
  }

  #collect(seen: APIRouter[]): Route[] {
    if (seen.includes(this)) throw new Error("Routers include each other in a cycle: remove one of the include() calls.");
    const included = this.#includes.flatMap(({ router, options }) => router.#collect([...seen, this]).map((route) => withRouterOptions(route, options)));
    // This router's own options apply last, to its routes and the included ones: FastAPI's order.
    return [...this.#routes, ...included].map((route) => withRouterOptions(route, this.#options));
  }

  get<H extends Handler>(path: string, handler: H): Route<H>;
  get<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  get(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("get", path, a, b, compiled);
  }

  post<H extends Handler>(path: string, handler: H): Route<H>;
  post<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  post(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("post", path, a, b, compiled);
  }

  put<H extends Handler>(path: string, handler: H): Route<H>;
  put<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  put(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("put", path, a, b, compiled);
  }

  patch<H extends Handler>(path: string, handler: H): Route<H>;
  patch<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  patch(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("patch", path, a, b, compiled);
  }

  delete<H extends Handler>(path: string, handler: H): Route<H>;
  delete<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  delete(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("delete", path, a, b, compiled);
  }

  head<H extends Handler>(path: string, handler: H): Route<H>;
  head<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  head(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("head", path, a, b, compiled);
  }

  options<H extends Handler>(path: string, handler: H): Route<H>;
  options<H extends Handler>(path: string, options: RouteOptions, handler: H): Route<H>;
  options(path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, compiled?: CompiledRoute): Route {
    return this.#add("options", path, a, b, compiled);
  }

  /** Adds every route of `router` to this one (FastAPI's `include_router`). */
  include(router: APIRouter, options: IncludeOptions = {}): this {
    this.beforeInclude(options.prefix ?? "");
    this.#includes.push({ router, options });
    return this;
  }

  /** Called by the verbs; `compiled` is what the transformer appended to the call. */
  #add(method: HttpMethod, path: string, a: RouteOptions | Handler, b?: Handler | CompiledRoute, c?: CompiledRoute): Route {
    const [options, handler, compiled] = typeof a === "function" ? [{}, a, b as CompiledRoute | undefined] : [a, b, c];
    if (typeof handler !== "function") {
      throw new TypeError(`${method.toUpperCase()} ${path}: the last argument must be the handler function`);
    }
    this.beforeAdd(method, path);
    // The key a callback is sent to: the path as this router sees it (its prefix is glued to expressions).
    const key = (this.#options.prefix ?? "") + path;
    const route: Route = {
      method,
      path,
      handler,
      options,
      name: options.name ?? handler.name,
      callbacks: options.callbacks ?? [],
      compiled,
      send: (origin, body, init) => sendCallback(route, key, origin, body, init),
    };
    this.#routes.push(route);
    return route;
  }

  /**
   * Registers a copy of `route` (handler, options, compiled metadata) at
   * another path: how a receiver serves a callback route (outbound/receiver.ts).
   */
  static mount(target: APIRouter, route: Route, path: string): Route {
    return target.#add(route.method, path, route.options, route.handler, route.compiled);
  }

  /** A hook for App: routers cannot be included once it serves. */
  protected beforeInclude(_prefix: string): void {}

  /** A hook for App: routes cannot be added once it serves. */
  protected beforeAdd(_method: HttpMethod, _path: string): void {}
}

/** A route as a router with `options` sees it: prefix before its path, tags and callbacks before its own. */
function withRouterOptions(route: Route, options: RouterOptions): Route {
  const tags = [...(options.tags ?? []), ...(route.options.tags ?? [])];
  const mounted: Route = {
    ...route,
    path: (options.prefix ?? "") + route.path,
    options: tags.length > 0 ? { ...route.options, tags } : route.options,
    callbacks: [...(options.callbacks ?? []), ...route.callbacks],
    // Sent from here, a callback's key has every prefix around it, as the document does.
    send: (origin, body, init) => sendCallback(mounted, mounted.path, origin, body, init),
  };
  return mounted;
}
