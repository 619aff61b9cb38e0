import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { Code, diagnosticAt } from "./diagnostics";
import { literalValue } from "./literals";
import type { RouteModel } from "./discover";
import type { JsonSchema, SchemaRegistry } from "./schema";

export interface BoundRoute {
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBody?: OpenAPIV3_1.RequestBodyObject;
  responses: OpenAPIV3_1.ResponsesObject;
}

interface BoundParameter {
  name: string;
  location: "path" | "query" | "body";
  required: boolean;
  schema: JsonSchema;
}

/** `{name}` segments of a path; `{$…}` runtime expressions of callback paths are not parameters. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!);
}

/**
 * FastAPI's binding rules, decided from the handler's types: a parameter named
 * in the path is a path parameter; one of object type is the JSON body; any
 * other is a query parameter, required unless optional. The awaited return
 * type is the successful response; `void` means no content.
 */
export function bindRoute(route: RouteModel, checker: ts.TypeChecker, schemas: SchemaRegistry, diagnostics: ts.Diagnostic[]): BoundRoute {
  const inPath = new Set(pathParameterNames(route.path));
  const bound: BoundParameter[] = [];
  const bodyCount = route.handler.parameters.filter((p) => !inPath.has(parameterName(p) ?? "") && isBodyType(typeOf(p, checker), checker)).length;

  for (const declaration of route.handler.parameters) {
    const type = typeOf(declaration, checker);
    const name = parameterName(declaration);
    const isBody = !inPath.has(name ?? "") && isBodyType(type, checker);
    // A destructured body is fine when it is the only one: it is not embedded, so its name is never needed.
    if (name === undefined && !(isBody && bodyCount === 1)) {
      diagnostics.push(
        diagnosticAt(
          declaration.name,
          Code.DestructuredParameter,
          `A destructured parameter has no name to bind it by: write a named parameter (\`(item: Item)\`) and destructure it in the body.`,
        ),
      );
      continue;
    }
    const location = name !== undefined && inPath.has(name) ? "path" : isBody ? "body" : "query";
    const required = location === "path" || !isOptional(declaration, type);
    const schema = schemas.schemaFor(type, declaration);
    const initial = declaration.initializer && literalValue(checker, declaration.initializer);
    if (initial !== undefined && !("$ref" in schema)) schema.default = initial;
    bound.push({ name: name ?? "body", location, required, schema });
  }

  for (const name of inPath) {
    if (!bound.some((p) => p.location === "path" && p.name === name)) {
      diagnostics.push(
        diagnosticAt(
          route.pathNode,
          Code.MissingPathParameter,
          `The path "${route.path}" has the parameter {${name}}, but the handler "${route.name}" has no parameter named "${name}": add \`${name}: string\` (or the type it has) to the handler.`,
        ),
      );
    }
  }

  const parameters = (["path", "query"] as const).flatMap((location) =>
    bound
      .filter((p) => p.location === location)
      .map((p): OpenAPIV3_1.ParameterObject => ({ name: p.name, in: location, required: p.required, schema: p.schema as OpenAPIV3_1.ParameterObject["schema"] })),
  );
  return { parameters, requestBody: requestBodyOf(bound.filter((p) => p.location === "body")), responses: responsesOf(route, checker, schemas) };
}

/** One body parameter is the body; several are embedded under their names, as FastAPI does. */
function requestBodyOf(bodies: BoundParameter[]): OpenAPIV3_1.RequestBodyObject | undefined {
  if (bodies.length === 0) return undefined;
  const [only] = bodies;
  const schema =
    bodies.length === 1
      ? only!.schema
      : {
          type: "object",
          properties: Object.fromEntries(bodies.map((b) => [b.name, b.schema])),
          required: bodies.filter((b) => b.required).map((b) => b.name),
        };
  return {
    required: bodies.some((b) => b.required),
    content: { "application/json": { schema: schema as OpenAPIV3_1.SchemaObject } },
  };
}

function responsesOf(route: RouteModel, checker: ts.TypeChecker, schemas: SchemaRegistry): OpenAPIV3_1.ResponsesObject {
  const signature = checker.getSignatureFromDeclaration(route.handler);
  const returned = signature ? checker.getReturnTypeOfSignature(signature) : checker.getAnyType();
  const type = checker.getAwaitedType(returned) ?? returned;
  const description = route.options.responseDescription ?? "Successful Response";
  if (isNoContent(type)) {
    return { [String(route.options.statusCode ?? 204)]: { description } };
  }
  const site = route.handler.type ?? route.handler.name ?? route.handler;
  const schema = schemas.schemaFor(type, site);
  return {
    [String(route.options.statusCode ?? 200)]: {
      description,
      content: { "application/json": { schema: schema as OpenAPIV3_1.SchemaObject } },
    },
  };
}

function isNoContent(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.every((t) => t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never));
}

/** The declared type (widened: `limit = 10` is a number); a destructured parameter has no symbol. */
function typeOf(declaration: ts.ParameterDeclaration, checker: ts.TypeChecker): ts.Type {
  const symbol = ts.isIdentifier(declaration.name) ? checker.getSymbolAtLocation(declaration.name) : undefined;
  return symbol ? checker.getTypeOfSymbol(symbol) : checker.getTypeAtLocation(declaration);
}

function parameterName(declaration: ts.ParameterDeclaration): string | undefined {
  return ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
}

function isOptional(declaration: ts.ParameterDeclaration, type: ts.Type): boolean {
  if (declaration.questionToken || declaration.initializer) return true;
  return type.isUnion() && type.types.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
}

/**
 * Rule 2: interfaces, type literals, classes and arrays of them are the body.
 * Dates and branded primitives (`HttpUrl`) are scalars, as are their arrays.
 */
const PRIMITIVE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike;

export function isBodyType(type: ts.Type, checker: ts.TypeChecker): boolean {
  const members = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
  if (members.length === 0) return false;
  return members.every((t) => {
    if (checker.isArrayType(t) || checker.isTupleType(t)) {
      return checker.getTypeArguments(t as ts.TypeReference).some((element) => isBodyType(element, checker));
    }
    if (t.isIntersection()) return !t.types.some((part) => part.flags & PRIMITIVE);
    if (!(t.flags & ts.TypeFlags.Object) || t.flags & ts.TypeFlags.EnumLiteral) return false;
    return t.getSymbol()?.name !== "Date";
  });
}
