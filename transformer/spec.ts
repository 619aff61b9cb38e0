import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { callbackKey, type CallbackParent, type PathPiece } from "./callbacks";
import { Code, diagnosticAt } from "./diagnostics";
import { HTTP_METHODS, type RouteModel, type RouterModel } from "./discover";
import { literalValue, propertyName, skipParentheses } from "./literals";
import { buildOperation, defaultOperationId, withCallbacks, type OperationContext } from "./operation";
import { RouteConflict, Routes } from "../runtime/routing";
import { byKey, compareText } from "./by-key";

/** A route as it ends up in an App: with the prefixes, tags and callbacks of the routers around it. */
export interface MountedRoute {
  route: RouteModel;
  pieces: PathPiece[];
  path: string;
  tags: string[];
  /** Callback routers: the outermost router's first, the route's own last (FastAPI's order). */
  callbacks: RouterModel[];
}

/**
 * The routes of `router`: its own and, recursively, those of the routers it
 * includes (with the include's options), all under the router's own options.
 */
export function mountedRoutes(router: RouterModel, diagnostics: ts.Diagnostic[], seen: RouterModel[] = []): MountedRoute[] {
  const own = router.routes.map((route) => mounted(route, [{ text: route.path, node: route.pathNode }], [], route.callbackRouters));
  const included = router.includes.flatMap((include) => {
    if (include.router === router || seen.includes(include.router)) {
      diagnostics.push(diagnosticAt(include.call, Code.IncludeCycle, `This include makes a cycle: "${include.router.label}" already includes "${router.label}".`));
      return [];
    }
    return mountedRoutes(include.router, diagnostics, [...seen, router]).map((m) =>
      mounted(m.route, [{ text: include.prefix, node: include.prefixNode }, ...m.pieces], [...include.tags, ...m.tags], [...include.callbacks, ...m.callbacks]),
    );
  });
  const { prefix, prefixNode, tags, callbacks } = router.options;
  return [...own, ...included].map((m) => mounted(m.route, [{ text: prefix, node: prefixNode }, ...m.pieces], [...tags, ...m.tags], [...callbacks, ...m.callbacks]));
}

function mounted(route: RouteModel, pieces: PathPiece[], tags: string[], callbacks: RouterModel[]): MountedRoute {
  const kept = pieces.filter((p) => p.text !== "");
  return { route, pieces: kept.length > 0 ? kept : pieces.slice(-1), path: pieces.map((p) => p.text).join(""), tags, callbacks: [...new Set(callbacks)] };
}

export interface AppInfo {
  title: string;
  version: string;
  description?: string;
  specFile: string;
}

/** The options of `new App({...})` that go into the document: they must be known at compile time. */
const DOCUMENTED_OPTIONS = new Set(["title", "version", "description", "specFile"]);

/**
 * `new App({ title, version, description, specFile })`, falling back to the
 * nearest package.json. One of these written as something only known at run
 * time is reported (`title: process.env.NAME`): the document would silently
 * say something else than the App.
 */
export function appInfo(app: RouterModel, checker: ts.TypeChecker, packageInfo: (fileName: string) => { name?: string; version?: string }, diagnostics: ts.Diagnostic[]): AppInfo {
  const [argument] = app.creation.arguments ?? [];
  // Property by property: the App's runtime options (a `log` function, `2 * MiB`) need not be literals.
  const object = argument && skipParentheses(argument);
  const options: Partial<Record<string, string>> = {};
  for (const property of object && ts.isObjectLiteralExpression(object) ? object.properties : []) {
    const key = ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) ? propertyName(property.name) : undefined;
    if (!key || !DOCUMENTED_OPTIONS.has(key)) continue;
    const written = ts.isPropertyAssignment(property) ? property.initializer : (property as ts.ShorthandPropertyAssignment).name;
    const value = literalValue(checker, written);
    if (typeof value === "string") options[key] = value;
    else diagnostics.push(diagnosticAt(written, Code.NonLiteralOption, `The App option "${key}" goes into the document, so it must be a string known at compile time (a literal or a const), not "${written.getText()}".`));
  }
  const pkg = packageInfo(app.creation.getSourceFile().fileName);
  const info: AppInfo = {
    title: options.title ?? (pkg.name || "API"),
    version: options.version ?? (pkg.version || "0.1.0"),
    specFile: options.specFile ?? "openapi.json",
  };
  if (options.description !== undefined) info.description = options.description;
  return info;
}

type PathItems = Record<string, Record<string, OpenAPIV3_1.OperationObject>>;

/**
 * An object keyed by the user's text (paths, webhook and callback names,
 * callback expressions) while it is filled: without a prototype, so that
 * "__proto__" or "constructor" is a key like any other (on `{}`, the first
 * would be Object.prototype itself, the second its constructor). The sorted
 * objects that go into the document are made with Object.fromEntries,
 * whose keys are all own.
 */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The mounted routes of a callback router, sorted. */
type CallbackRoutes = (router: RouterModel) => MountedRoute[];

