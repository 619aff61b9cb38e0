import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { bindRoute } from "./bind";
import type { RouteModel } from "./discover";
import type { SchemaRegistry } from "./schema";
import { nameInWords } from "./words";

/** What building an operation needs; also used to nest the callbacks of a route. */
export interface OperationContext {
  checker: ts.TypeChecker;
  schemas: SchemaRegistry;
  diagnostics: ts.Diagnostic[];
}

/**
 * One route as an OpenAPI operation. The same function builds path operations
 * and callback operations (a callback is just a route on another router);
 * `callbacks` is filled by the caller. Keys follow the OpenAPI field order.
 */
export function buildOperation(route: RouteModel, extraTags: readonly string[], context: OperationContext): OpenAPIV3_1.OperationObject {
  const bound = bindRoute(route, context.checker, context.schemas, context.diagnostics);
  const tags = [...extraTags, ...(route.options.tags ?? [])];
  const description = route.options.description ?? jsDocDescription(route.handler) ?? jsDocOf(route.call.parent);
  const operation: OpenAPIV3_1.OperationObject = {};
  if (tags.length > 0) operation.tags = tags;
  operation.summary = route.options.summary ?? nameInWords(route.name);
  if (description) operation.description = description;
  operation.operationId = route.options.operationId ?? route.name;
  if (bound.parameters.length > 0) operation.parameters = bound.parameters;
  if (bound.requestBody) operation.requestBody = bound.requestBody;
  operation.responses = bound.responses;
  if (route.options.deprecated) operation.deprecated = true;
  return operation;
}

/**
 * The JSDoc of a handler, as its docstring is for FastAPI: on the function
 * itself, on the `const` that holds it, or (checked by the caller) on the
 * registration statement `/** … *\/ app.get(...)`.
 */
function jsDocDescription(handler: ts.SignatureDeclaration): string | undefined {
  const holder = ts.isVariableDeclaration(handler.parent) ? handler.parent.parent.parent : undefined;
  return jsDocOf(handler) ?? (holder && ts.isVariableStatement(holder) ? jsDocOf(holder) : undefined);
}

function jsDocOf(node: ts.Node): string | undefined {
  const text = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
    .join("\n\n")
    .trim();
  return text || undefined;
}
