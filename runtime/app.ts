import { DEFAULT_BODY_LIMIT, tooLarge } from "./body";
import { compileBinder } from "./binding";
import { COMPILED_VERSION, type CompiledApp, type CompiledRoute } from "./compiled";
import { createDispatcher, type Endpoint, type Incoming, type Outgoing } from "./dispatch";
import { docsPages } from "./docs";
import { APIRouter, type HttpMethod, type Route } from "./router";
import { Routes } from "./routing";
import { listen, type Listening } from "./server";
import { createValidator } from "./validation";

export interface AppOptions {
  /** `info.title` of the document. Default: the nearest package.json's name (read at compile time). */
  title?: string;
  /** `info.version`. Default: the nearest package.json's version. */
  version?: string;
  description?: string;
  /** File name of this App's document in the output folder (default "openapi.json"); needed when a program has several Apps. */
  specFile?: string;
  /** Where the document is served (default "/openapi.json"); null serves neither it nor the docs. */
  openapiUrl?: string | null;
  /** Swagger UI (default "/docs"); null turns it off. */
  docsUrl?: string | null;
  /** ReDoc (default "/redoc"); null turns it off. Needs the optional peer dependency `redoc`. */
  redocUrl?: string | null;
  /** Largest accepted request body, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  /** Time allowed to send a request's headers, ms (default 10 000); slower clients get 408 and are disconnected. */
  headersTimeout?: number;
  /** Time allowed to send a whole request, ms (default 30 000). */
  requestTimeout?: number;
  /** Where the server's log lines go (one per failed request, one per problem at start-up). Default: console.error. */
  log?: (line: string) => void;
}

const PLUGIN_HINT = `add { "transform": "callspec/transformer" } to compilerOptions.plugins in tsconfig.json and build with tspc (ts-patch), not tsc`;

/**
 * The application: an APIRouter that serves. `listen()` on node:http, or
 * `fetch(request)` under any host that speaks web-standard Request/Response.
 * Routes are bound and validated with what the transformer compiled into the
 * JS; the App checks at start-up that every route has it.
 */
export class App extends APIRouter {
  readonly info: Readonly<AppOptions>;
  /** Requests this API sends to URLs its users registered out of band: the document's `webhooks` (OpenAPI 3.1). */
  readonly webhooks = new APIRouter();
  readonly #compiled: CompiledApp | undefined;
  #dispatch: ((request: Incoming) => Promise<Outgoing>) | undefined;
  #listening: Listening | undefined;

  constructor(options?: AppOptions);
  constructor(options: AppOptions = {}, compiled?: CompiledApp) {
    super();
    this.info = options;
    this.#compiled = compiled;
  }