/** Every operation of one document with the route it came from: operationIds must be unique across all of them. */
type Registered = { operationId: string; route: RouteModel; where: string }[];

/**
 * The OpenAPI 3.1 document of one App: paths (with their callbacks) and
 * webhooks, paths sorted, methods in OpenAPI's order. Its components are
 * added by core.ts, once every component has its final name.
 */
export function assembleSpec(app: RouterModel, info: AppInfo, context: OperationContext): OpenAPIV3_1.Document {
  const routes = sortRoutes(mountedRoutes(app, context.diagnostics));
  const registered: Registered = [];
  // A callback router is mounted once per document, however many operations link it.
  const mountedCallbacks = new Map<RouterModel, MountedRoute[]>();
  const callbackRoutesOf: CallbackRoutes = (router) => {
    let mounted = mountedCallbacks.get(router);
    if (!mounted) mountedCallbacks.set(router, (mounted = sortRoutes(mountedRoutes(router, context.diagnostics))));
    return mounted;
  };
  const sharedCallbacks = callbackRoutesUsedTwice(routes, callbackRoutesOf);

  const paths: PathItems = dictionary();
  const served = new Routes<true>();
  for (const m of routes) {
    const problem = pathProblem(m.path) ?? unservable(served, m);
    if (problem) context.diagnostics.push(diagnosticAt(m.route.pathNode, Code.InvalidPath, `The path "${m.path}" ${problem}`));
    const built = buildOperation(m.route, m.tags, context);
    const parent = { label: `${m.route.method.toUpperCase()} ${m.path} (${built.operation.operationId})`, operationId: built.operation.operationId!, bound: built.bound };
    const callbacks = callbacksOf(m, parent, callbackRoutesOf, sharedCallbacks, registered, context);
    const operation = callbacks ? withCallbacks(built.operation, callbacks.parts, callbacks.sorted, context.memo) : built.operation;
    addOperation(paths, m.path, m.route, operation, context);
    registered.push({ operationId: operation.operationId!, route: m.route, where: `${m.route.method.toUpperCase()} ${m.path}` });
  }

  const webhooks: PathItems = dictionary();
  for (const m of app.webhooks ? sortRoutes(mountedRoutes(app.webhooks, context.diagnostics)) : []) {
    reportNestedCallbacks(m, "webhook", context);
    const { operation } = buildOperation(m.route, m.tags, context, "outbound");
    addOperation(webhooks, m.path, m.route, operation, context);
    registered.push({ operationId: operation.operationId!, route: m.route, where: `webhook ${m.route.method.toUpperCase()} ${m.path}` });
  }
  reportDuplicateOperationIds(registered, context);

  const document: OpenAPIV3_1.Document = {
    openapi: "3.1.0",
    info: { title: info.title, ...(info.description ? { description: info.description } : {}), version: info.version },
    paths: sortPathItems(paths),
  };
  if (Object.keys(webhooks).length > 0) document.webhooks = sortPathItems(webhooks);
  // `components` come last, from core.ts: the ones it reaches, once every component has its final name.
  return document;
}

/** What is wrong with a server path, if anything: it is routed and documented as `/segment/{param}/…`. */
function pathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `does not start with "/": write "/${path}".`;
  const names: string[] = [];
  for (const segment of path.split("/")) {
    if (!segment.includes("{") && !segment.includes("}")) continue; // most segments: the checks below find nothing in them
    const unbalanced = (segment.match(/\{/g)?.length ?? 0) !== (segment.match(/\}/g)?.length ?? 0);
    if (unbalanced || /\{[^}]*\{/.test(segment)) return `has a "{" or "}" that does not enclose a parameter name in the segment "${segment}".`;
    for (const [, name] of segment.matchAll(/\{([^}]*)\}/g)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name!)) return `has the parameter "{${name}}", which is not a name a handler parameter can have.`;
      if (names.includes(name!)) return `names the parameter {${name}} twice: give each its own name.`;
      names.push(name!);
    }
  }
  return undefined;
}

/**
 * Why the App could not serve this route beside the ones before it, if so:
 * the runtime's own router (runtime/routing.ts) is filled as the App will
 * fill it at start-up, so the build fails where start-up would have.
 * Duplicates are TS91013, reported with both places (addOperation).
 */
function unservable(served: Routes<true>, m: MountedRoute): string | undefined {
  try {
    served.add(m.route.method.toUpperCase(), m.path, true);
    return undefined;
  } catch (error) {
    if (!(error instanceof RouteConflict)) throw error;
    return error.kind === "duplicate" ? undefined : `cannot be served: ${error.reason}`;
  }
}

/** Callbacks of a callback or webhook are not documented: say so rather than drop them silently. */
function reportNestedCallbacks(m: MountedRoute, what: "callback" | "webhook", context: OperationContext): void {
  if (m.callbacks.length === 0) return;
  context.diagnostics.push(
    diagnosticAt(
      m.route.call,
      Code.NestedCallbacks,
      `The ${what} "${m.route.name}" has callbacks of its own (its option, or its router's), which Callspec does not document: a ${what} is a request our API sends, so link callbacks to the API's own routes instead.`,
    ),
  );
}

