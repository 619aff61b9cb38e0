import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { bindRoute, type BindContext, type BoundRoute } from "./bind";
import { handlerName, type RouteModel } from "./discover";
import { parseJsDocOf } from "./schema/parsed-jsdoc";
import { nameInWords } from "./words";
import type { DocumentMemo } from "./document-memo";

/** What building an operation needs. */
export type OperationContext = BindContext & {
  /** "standard" writes callback keys in OpenAPI's form; "as-written" keeps the user's text. */
  expressions: "standard" | "as-written";
  /** Under watch: the last run's operations, and this run's for the next (document-memo.ts). */
  memo?: DocumentMemo;
};

/**
 * Which way a request goes: `inbound` operations are served by our API;
 * `outbound` ones (callbacks, webhooks) are requests our API sends, so the
 * receiver validates them and no error responses are invented.
 */
export type Direction = "inbound" | "outbound";

export interface BuiltOperation {
  operation: OpenAPIV3_1.OperationObject;
  bound: BoundRoute;
}

/**
 * One route as an OpenAPI operation. The same function builds path
 * operations, callbacks and webhooks (a callback is just a route on another
 * router). Keys follow the OpenAPI field order. Under watch, it is the very
 * object this run or the last built for the route the same way (direction,
 * tags, operationId) from the same binding (document-memo.ts). That binding is
 * the one the last run kept (the same objects), which the last run took only
 * if neither the route's file nor its handler's changed: the handler's name
 * and JSDoc are the same too. The caller must not change it: callbacks go on
 * a copy (`withCallbacks`).
 */
export function buildOperation(route: RouteModel, extraTags: readonly string[], context: OperationContext, direction: Direction = "inbound", operationId?: string): BuiltOperation {
  const bound = bindRoute(route, context, direction === "outbound");
  const build = () => operationOf(route, bound, extraTags, context, direction, operationId);
  const { memo } = context;
  if (!memo) return { operation: build(), bound };
  const { options } = route;
  // Everything else an operation is made of (operationOf), as one text.
  const rest = JSON.stringify([route.name, extraTags, options.tags, options.summary, options.description, options.operationId, options.deprecated, options.signed, direction, operationId]);
  return { operation: memo.made(route.call, [bound.parameters, bound.requestBody, bound.responses, rest], build), bound };
}

/**
 * A copy of `operation` with its callbacks (`callbacks` makes them: an
 * operation object of each callback route, by name, expression and method).
 * Under watch, the copy made before of the same `parts`: each callback's
 * name, expression, method and operation, in the order met.
 */
export function withCallbacks(operation: OpenAPIV3_1.OperationObject, parts: readonly unknown[], callbacks: () => Record<string, OpenAPIV3_1.CallbackObject>, memo?: DocumentMemo): OpenAPIV3_1.OperationObject {
  const copy = () => ({ ...operation, callbacks: callbacks() });
  return memo ? memo.made(operation, parts, copy) : copy();
}

function operationOf(route: RouteModel, bound: BoundRoute, extraTags: readonly string[], context: OperationContext, direction: Direction, operationId?: string): OpenAPIV3_1.OperationObject {
  const tags = [...extraTags, ...(route.options.tags ?? [])];
  const description = route.options.description ?? jsDocDescription(route.handler) ?? jsDocOf(route.call.parent);
  const operation: OpenAPIV3_1.OperationObject = {};
  if (tags.length > 0) operation.tags = tags;
  operation.summary = route.options.summary ?? nameInWords(route.name);
  if (description) operation.description = description;
  operation.operationId = operationId ?? defaultOperationId(route);
  const parameters = direction === "outbound" && route.options.signed ? [...bound.parameters, ...SIGNATURE_PARAMETERS] : bound.parameters;
  if (parameters.length > 0) operation.parameters = parameters;
  if (bound.requestBody) operation.requestBody = bound.requestBody;
  operation.responses = bound.responses;
  if (route.options.deprecated) operation.deprecated = true;
  if (direction === "outbound") (operation as Record<string, unknown>)["x-callspec-direction"] = "outbound";
  return operation;
}

/** The headers of a signed callback (Standard Webhooks), as the receiver sees them. */
const SIGNATURE_PARAMETERS: OpenAPIV3_1.ParameterObject[] = [
  { name: "webhook-id", in: "header", required: true, description: "Unique id of the message; the same on every retry.", schema: { type: "string" } },
  { name: "webhook-timestamp", in: "header", required: true, description: "Unix time (seconds) the message was signed at.", schema: { type: "string", pattern: "^[0-9]+$" } },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description: "`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` with the shared secret (Standard Webhooks).",
    schema: { type: "string", pattern: "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$" },
  },
];

/** The `operationId` option, else the handler function's own name, else the route's `name` option. */
export function defaultOperationId(route: RouteModel): string {
  return route.options.operationId ?? handlerName(route.handler) ?? route.name;
}

/**
 * The JSDoc of a handler, as its docstring is for FastAPI: on the function
 * itself, on the `const` that holds it, or, for a function declared with
 * overloads, on the first overload that has it (where TypeScript's
 * convention puts it); the caller checks the registration statement
 * `/** … *\/ app.get(...)` last.
 */
function jsDocDescription(handler: ts.SignatureDeclaration): string | undefined {
  const holder = ts.isVariableDeclaration(handler.parent) ? handler.parent.parent.parent : undefined;
  return jsDocOf(handler) ?? (holder && ts.isVariableStatement(holder) ? jsDocOf(holder) : undefined) ?? overloadsJsDoc(handler);
}

function overloadsJsDoc(handler: ts.SignatureDeclaration): string | undefined {
  if (!ts.isFunctionDeclaration(handler)) return undefined;
  // The binder's symbol, which the overloads share: no checker needed (a watch rebuild's would be a new one).
  for (const declaration of (handler as { symbol?: ts.Symbol }).symbol?.declarations ?? []) {
    if (declaration === handler || !ts.isFunctionDeclaration(declaration) || declaration.body) continue;
    const text = jsDocOf(declaration);
    if (text) return text;
  }
  return undefined;
}

function jsDocOf(node: ts.Node): string | undefined {
  parseJsDocOf(node);
  const text = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
    .join("\n\n")
    .trim();
  return text || undefined;
}
