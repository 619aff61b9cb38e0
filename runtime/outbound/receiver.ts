import { App, type AppOptions } from "../app";
import { APIRouter, type Handler } from "../router";
import { receiverPath } from "./callback";

export interface ReceiverOptions extends Omit<AppOptions, "openapiUrl"> {
  /** Before every path, e.g. "/events": a receiver at http://host/events is given `?callback_url=http://host/events`. */
  prefix?: string;
  /**
   * Handlers to use instead of the routes' own, by route name: a mock
   * receiver records what it got and answers what a test needs. They are
   * called with the same bound arguments (the body, headers, …).
   */
  handlers?: Readonly<Record<string, Handler>>;
}

/**
 * A callback router served as an app of its own: the reference
 * implementation of the external API, and a mock receiver for tests. Each
 * callback route is served at its key without the base URL (see
 * `receiverPath`), with the same handler, binding and validation as any route.
 */
export function callbackReceiver(router: APIRouter, options: ReceiverOptions = {}): App {
  const { prefix = "", handlers = {}, ...appOptions } = options;
  // Read once: each read of `routes` collects them anew.
  const routes = router.routes;
  const unknown = Object.keys(handlers).filter((name) => !routes.some((route) => route.name === name));
  if (unknown.length > 0) throw new Error(`callbackReceiver: no callback route is named ${unknown.map((n) => `"${n}"`).join(", ")} (the router has: ${routes.map((r) => r.name).join(", ")}).`);
  const app = new App({ docsUrl: null, redocUrl: null, ...appOptions, openapiUrl: null });
  for (const route of routes) {
    const handler = handlers[route.name];
    APIRouter.mount(app, handler ? { ...route, handler } : route, prefix + receiverPath(route.path));
  }
  return app;
}