function addOperation(items: PathItems, path: string, route: RouteModel, operation: OpenAPIV3_1.OperationObject, context: OperationContext): void {
  const item = (items[path] ??= dictionary());
  if (item[route.method]) {
    context.diagnostics.push(diagnosticAt(route.call, Code.DuplicateRoute, `${route.method.toUpperCase()} ${path} is registered twice; only one can answer. Remove one.`));
    return;
  }
  item[route.method] = operation;
}

/**
 * The callbacks of one operation: every route of its callback routers, keyed
 * by the route's name, then by its runtime expression (checked against this
 * operation), then by method. Routes that share a name must share the
 * expression: they merge into one path item; anything else is a clash.
 * `parts`: each callback's name, expression, method and operation, in the
 * order met; `sorted`: the callbacks object, made when asked (under watch,
 * only when the operation's copy with them is not the last run's).
 */
function callbacksOf(
  m: MountedRoute,
  parent: CallbackParent,
  callbackRoutesOf: CallbackRoutes,
  shared: Set<RouteModel>,
  registered: Registered,
  context: OperationContext,
): { parts: unknown[]; sorted: () => Record<string, OpenAPIV3_1.CallbackObject> } | undefined {
  if (m.callbacks.length === 0) return undefined;
  const callbacks: Record<string, PathItems> = dictionary();
  const parts: unknown[] = [];
  const seen = new Set<RouteModel>();
  for (const router of m.callbacks) {
    for (const callback of callbackRoutesOf(router)) {
      if (seen.has(callback.route)) continue;
      seen.add(callback.route);
      reportNestedCallbacks(callback, "callback", context);
      const name = callback.route.name;
      const key = callbackKey(callback.pieces, parent, context);
      const existing = callbacks[name];
      const clash = existing && (!existing[key] || existing[key]![callback.route.method]);
      if (clash) {
        context.diagnostics.push(
          diagnosticAt(
            callback.route.call,
            Code.DuplicateCallback,
            `Two callbacks of ${parent.label} are named "${name}"${existing[key] ? ` with the same method and expression` : ` with different expressions`}: give one another name (\`{ name: "…" }\`); routes of one name may only add methods to the same expression.`,
          ),
        );
        continue;
      }
      // A callback route linked to several operations is qualified by each, so operationIds stay unique.
      const operationId = shared.has(callback.route) ? `${parent.operationId}__${defaultOperationId(callback.route)}` : undefined;
      const { operation } = buildOperation(callback.route, callback.tags, context, "outbound", operationId);
      ((callbacks[name] ??= dictionary())[key] ??= dictionary())[callback.route.method] = operation;
      parts.push(name, key, callback.route.method, operation);
      registered.push({ operationId: operation.operationId!, route: callback.route, where: `callback "${name}" of ${parent.label}` });
    }
  }
  const sorted = () => byKey(Object.entries(callbacks).map(([name, byExpression]) => [name, sortPathItems(byExpression)] as const)) as Record<string, OpenAPIV3_1.CallbackObject>;
  return { parts, sorted };
}

/** Callback routes that more than one operation of the App links to. */
function callbackRoutesUsedTwice(routes: MountedRoute[], callbackRoutesOf: CallbackRoutes): Set<RouteModel> {
  const count = new Map<RouteModel, number>();
  for (const m of routes) {
    const linked = new Set(m.callbacks.flatMap((router) => callbackRoutesOf(router).map((c) => c.route)));
    for (const route of linked) count.set(route, (count.get(route) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n > 1).map(([route]) => route));
}

function reportDuplicateOperationIds(registered: Registered, context: OperationContext): void {
  const first = new Map<string, Registered[number]>();
  for (const entry of registered) {
    const earlier = first.get(entry.operationId);
    if (!earlier) {
      first.set(entry.operationId, entry);
    } else if (earlier.route !== entry.route) {
      context.diagnostics.push(
        diagnosticAt(
          entry.route.call,
          Code.DuplicateOperationId,
          `Two operations have the operationId "${entry.operationId}" (${earlier.where} and ${entry.where}): rename a handler or pass \`{ operationId: "…" }\`.`,
        ),
      );
    }
  }
}

function sortRoutes(routes: MountedRoute[]): MountedRoute[] {
  const rank = (m: MountedRoute) => HTTP_METHODS.indexOf(m.route.method);
  return [...routes].sort((a, b) => compareText(a.path, b.path) || rank(a) - rank(b));
}

function sortPathItems<T>(items: Record<string, Record<string, T>>): Record<string, Record<string, T>> {
  return byKey(Object.entries(items).map(([path, item]) => [path, Object.fromEntries(HTTP_METHODS.filter((m) => item[m]).map((m) => [m, item[m]!]))] as const));
}