  /**
   * Serves on node:http; `host` defaults to 127.0.0.1 (pass "0.0.0.0" or "::"
   * to be reachable from other machines). Port 0 picks a free port: the
   * returned `port` and `url` say which.
   */
  async listen(port: number, host = "127.0.0.1"): Promise<{ url: string; host: string; port: number }> {
    if (this.#listening) throw new Error(`The App is already listening on ${this.#listening.url}: call close() first.`);
    const dispatch = this.#start();
    const options = { headersTimeout: this.info.headersTimeout ?? 10_000, requestTimeout: this.info.requestTimeout ?? 30_000 };
    const listening = await listen(dispatch, port, host, options);
    this.#listening = listening;
    return { url: listening.url, host: listening.host, port: listening.port };
  }

  /** Stops listening: no new connections; requests in flight finish, then their connections close. */
  async close(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    await listening?.close();
  }

  /** The web-standard handler: the same routing, binding, validation and errors as `listen()`. */
  async fetch(request: Request): Promise<Response> {
    const dispatch = this.#start();
    const url = new URL(request.url);
    const out = await dispatch({
      method: request.method,
      target: url.pathname + url.search,
      hasBody: request.body !== null,
      header: (name) => request.headers.get(name) ?? undefined,
      headers: () => Object.fromEntries(request.headers),
      readBody: (limit) => readWebBody(request, limit),
    });
    const body = typeof out.body === "string" || out.body === undefined ? (out.body ?? null) : new Uint8Array(out.body);
    return new Response(body, { status: out.status, headers: out.headers });
  }

  protected override beforeAdd(method: HttpMethod, path: string): void {
    if (this.#dispatch) throw new Error(`${method.toUpperCase()} ${path}: register routes before the App starts serving (listen() or the first fetch()).`);
  }

  protected override beforeInclude(prefix: string): void {
    if (this.#dispatch) throw new Error(`include(…${prefix ? `, { prefix: "${prefix}" }` : ""}): include routers before the App starts serving (listen() or the first fetch()); a router included later would be documented but never served.`);
  }

  /** Start-up, once: everything a user can get wrong is found here, with the fix, before a request arrives. */
  #start(): (request: Incoming) => Promise<Outgoing> {
    if (this.#dispatch) return this.#dispatch;
    // An App that serves no document (openapiUrl: null, e.g. a callback receiver) needs none compiled.
    const openapi = this.info.openapiUrl === null ? "" : this.#document();
    const log = this.info.log ?? ((line: string) => console.error(line));
    let title: string | undefined;
    const { pages, problems } = docsPages(
      {
        // Only a docs page needs it, when the App was given none: the document is parsed then, not at every start.
        title: () => (title ??= this.info.title ?? (openapi ? JSON.parse(openapi).info?.title : undefined) ?? "API"),
        openapiUrl: this.info.openapiUrl === undefined ? "/openapi.json" : this.info.openapiUrl,
        docsUrl: this.info.docsUrl === undefined ? "/docs" : this.info.docsUrl,
        redocUrl: this.info.redocUrl === undefined ? "/redoc" : this.info.redocUrl,
      },
      openapi,
    );
    problems.forEach((line) => log(`callspec: ${line}`));

    // Read once: each read of `routes` collects them anew through every included router.
    const registered = this.routes;
    const uncompiled = registered.filter((route) => !route.compiled);
    if (uncompiled.length > 0) {
      const list = uncompiled.slice(0, 5).map(describe).join(", ") + (uncompiled.length > 5 ? `, and ${uncompiled.length - 5} more` : "");
      throw new Error(`Callspec's transformer did not compile these routes, so they cannot be bound or validated: ${list}. The files that register them were built without the plugin: ${PLUGIN_HINT}.`);
    }
    const validatorFor = createValidator();
    const routes = new Routes<Endpoint>();
    for (const route of registered) {
      const compiled = checkVersion(route.compiled!, describe(route));
      const method = route.method.toUpperCase();
      if ((method === "GET" || method === "HEAD") && pages.has(route.path)) {
        throw new Error(`${describe(route)} is at the path the App serves its documentation on: move the route, or move the page (the App's openapiUrl, docsUrl or redocUrl option).`);
      }
      try {
        const bind = compileBinder(compiled, validatorFor);
        routes.add(method, route.path, { route, compiled, bind, readsBody: compiled.parameters.some((p) => p.in === "body" || p.in === "context") });
      } catch (error) {
        throw new Error(`${describe(route)} cannot be served: ${(error as Error).message}`, { cause: error });
      }
    }
    this.#dispatch = createDispatcher({ routes, pages, bodyLimit: this.info.bodyLimit ?? DEFAULT_BODY_LIMIT, log });
    return this.#dispatch;
  }

  #document(): string {
    const compiled = this.#compiled;
    if (compiled === undefined) {
      throw new Error(`This App has no compiled OpenAPI document: Callspec's transformer did not run on the file that creates it. To fix it, ${PLUGIN_HINT}.`);
    }
    if (compiled.callspec !== COMPILED_VERSION) throw new Error(versionMismatch("This App"));
    // Read once: the transformer compiles it as a getter that makes the text.
    const openapi = compiled.openapi;
    if (openapi === null) {
      throw new Error(`This App was built while Callspec reported errors (tsc printed them, with file:line:col), so it has no OpenAPI document: fix them and build again.`);
    }
    return openapi;
  }
}

function describe(route: Route): string {
  return `${route.method.toUpperCase()} ${route.path} (handler "${route.name}")`;
}

function checkVersion(compiled: CompiledRoute, what: string): CompiledRoute {
  if (compiled.callspec !== COMPILED_VERSION) throw new Error(versionMismatch(what));
  return compiled;
}

function versionMismatch(what: string): string {
  return `${what} was compiled by another version of Callspec's transformer than this runtime understands: build again with the callspec package that is installed.`;
}

/** A fetch Request's body as text, reading no more than `limit` bytes. */
async function readWebBody(request: Request, limit: number): Promise<string> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
