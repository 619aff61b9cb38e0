import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { Code, diagnosticAt } from "./diagnostics";
import { literalValue } from "./literals";
import type { RouteModel } from "./discover";
import type { RuntimeSymbols } from "./runtime-symbols";
import type { JsonSchema, SchemaRegistry } from "./schema";

export type ParameterIn = "path" | "query" | "header" | "cookie";

/** A parameter as bound, with its TypeScript type (callback expressions are checked against it). */
export interface TypedParameter {
  /** The name on the wire: a header's is `x-request-id` for `x_request_id`. */
  name: string;
  in: ParameterIn;
  type: ts.Type;
}

export interface BoundRoute {
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBody?: OpenAPIV3_1.RequestBodyObject;
  responses: OpenAPIV3_1.ResponsesObject;
  /** What the types are, for checking `$request.…` and `$response.…` expressions. */
  typed: {
    parameters: TypedParameter[];
    /** The body's type; with several body parameters, each under its name. */
    body?: { type: ts.Type; name: string } | { embedded: Map<string, ts.Type> };
    /** The success response's type, when it has content. */
    response?: ts.Type;
  };
}

interface BoundParameter {
  name: string;
  location: ParameterIn | "body";
  required: boolean;
  schema: JsonSchema;
  type: ts.Type;
}

export interface BindContext {
  checker: ts.TypeChecker;
  runtime: RuntimeSymbols;
  schemas: SchemaRegistry;
  diagnostics: ts.Diagnostic[];
}

/** `{name}` segments of a path; `{$…}` runtime expressions of callback paths are not parameters. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!);
}

/**
 * FastAPI's binding rules, decided from the handler's types: an explicit
 * `Header<T>`/`Query<T>`/`Cookie<T>`/`Path<T>`/`Body<T>` says where; else a
 * parameter named in the path is a path parameter; one of object type is the
 * JSON body; any other is a query parameter, required unless optional. The
 * awaited return type is the successful response; `void` means no content.
 * A callback's path is a runtime expression, so it has no path parameters.
 */
export function bindRoute(route: RouteModel, context: BindContext, isCallback = false): BoundRoute {
  const { checker, schemas, diagnostics } = context;
  const inPath = new Set(isCallback ? [] : pathParameterNames(route.path));
  const declared = route.handler.parameters.map((declaration) => {
    const name = parameterName(declaration);
    const { location: explicit, type } = explicitLocation(typeOf(declaration, checker), checker, context.runtime);
    const location = explicit ?? (name !== undefined && inPath.has(name) ? "path" : isBodyType(type, checker) ? "body" : "query");
    return { declaration, name, type, location };
  });
  const bodyCount = declared.filter((p) => p.location === "body").length;

  const bound: BoundParameter[] = [];
  for (const { declaration, name, type, location } of declared) {
    // A destructured body is fine when it is the only one: it is not embedded, so its name is never needed.
    if (name === undefined && !(location === "body" && bodyCount === 1)) {
      diagnostics.push(
        diagnosticAt(
          declaration.name,
          Code.DestructuredParameter,
          `A destructured parameter has no name to bind it by: write a named parameter (\`(item: Item)\`) and destructure it in the body.`,
        ),
      );
      continue;
    }
    const required = location === "path" || !isOptional(declaration, type);
    const schema = schemas.schemaFor(type, declaration);
    const initial = declaration.initializer && literalValue(checker, declaration.initializer);
    if (initial !== undefined) schema.default = initial;
    const wireName = location === "header" ? name!.replace(/_/g, "-") : (name ?? "body");
    bound.push({ name: wireName, location, required, schema, type });
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

  const parameters = (["path", "query", "header", "cookie"] as const).flatMap((location) =>
    bound
      .filter((p) => p.location === location)
      .map((p): OpenAPIV3_1.ParameterObject => ({ name: p.name, in: location, required: p.required, schema: p.schema as OpenAPIV3_1.ParameterObject["schema"] })),
  );
  const bodies = bound.filter((p) => p.location === "body");
  const response = responseOf(route, context);
  return {
    parameters,
    requestBody: requestBodyOf(bodies),
    responses: response.responses,
    typed: {
      parameters: bound.filter((p): p is BoundParameter & { location: ParameterIn } => p.location !== "body").map((p) => ({ name: p.name, in: p.location, type: p.type })),
      body: bodies.length === 1 ? { type: bodies[0]!.type, name: bodies[0]!.name } : bodies.length > 1 ? { embedded: new Map(bodies.map((b) => [b.name, b.type])) } : undefined,
      response: response.type,
    },
  };
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

function responseOf(route: RouteModel, { checker, schemas }: BindContext): { responses: OpenAPIV3_1.ResponsesObject; type?: ts.Type } {
  const signature = checker.getSignatureFromDeclaration(route.handler);
  const returned = signature ? checker.getReturnTypeOfSignature(signature) : checker.getAnyType();
  const type = checker.getAwaitedType(returned) ?? returned;
  const description = route.options.responseDescription ?? "Successful Response";
  if (isNoContent(type)) {
    return { responses: { [String(route.options.statusCode ?? 204)]: { description } } };
  }
  const site = route.handler.type ?? route.handler.name ?? route.handler;
  const schema = schemas.schemaFor(type, site);
  return {
    type,
    responses: {
      [String(route.options.statusCode ?? 200)]: {
        description,
        content: { "application/json": { schema: schema as OpenAPIV3_1.SchemaObject } },
      },
    },
  };
}

/**
 * `Header<string>` is `string & In<"header">`: the location from the brand
 * (declared in callspec's runtime), and the type without it. Optional
 * parameters keep their `undefined`.
 */
function explicitLocation(type: ts.Type, checker: ts.TypeChecker, runtime: RuntimeSymbols): { location?: ParameterIn | "body"; type: ts.Type } {
  const members = type.isUnion() ? type.types : [type];
  for (const member of members) {
    if (!member.isIntersection()) continue;
    const brand = member.types.find((part) => runtime.typeNameOf(part.getSymbol()) === "In");
    if (!brand) continue;
    const [argument] = checker.getTypeArguments(brand as ts.TypeReference);
    const location = argument?.isStringLiteral() ? (argument.value as ParameterIn | "body") : undefined;
    const inner = member.aliasTypeArguments?.[0];
    if (!location || !inner) continue;
    // `Header<string> | undefined`: keep the rest of the union around the unwrapped type.
    const others = members.filter((m) => m !== member);
    return { location, type: others.length === 0 ? inner : unionOf(checker, [inner, ...others]) };
  }
  return { type };
}

function unionOf(checker: ts.TypeChecker, types: ts.Type[]): ts.Type {
  // getUnionType is public from TypeScript 5.x's checker at run time, though not in every .d.ts.
  return (checker as unknown as { getUnionType(types: ts.Type[]): ts.Type }).getUnionType(types);
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

const PRIMITIVE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike;

/**
 * Rule 2: interfaces, type literals, classes and arrays of them are the body.
 * Dates and branded primitives (`HttpUrl`) are scalars, as are their arrays.
 */
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
