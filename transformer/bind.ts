import ts from "typescript";
import { STATUS_CODES } from "node:http";
import type { OpenAPIV3_1 } from "openapi-types";
import { awaitedReturnType } from "./awaited";
import { Code, diagnosticAt } from "./diagnostics";
import { literalOfType, literalValue } from "./literals";
import type { RouteModel } from "./discover";
import type { RuntimeSymbols } from "./runtime-symbols";
import type { JsonSchema, SchemaRegistry } from "./schema";
import { responsesObject } from "./responses-object";
import { PROTOTYPE_KEY_REFUSED } from "./schema/not-json";
import { VALIDATION_ERROR_RESPONSE } from "./validation-error";
import { headerName } from "../runtime/parameters";
import type { KeptBinding } from "./schema/registry";
import type { BindingRole, DerivedBinding, Reuse } from "./schema/reuse";

export type ParameterIn = "path" | "query" | "header" | "cookie";

/** A parameter as bound, with its TypeScript type (callback expressions are checked against it). */
export interface TypedParameter {
  /** The name on the wire: a header's is `x-request-id` for `x_request_id`. */
  name: string;
  in: ParameterIn;
  type: ts.Type;
}

export interface BoundParameter {
  /** The parameter's name in the request (a header's with `-` for `_`). */
  name: string;
  location: ParameterIn | "body" | "context";
  required: boolean;
  /** Absent for the injected RequestContext. */
  schema?: JsonSchema;
  /** The value's type (without `Header<…>` and friends). */
  type?: ts.Type;
}

export interface BoundRoute {
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBody?: OpenAPIV3_1.RequestBodyObject;
  responses: OpenAPIV3_1.ResponsesObject;
  /** Every handler parameter, in the handler's order: what the runtime binds (transformer/metadata.ts). */
  bindings: BoundParameter[];
  /** The status of a plain return value: the `statusCode` option, else 200, or 204 for void. */
  status: number;
  /** Callback keys checked against this route as their parent in this run, by mode and text (callbacks.ts). */
  callbackKeys: Map<string, string>;
  /** A reused binding's: the ones its previous run checked. */
  checkedBefore?: ReadonlyMap<string, string>;
  /** What the types are, for checking `$request.…` and `$response.…` expressions (a reused binding finds them when asked). */
  typed: {
    parameters: TypedParameter[];
    /** The body's type; with several body parameters, each under its name. */
    body?: { type: ts.Type; name: string } | { embedded: Map<string, ts.Type> };
    /** The success response's type, when it has content. */
    response?: ts.Type;
  };
}

export interface BindContext {
  checker: ts.TypeChecker;
  runtime: RuntimeSymbols;
  schemas: SchemaRegistry;
  diagnostics: ts.Diagnostic[];
  /** When a derivation is kept for the next Program (schema/reuse.ts): what it may take from the last, and the bindings kept so far. */
  kept?: KeptBindings;
}

/** A run's bindings for the next Program, by role and registration call; and what it may reuse of the previous one's. */
export interface KeptBindings {
  reuse: Reuse | null;
  bindings: Record<BindingRole, Map<ts.CallExpression, KeptBinding>>;
}

/** `Query<T>`, `Header<T>`, … of the runtime (runtime/parameters.ts): the source they force. */
const EXPLICIT_SOURCES: Record<string, BoundParameter["location"]> = { Query: "query", Header: "header", Cookie: "cookie", Path: "path", Body: "body" };

/** One binding per route and role per run: operations, callbacks and the runtime metadata share it (types are derived once; a reused binding's `typed` binds again, when a new callback key asks for it). */
const boundRoutes = { inbound: new WeakMap<RouteModel, BoundRoute>(), callback: new WeakMap<RouteModel, BoundRoute>() };

