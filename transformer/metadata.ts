import type ts from "typescript";
import { COMPILED_VERSION, type CompiledParameter, type CompiledRoute } from "../runtime/compiled";
import { bindRoute, type BoundRoute } from "./bind";
import type { Discovery } from "./discover";
import type { OperationContext } from "./operation";
import type { JsonSchema } from "./schema";

/**
 * A route's metadata for the runtime (runtime/compiled.ts) but its
 * `components`: the routes of one emitted file share one table of them,
 * which splice.ts makes from what these routes reach.
 */
export type RouteMetadata = Omit<CompiledRoute, "components">;

/**
 * The metadata the runtime binds and validates with, for every route of
 * every router, keyed by its registration call. Built from the same bindings
 * and schemas as the document: nothing is derived twice.
 */
export function compileRoutes(discovery: Discovery, context: OperationContext): Map<ts.CallExpression, RouteMetadata> {
  const bound: [ts.CallExpression, BoundRoute, boolean][] = [];
  const routers = [...discovery.routers.values()];
  // Callback routers and webhooks are bound as what they are: requests we send, whose keys are expressions.
  const outbound = new Set(routers.flatMap((router) => [...router.options.callbacks, ...router.includes.flatMap((i) => i.callbacks), ...router.routes.flatMap((r) => r.callbackRouters), ...(router.webhooks ? [router.webhooks] : [])]));
  // And what they include: their routes are sent, and mounted with them (spec.ts, mountedRoutes).
  for (const router of outbound) for (const include of router.includes) outbound.add(include.router);
  for (const router of new Set([...routers, ...outbound])) {
    for (const route of router.routes) bound.push([route.call, bindRoute(route, context, outbound.has(router)), outbound.has(router)]);
  }
  const { memo } = context;
  // Under watch, the last run's when made from the same binding's objects (document-memo.ts).
  const compiled = (route: BoundRoute, isOutbound: boolean) => (memo ? memo.made(route.bindings, [route.responses, route.status, isOutbound], () => compileRoute(route, isOutbound)) : compileRoute(route, isOutbound));
  return new Map(bound.map(([call, route, isOutbound]) => [call, compiled(route, isOutbound)]));
}

/** A route's metadata; an outbound route's also carries its response schema, for `route.send()` to validate the receiver's answer. */
function compileRoute(route: Pick<BoundRoute, "bindings" | "responses" | "status">, isOutbound: boolean): RouteMetadata {
  const parameters = route.bindings.map((p): CompiledParameter => {
    const name = p.location === "header" ? p.name.toLowerCase() : p.name;
    return p.schema ? { name, in: p.location, required: p.required, schema: p.schema } : { name, in: p.location, required: p.required };
  });
  const success = route.responses[String(route.status)] as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
  const response = isOutbound ? success?.content?.["application/json"]?.schema : undefined;
  const compiled: RouteMetadata = { callspec: COMPILED_VERSION, parameters, status: route.status };
  if (response) compiled.response = response;
  return compiled;
}
