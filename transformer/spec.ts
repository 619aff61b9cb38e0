import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { Code, diagnosticAt } from "./diagnostics";
import { HTTP_METHODS, type Discovery, type RouteModel, type RouterModel } from "./discover";
import { literalValue, propertyName, skipParentheses } from "./literals";
import { buildOperation, type OperationContext } from "./operation";
import { COMPONENTS, type JsonSchema } from "./schema";
import { documentValidationError, VALIDATION_COMPONENTS } from "./validation-error";

/** A route as it ends up in an App: with the prefixes and tags of the routers that included it. */
interface MountedRoute {
  route: RouteModel;
  path: string;
  tags: string[];
}

/** The routes of `router`, its own and, recursively, those of the routers it includes. */
export function mountedRoutes(router: RouterModel, discovery: Discovery, diagnostics: ts.Diagnostic[], seen: ts.Symbol[] = []): MountedRoute[] {
  const own = router.routes.map((route) => ({ route, path: route.path, tags: [] as string[] }));
  const included = router.includes.flatMap((include) => {
    const child = discovery.routers.get(include.router);
    if (!child) return [];
    if (seen.includes(child.symbol) || child === router) {
      diagnostics.push(diagnosticAt(include.call, Code.IncludeCycle, `This include makes a cycle: "${child.symbol.name}" already includes "${router.symbol.name}".`));
      return [];
    }
    return mountedRoutes(child, discovery, diagnostics, [...seen, router.symbol]).map((mounted) => ({
      route: mounted.route,
      path: include.prefix + mounted.path,
      tags: [...include.tags, ...mounted.tags],
    }));
  });
  return [...own, ...included];
}

export interface AppInfo {
  title: string;
  version: string;
  description?: string;
  specFile: string;
}

/** `new App({ title, version, description, specFile })`, falling back to the nearest package.json. */
export function appInfo(app: RouterModel, checker: ts.TypeChecker, packageInfo: (fileName: string) => { name?: string; version?: string }): AppInfo {
  const [argument] = app.creation.arguments ?? [];
  // Property by property: the App's runtime options (a `log` function, `2 * MiB`) need not be literals.
  const object = argument && skipParentheses(argument);
  const options: Record<string, unknown> = {};
  for (const property of object && ts.isObjectLiteralExpression(object) ? object.properties : []) {
    const key = ts.isPropertyAssignment(property) ? propertyName(property.name) : undefined;
    if (key && ts.isPropertyAssignment(property)) options[key] = literalValue(checker, property.initializer);
  }
  const pkg = packageInfo(app.creation.getSourceFile().fileName);
  const info: AppInfo = {
    title: typeof options.title === "string" ? options.title : pkg.name || "API",
    version: typeof options.version === "string" ? options.version : pkg.version || "0.1.0",
    specFile: typeof options.specFile === "string" ? options.specFile : "openapi.json",
  };
  if (typeof options.description === "string") info.description = options.description;
  return info;
}

/** The OpenAPI 3.1 document of one App: paths sorted, methods in OpenAPI order, components sorted by name. */
export function assembleSpec(app: RouterModel, info: AppInfo, discovery: Discovery, context: OperationContext): OpenAPIV3_1.Document {
  const mounted = mountedRoutes(app, discovery, context.diagnostics);
  const paths: Record<string, Record<string, OpenAPIV3_1.OperationObject>> = {};
  const operationIds = new Map<string, RouteModel>();

  for (const { route, path, tags } of sortRoutes(mounted)) {
    const operation = buildOperation(route, tags, context);
    documentValidationError(operation);
    const callbacks = callbacksOf(route, discovery, context);
    if (callbacks) operation.callbacks = callbacks;
    const clash = operationIds.get(operation.operationId!);
    if (clash) {
      context.diagnostics.push(
        diagnosticAt(
          route.call,
          Code.DuplicateOperationId,
          `Two operations have the operationId "${operation.operationId}" (${clash.method.toUpperCase()} ${clash.path} and ${route.method.toUpperCase()} ${route.path}): rename a handler or pass \`{ operationId: "…" }\`.`,
        ),
      );
    }
    operationIds.set(operation.operationId!, route);
    const item = (paths[path] ??= {});
    if (item[route.method]) {
      context.diagnostics.push(diagnosticAt(route.call, Code.DuplicateRoute, `${route.method.toUpperCase()} ${path} is registered twice; the first registration wins at run time. Remove one.`));
      continue;
    }
    item[route.method] = operation;
  }

  const document: OpenAPIV3_1.Document = {
    openapi: "3.1.0",
    info: { title: info.title, ...(info.description ? { description: info.description } : {}), version: info.version },
    paths: sortPathItems(paths),
  };
  const components = reachableComponents(document, new Map([...context.schemas.components(), ...VALIDATION_COMPONENTS]));
  if (components.size > 0) {
    document.components = { schemas: Object.fromEntries([...components].sort(([a], [b]) => compare(a, b))) as Record<string, OpenAPIV3_1.SchemaObject> };
  }
  return document;
}

/** `callbacks: router.routes`: every route of those routers, keyed by name, then by expression, then by method. */
function callbacksOf(route: RouteModel, discovery: Discovery, context: OperationContext): Record<string, OpenAPIV3_1.CallbackObject> | undefined {
  if (route.callbackRouters.length === 0) return undefined;
  const callbacks: Record<string, Record<string, Record<string, OpenAPIV3_1.OperationObject>>> = {};
  for (const symbol of route.callbackRouters) {
    const router = discovery.routers.get(symbol);
    if (!router) continue;
    for (const mounted of sortRoutes(mountedRoutes(router, discovery, context.diagnostics))) {
      const byExpression = (callbacks[mounted.route.name] ??= {});
      const item = (byExpression[mounted.path] ??= {});
      item[mounted.route.method] = buildOperation(mounted.route, mounted.tags, context);
    }
  }
  const sorted = Object.fromEntries(
    Object.entries(callbacks)
      .sort(([a], [b]) => compare(a, b))
      .map(([name, byExpression]) => [name, sortPathItems(byExpression)]),
  );
  return sorted as Record<string, OpenAPIV3_1.CallbackObject>;
}

function sortRoutes(routes: MountedRoute[]): MountedRoute[] {
  const rank = (m: MountedRoute) => HTTP_METHODS.indexOf(m.route.method);
  return [...routes].sort((a, b) => compare(a.path, b.path) || rank(a) - rank(b));
}

function sortPathItems<T>(items: Record<string, Record<string, T>>): Record<string, Record<string, T>> {
  return Object.fromEntries(
    Object.entries(items)
      .sort(([a], [b]) => compare(a, b))
      .map(([path, item]) => [path, Object.fromEntries(HTTP_METHODS.filter((m) => item[m]).map((m) => [m, item[m]!]))]),
  );
}

/** The components the document refers to, and those they refer to, transitively. */
export function reachableComponents(document: unknown, all: Map<string, JsonSchema>): Map<string, JsonSchema> {
  const reached = new Map<string, JsonSchema>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== "object" || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith(COMPONENTS)) {
        const name = inner.slice(COMPONENTS.length);
        const schema = all.get(name);
        if (schema && !reached.has(name)) {
          reached.set(name, schema);
          walk(schema);
        }
      } else {
        walk(inner);
      }
    }
  };
  walk(document);
  return reached;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