/** `{name}` segments of a path; `{$…}` runtime expressions of callback paths are not parameters. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!);
}

/**
 * FastAPI's binding rules, decided from the handler's types: an explicit
 * `Header<T>`/`Query<T>`/`Cookie<T>`/`Path<T>`/`Body<T>` says where, a
 * `RequestContext` is injected; else a parameter named in the path is a path
 * parameter; one of object type is the JSON body; any other is a query
 * parameter, required unless optional. The awaited return type is the
 * successful response; `void` means no content. A callback's path is a
 * runtime expression, so it has no path parameters.
 */
export function bindRoute(route: RouteModel, context: BindContext, isCallback = false): BoundRoute {
  const cache = isCallback ? boundRoutes.callback : boundRoutes.inbound;
  let bound = cache.get(route);
  if (!bound) cache.set(route, (bound = context.kept ? keptOrBound(route, context, context.kept, isCallback) : bindOnce(route, context, isCallback)));
  return bound;
}

/** What of a binding is kept for the next Program: not the types, which are the checker's (`typed` is found again when asked). */
type KeptShape = Omit<BoundRoute, "typed" | "callbackKeys" | "checkedBefore">;

/**
 * Under `tspc --watch`: the binding the previous Program derived for this
 * registration call when neither its file nor the handler's can have
 * changed (schema/reuse.ts), else a fresh one, kept for the next Program
 * when it bound without a diagnostic.
 */
function keptOrBound(route: RouteModel, context: BindContext, kept: KeptBindings, isCallback: boolean): BoundRoute {
  const role: BindingRole = isCallback ? "callback" : "inbound";
  const derived = kept.reuse?.binding(role, route.call, route.handler);
  const revived = derived && (context.schemas.revivedBinding(derived, route.handler) as KeptShape | undefined);
  if (derived && revived && !refusesBody(revived, context, isCallback)) {
    // The keys this run checks or takes from the last are the ones the next run gets: none piles up. Most routes
    // are no callback's parent: they pass on as they were, without a map of their own.
    const keep = (binding: DerivedBinding) => kept.bindings[role].set(route.call, binding);
    keep(derived.callbackKeys.size === 0 ? derived : { ...derived, callbackKeys: new Map() });
    return new RevivedRoute(revived, derived, keep, () => bindOnce(route, context, isCallback).typed);
  }
  const reported = context.diagnostics.length;
  const { value: bound, tracked } = context.schemas.tracked(() => bindOnce(route, context, isCallback));
  if (context.diagnostics.length === reported) {
    const { typed: _, callbackKeys: __, ...rest } = bound;
    const value: KeptShape = { ...rest, bindings: bound.bindings.map(({ type: _, ...binding }) => binding) };
    kept.bindings[role].set(route.call, { value, tracked, locate: (type) => writtenAs(route.handler, type, context.checker), callbackKeys: bound.callbackKeys });
  }
  return bound;
}

/**
 * Whether the server would now refuse a revived binding's request body, as
 * `bindOnce` checks it: the components its schema refers to may have been
 * derived again (a changed interface that a kept one names by reference,
 * schema/settled.ts). The route is then bound afresh, which reports it
 * where a fresh build does. Nothing to walk unless some schema has a
 * "constructor" key.
 */
function refusesBody(kept: KeptShape, context: BindContext, isCallback: boolean): boolean {
  if (isCallback) return false;
  const bodies = kept.bindings.filter((binding) => binding.location === "body");
  return bodies.some((body) => context.schemas.refusedConstructorKey(body.schema, bodies.length > 1 ? body.name : undefined) !== undefined);
}

/**
 * A binding the previous Program derived, taken as it was. A class rather
 * than a spread with a getter: there are thousands per watch rebuild, and
 * an object literal with an accessor is made slowly and accessed slower.
 */
class RevivedRoute implements BoundRoute {
  readonly parameters: BoundRoute["parameters"];
  readonly requestBody: BoundRoute["requestBody"];
  readonly responses: BoundRoute["responses"];
  readonly bindings: BoundRoute["bindings"];
  readonly status: number;
  #typed: BoundRoute["typed"] | undefined;
  #callbackKeys: Map<string, string> | undefined;

  constructor(
    kept: KeptShape,
    private readonly derived: DerivedBinding,
    /** Keeps the binding for the next run, with the keys this run checks. */
    private readonly keep: (binding: DerivedBinding) => void,
    private readonly bindTypes: () => BoundRoute["typed"],
  ) {
    this.parameters = kept.parameters;
    this.requestBody = kept.requestBody;
    this.responses = kept.responses;
    this.bindings = kept.bindings;
    this.status = kept.status;
  }

  /** The callback keys checked against this route in this run: made when a first one is (callbacks.ts). */
  get callbackKeys(): Map<string, string> {
    if (!this.#callbackKeys) {
      this.#callbackKeys = new Map();
      this.keep({ ...this.derived, callbackKeys: this.#callbackKeys });
    }
    return this.#callbackKeys;
  }

  /** The ones its previous run checked. */
  get checkedBefore(): ReadonlyMap<string, string> {
    return this.derived.callbackKeys;
  }

  /** Only a callback key not checked before needs the types: bound again, the route meets only what it met. */
  get typed(): BoundRoute["typed"] {
    return (this.#typed ??= this.bindTypes());
  }
}

/** The type node of the handler's signature whose type is `type` (`Page<Order>` in `Promise<Page<Order>>`), if one is. */
function writtenAs(handler: ts.SignatureDeclaration, type: ts.Type, checker: ts.TypeChecker): ts.TypeNode | undefined {
  const find = (node: ts.Node): ts.TypeNode | undefined => {
    if (ts.isTypeReferenceNode(node) && checker.getTypeFromTypeNode(node) === type) return node;
    return ts.forEachChild(node, find);
  };
  for (const written of [...handler.parameters.map((p) => p.type), handler.type]) {
    const found = written && find(written);
    if (found) return found;
  }
  return undefined;
}

function bindOnce(route: RouteModel, context: BindContext, isCallback: boolean): BoundRoute {
  const { checker, schemas, diagnostics, runtime } = context;
  const inPath = new Set(isCallback ? [] : pathParameterNames(route.path));
  // `this: T` is not a parameter at all; a rest parameter cannot be bound by name.
  const handlerParameters = route.handler.parameters.filter((declaration) => !(ts.isIdentifier(declaration.name) && declaration.name.text === "this"));
  for (const rest of handlerParameters.filter((declaration) => declaration.dotDotDotToken)) {
    diagnostics.push(diagnosticAt(rest, Code.DestructuredParameter, `A rest parameter cannot be bound to one query, path, header or body value: write a named parameter (\`tags: string[]\` for repeated query keys).`));
  }
  const declared = handlerParameters.filter((declaration) => !declaration.dotDotDotToken).map((declaration) => {
    const name = parameterName(declaration);
    const explicit = explicitSource(declaration, checker, runtime);
    const type = explicit?.inner ?? typeOf(declaration, checker);
    const location = explicit?.location ?? (name !== undefined && inPath.has(name) ? "path" : isBodyType(type, checker) ? "body" : "query");
    return { declaration, name, type, location };
  });
  const bodyCount = declared.filter((p) => p.location === "body").length;

  const bound: BoundParameter[] = [];
  for (const { declaration, name, type, location } of declared) {
    if (location === "context") {
      bound.push({ name: name ?? "context", location, required: true });
      continue;
    }
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
    // Embedded, a body parameter's name is a key of the JSON body (requestBodyOf), as a property's is.
    if (location === "body" && bodyCount > 1 && name === "__proto__") {
      diagnostics.push(
        diagnosticAt(
          declaration.name,
          Code.NotJsonSchema,
          `A body parameter named "__proto__" cannot be sent: with several body parameters each is a key of the JSON body, and ${PROTOTYPE_KEY_REFUSED}. Rename the parameter.`,
        ),
      );
      continue;
    }
    if (location === "path" && !inPath.has(name!)) {
      diagnostics.push(
        diagnosticAt(
          declaration,
          Code.MissingPathParameter,
          `The parameter "${name}" is a path parameter, but the path "${route.path}" has no {${name}}: add {${name}} to the path, or make it a query parameter.`,
        ),
      );
    }
    const required = location === "path" || !isOptional(declaration, typeOf(declaration, checker));
    const schema = schemas.schemaFor(type, declaration);
    const initial = declaration.initializer && literalValue(checker, declaration.initializer);
    if (initial !== undefined) schema.default = initial;
    const wireName = location === "header" ? headerName(name!) : (name ?? "body");
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

  // FastAPI's order: path, query, header, cookie.
  const parameters = (["path", "query", "header", "cookie"] as const).flatMap((location) =>
    bound
      .filter((p) => p.location === location)
      .map((p): OpenAPIV3_1.ParameterObject => ({ name: p.name, in: location, required: p.required, schema: p.schema as OpenAPIV3_1.ParameterObject["schema"] })),
  );
  const bodies = bound.filter((p) => p.location === "body");
  const requestBody = requestBodyOf(bodies);
  // A body the server refuses (body.ts) would make requests the document allows fail: a served route's is checked.
  for (const body of isCallback ? [] : bodies) {
    const path = schemas.refusedConstructorKey(body.schema, bodyCount > 1 ? body.name : undefined);
    if (!path) continue;
    const site = declared.find((p) => p.location === "body" && (p.name ?? "body") === body.name)?.declaration ?? route.handler;
    diagnostics.push(
      diagnosticAt(
        site,
        Code.NotJsonSchema,
        `The request body can hold a "constructor" key whose value has a "prototype" key (at ${path}), which Callspec's server refuses (prototype pollution): a request the document allows would get a 422. Rename one of the two.`,
      ),
    );
  }
  const response = responsesOf(route, context);
  // A route we serve answers invalid input with 422 (validation-error.ts), unless it documents 422 itself.
  if (!isCallback && (parameters.length > 0 || requestBody) && !("422" in response.responses)) response.responses["422"] = VALIDATION_ERROR_RESPONSE;
  return {
    parameters,
    requestBody,
    responses: response.responses,
    bindings: bound,
    status: response.status,
    callbackKeys: new Map(),
    typed: {
      parameters: bound.filter((p): p is BoundParameter & { location: ParameterIn; type: ts.Type } => p.location !== "body" && p.location !== "context").map((p) => ({ name: p.name, in: p.location, type: p.type })),
      body: bodies.length === 1 ? { type: bodies[0]!.type!, name: bodies[0]!.name } : bodies.length > 1 ? { embedded: new Map(bodies.map((b) => [b.name, b.type!])) } : undefined,
      response: response.type,
    },
  };
}

/**
 * A parameter written `Header<string>` (or `Query`, `Cookie`, `Path`, `Body`
 * of the runtime): its forced source and the type inside. A `RequestContext`
 * is the injected context. Read from the written type, so `?` still works.
 */
function explicitSource(declaration: ts.ParameterDeclaration, checker: ts.TypeChecker, runtime: RuntimeSymbols): { location: BoundParameter["location"]; inner?: ts.Type } | undefined {
  const written = declaration.type && ts.isUnionTypeNode(declaration.type) ? declaration.type.types.find(ts.isTypeReferenceNode) : declaration.type;
  // Each wrapper takes a type argument: a name written without one (most parameters: `item: Item`) is not resolved.
  const argument = written && ts.isTypeReferenceNode(written) ? written.typeArguments?.[0] : undefined;
  if (argument) {
    const name = runtime.typeNameOf(runtime.resolve(checker.getSymbolAtLocation((written as ts.TypeReferenceNode).typeName)));
    const location = name ? EXPLICIT_SOURCES[name] : undefined;
    if (location) return { location, inner: checker.getTypeFromTypeNode(argument) };
  }
  const type = typeOf(declaration, checker);
  const members = type.isUnion() ? type.types : [type];
  if (members.some((t) => runtime.typeNameOf(t.aliasSymbol ?? t.getSymbol()) === "RequestContext")) return { location: "context" };
  return undefined;
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

/**
 * The responses a handler can give: its plain return value under the route's
 * status, and each `Status<S, B>` (the runtime's `status(S, body)`) under S.
 */
function responsesOf(route: RouteModel, { checker, schemas, runtime, diagnostics }: BindContext): { responses: OpenAPIV3_1.ResponsesObject; status: number; type?: ts.Type } {
  const signature = checker.getSignatureFromDeclaration(route.handler);
  const returned = signature ? checker.getReturnTypeOfSignature(signature) : checker.getAnyType();
  const type = awaitedReturnType(returned, route.handler, checker);
  const site = route.handler.type ?? route.handler.name ?? route.handler;
  const members = type.isUnion() ? type.types : [type];
  const isStatus = (t: ts.Type) => runtime.typeNameOf(t.getSymbol()) === "Status";
  const statuses = members.filter(isStatus);
  const plain = statuses.length === 0 ? [type] : members.filter((t) => !isStatus(t));

  // Only `status(...)` returns: the lowest 2xx among them is the success response.
  const statusCodes = statuses.map((t) => literalOfType(checker.getTypeArguments(t as ts.TypeReference)[0]!)).filter((c): c is number => typeof c === "number");
  const lowest2xx = Math.min(...statusCodes.filter((c) => c >= 200 && c < 300));
  const status = route.options.statusCode ?? (plain.length === 0 && Number.isFinite(lowest2xx) ? lowest2xx : plain.length > 0 && plain.every(isNoContent) ? 204 : 200);
  const found = new Map<number, JsonSchema[]>();
  const add = (code: number, schema: JsonSchema | undefined) => {
    const schemasOfCode = found.get(code) ?? [];
    if (schema) schemasOfCode.push(schema);
    found.set(code, schemasOfCode);
  };
  const plainType = plain.length > 0 && !plain.every(isNoContent) ? unionOf(plain, type, checker) : undefined;
  if (plainType) add(status, schemas.schemaFor(plainType, site));
  else if (plain.length > 0) add(status, undefined);
  for (const member of statuses) {
    const [codeType, bodyType] = checker.getTypeArguments(member as ts.TypeReference);
    const code = codeType && literalOfType(codeType);
    if (typeof code !== "number") {
      diagnostics.push(
        diagnosticAt(site, Code.NonLiteralStatus, `The handler "${route.name}" returns \`status(...)\` with a status that is not known at compile time: pass a literal, e.g. \`status(201, item)\`, so that it can be documented.`),
      );
      continue;
    }
    add(code, bodyType && !isNoContent(bodyType) ? schemas.schemaFor(bodyType, site) : undefined);
  }

  const responses = responsesObject();
  for (const [code, bodies] of [...found].sort(([a], [b]) => a - b)) {
    const description = code === status ? (route.options.responseDescription ?? "Successful Response") : (STATUS_CODES[code] ?? "Response");
    const schema = bodies.length === 1 ? bodies[0] : bodies.length > 1 ? { anyOf: bodies } : undefined;
    responses[String(code)] = schema ? { description, content: { "application/json": { schema: schema as OpenAPIV3_1.SchemaObject } } } : { description };
  }
  return { responses, status, type: plainType };
}

/** The union of some members of `whole` (the checker's own union, so `true | false` stays `boolean`). */
function unionOf(members: ts.Type[], whole: ts.Type, checker: ts.TypeChecker): ts.Type {
  if (members.length === 1) return members[0]!;
  const getUnionType = (checker as unknown as { getUnionType?: (types: ts.Type[]) => ts.Type }).getUnionType;
  return getUnionType ? getUnionType(members) : whole;
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
