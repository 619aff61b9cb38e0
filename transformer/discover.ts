import ts from "typescript";
import { Code, diagnosticAt } from "./diagnostics";
import { literalValue, propertyName, skipParentheses, type Literal } from "./literals";
import type { ResolvedSymbols } from "./resolved-symbols";
import { compareText } from "./by-key";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The literal options of one route (RouteOptions in the runtime, minus `callbacks`). */
export interface RouteOptionValues {
  name?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  statusCode?: number;
  responseDescription?: string;
  deprecated?: boolean;
  operationId?: string;
  signed?: boolean;
}

export interface RouteModel {
  method: HttpMethod;
  path: string;
  pathNode: ts.Expression;
  handler: ts.SignatureDeclaration;
  /** `options.name`, else the handler's own name. */
  name: string;
  options: RouteOptionValues;
  /** Routers whose routes are this route's callbacks (`callbacks: router.routes`). */
  callbackRouters: RouterModel[];
  call: ts.CallExpression;
}

/** FastAPI's router-level options: of `new APIRouter({...})` and of `include(router, {...})`. */
export interface RouterLevelOptions {
  prefix: string;
  /** Where the prefix was written, for diagnostics that point into it. */
  prefixNode?: ts.Expression;
  tags: string[];
  callbacks: RouterModel[];
}

export interface IncludeModel extends RouterLevelOptions {
  router: RouterModel;
  call: ts.CallExpression;
}

export interface RouterModel {
  /** The variable (or property) that holds the router: its identity across files. */
  symbol: ts.Symbol;
  /** How the user's code calls it, for messages: "app", "app.webhooks". */
  label: string;
  kind: "App" | "APIRouter" | "Webhooks";
  creation: ts.NewExpression;
  options: RouterLevelOptions;
  routes: RouteModel[];
  includes: IncludeModel[];
  /** An App's `app.webhooks` router, once routes are registered on it. */
  webhooks?: RouterModel;
}

export interface Discovery {
  routers: Map<ts.Symbol, RouterModel>;
  /** Every App, in a stable order (file name, then position). */
  apps: RouterModel[];
  diagnostics: ts.Diagnostic[];
}

const OPTION_TYPES: Record<keyof RouteOptionValues, "string" | "number" | "boolean" | "string[]"> = {
  name: "string",
  summary: "string",
  description: "string",
  tags: "string[]",
  statusCode: "number",
  responseDescription: "string",
  deprecated: "boolean",
  operationId: "string",
  signed: "boolean",
};

/** The user's source files, in an order that does not depend on how the program listed them. */
export function userSourceFiles(program: ts.Program): ts.SourceFile[] {
  return program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file))
    .sort((a, b) => compareText(a.fileName, b.fileName));
}

/** Finds every App and APIRouter of the program, and the routes and includes registered on them. */
export function discoverRouters(program: ts.Program, symbols: ResolvedSymbols): Discovery {
  const checker = program.getTypeChecker();
  const files = userSourceFiles(program);
  const routers = new Map<ts.Symbol, RouterModel>();
  const diagnostics: ts.Diagnostic[] = [];

  // One syntactic walk finds what could be a router or a registration; only those meet the checker.
  const found = files.map(candidatesOf);

  // Pass 1: routers are created with `new App()` / `new APIRouter()`; routes may
  // be registered on them from any file, so find them all first.
  for (const { creations } of found) for (const node of creations) {
    const kind = symbols.runtimeClassAt(node.expression);
    if (kind !== "App" && kind !== "APIRouter") continue;
    const holder = node.parent;
    if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) && holder.initializer === node) {
      const symbol = symbols.at(holder.name);
      const options = { prefix: "", tags: [], callbacks: [] };
      if (symbol) routers.set(symbol, { symbol, label: holder.name.getText(), kind, creation: node, options, routes: [], includes: [] });
    }
  }

  const routerOf = (expression: ts.Expression): RouterModel | undefined => {
    const node = skipParentheses(expression);
    // `app.webhooks`: the webhooks router of that App (App declares the property in the runtime).
    if (ts.isPropertyAccessExpression(node) && node.name.text === "webhooks" && symbols.runtimeClassAt(node.name) === "App") {
      const app = routerOf(node.expression);
      if (!app) return undefined;
      app.webhooks ??= { ...app, label: `${app.label}.webhooks`, kind: "Webhooks", options: { prefix: "", tags: [], callbacks: [] }, routes: [], includes: [], webhooks: undefined };
      return app.webhooks;
    }
    const symbol = symbols.at(node);
    const router = symbol && routers.get(symbol);
    if (!router) {
      diagnostics.push(
        diagnosticAt(
          expression,
          Code.UnknownRouter,
          `Cannot tell which router "${expression.getText()}" is: register routes on a variable initialised with \`new App()\` or \`new APIRouter()\` (imported from any file).`,
        ),
      );
    }
    return router;
  };

  // Router-level options may name other routers (callbacks), so they are read once all routers are known.
  for (const router of routers.values()) {
    const [argument] = router.creation.arguments ?? [];
    if (router.kind === "APIRouter" && argument) router.options = readRouterOptions(argument) ?? router.options;
  }

  // Pass 2: registrations, recognised by the method's declaration in callspec's runtime.
  for (const { calls } of found) for (const node of calls) {
    const method = node.expression.name.text;
    if (symbols.runtimeClassAt(node.expression.name) !== "APIRouter") continue;
    const router = routerOf(node.expression.expression);
    if (!router) continue;
    if (method === "include") {
      const include = readInclude(node);
      if (include) router.includes.push(include);
    } else {
      const route = readRoute(node, method as HttpMethod);
      if (route) router.routes.push(route);
    }
  }

  function readInclude(call: ts.CallExpression): IncludeModel | undefined {
    const [routerArgument, optionsArgument] = call.arguments;
    if (!routerArgument) return undefined;
    const included = routerOf(routerArgument);
    if (!included) return undefined;
    const options = optionsArgument ? readRouterOptions(optionsArgument) : { prefix: "", tags: [], callbacks: [] };
    return options && { ...options, router: included, call };
  }

  /** `{ prefix, tags, callbacks }` of a router or an include. */
  function readRouterOptions(node: ts.Expression): RouterLevelOptions | undefined {
    const object = skipParentheses(node);
    if (!ts.isObjectLiteralExpression(object)) {
      diagnostics.push(diagnosticAt(node, Code.NonLiteralOption, `Router options must be written as an object literal here, so that they can be read at compile time.`));
      return undefined;
    }
    const split = splitCallbacks(object);
    const options = readLiteralProperties(split.rest, { prefix: "string", tags: "string[]" });
    if (!options) return undefined;
    const prefixNode = object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyName(p.name) === "prefix")?.initializer;
    return { prefix: (options.prefix as string | undefined) ?? "", prefixNode, tags: (options.tags as string[] | undefined) ?? [], callbacks: split.callbacks };
  }

  /** Takes `callbacks: …` out of an options literal; the rest are plain literals. */
  function splitCallbacks(object: ts.ObjectLiteralExpression): { callbacks: RouterModel[]; rest: ts.NodeArray<ts.ObjectLiteralElementLike> } {
    const callbacks: RouterModel[] = [];
    const rest = ts.factory.createNodeArray(
      object.properties.filter((property) => {
        const isCallbacks = ts.isPropertyAssignment(property) && propertyName(property.name) === "callbacks";
        if (isCallbacks) callbacks.push(...readCallbacks(property.initializer));
        return !isCallbacks;
      }),
    );
    return { callbacks, rest };
  }

  function readRoute(call: ts.CallExpression, method: HttpMethod): RouteModel | undefined {
    const args = call.arguments;
    if (args.length < 2) return undefined; // tsc itself reports the missing argument
    const pathNode = args[0]!;
    const handlerNode = args[args.length - 1]!;
    const optionsNode = args.length >= 3 ? args[1] : undefined;

    const path = literalValue(checker, pathNode);
    if (typeof path !== "string") {
      diagnostics.push(
        diagnosticAt(
          pathNode,
          Code.NonLiteralPath,
          `The path of a route must be known at compile time: write a string literal (or a const with a literal type) instead of "${pathNode.getText()}".`,
        ),
      );
      return undefined;
    }

    let options: RouteOptionValues = {};
    let callbackRouters: RouterModel[] = [];
    if (optionsNode) {
      const read = readRouteOptions(optionsNode);
      if (!read) return undefined;
      ({ options, callbackRouters } = read);
    }

    const handler = handlerDeclaration(handlerNode);
    if (!handler) {
      diagnostics.push(
        diagnosticAt(
          handlerNode,
          Code.InvalidHandler,
          `The handler of ${method.toUpperCase()} ${path} must be a function written here, or the name of a function (or of a const holding an arrow function) declared in this program, so that its types can be read; "${handlerNode.getText()}" is neither: wrap it, e.g. \`function handler(...) { return ${handlerNode.getText()}(...); }\`.`,
        ),
      );
      return undefined;
    }
    const name = options.name ?? handlerName(handler);
    if (!name) {
      diagnostics.push(
        diagnosticAt(
          handlerNode,
          Code.AnonymousHandler,
          `The handler of ${method.toUpperCase()} ${path} is anonymous, so it has no summary or operationId: name the function (\`function create_item(...)\`) or pass the option \`{ name: "create_item" }\`.`,
        ),
      );
      return undefined;
    }
    return { method, path, pathNode, handler, name, options, callbackRouters, call };
  }

  function readRouteOptions(node: ts.Expression): { options: RouteOptionValues; callbackRouters: RouterModel[] } | undefined {
    const object = skipParentheses(node);
    if (!ts.isObjectLiteralExpression(object)) {
      diagnostics.push(diagnosticAt(node, Code.NonLiteralOption, `Route options must be written as an object literal here, so that they can be read at compile time.`));
      return undefined;
    }
    const { callbacks, rest } = splitCallbacks(object);
    const options = readLiteralProperties(rest, OPTION_TYPES);
    return options && { options: options as RouteOptionValues, callbackRouters: callbacks };
  }

  /** `callbacks: router.routes`, or an array of `...router.routes` spreads. */
  function readCallbacks(node: ts.Expression): RouterModel[] {
    const expression = skipParentheses(node);
    const routesOf = (e: ts.Expression): RouterModel | undefined => {
      const inner = skipParentheses(e);
      if (ts.isPropertyAccessExpression(inner) && symbols.runtimeClassAt(inner.name) === "APIRouter" && inner.name.text === "routes") {
        return routerOf(inner.expression);
      }
      diagnostics.push(
        diagnosticAt(e, Code.InvalidCallbacks, `\`callbacks\` takes the routes of a callback router: write \`callbacks: someRouter.routes\` (or \`[...a.routes, ...b.routes]\`).`),
      );
      return undefined;
    };
    if (ts.isArrayLiteralExpression(expression)) {
      return expression.elements.flatMap((element) => {
        const router = routesOf(ts.isSpreadElement(element) ? element.expression : element);
        return router ? [router] : [];
      });
    }
    const router = routesOf(expression);
    return router ? [router] : [];
  }

  function readLiteralProperties(properties: ts.NodeArray<ts.ObjectLiteralElementLike>, types: Record<string, string>): Record<string, Literal> | undefined {
    const result: Record<string, Literal> = {};
    let ok = true;
    for (const property of properties) {
      const key = ts.isPropertyAssignment(property) ? propertyName(property.name) : undefined;
      if (!key || !ts.isPropertyAssignment(property)) {
        diagnostics.push(diagnosticAt(property, Code.NonLiteralOption, `Write each option as \`key: value\` with a literal value, so that it can be read at compile time.`));
        ok = false;
        continue;
      }
      const expected = Object.hasOwn(types, key) ? types[key] : undefined;
      if (!expected) continue; // tsc reports unknown properties itself
      const value = literalValue(checker, property.initializer);
      const fits = expected === "string[]" ? Array.isArray(value) && value.every((v) => typeof v === "string") : typeof value === expected;
      if (!fits) {
        diagnostics.push(
          diagnosticAt(property.initializer, Code.NonLiteralOption, `The option "${key}" must be a ${expected} known at compile time (a literal or a const), not "${property.initializer.getText()}".`),
        );
        ok = false;
        continue;
      }
      if (key === "statusCode" && !(Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599)) {
        diagnostics.push(diagnosticAt(property.initializer, Code.NonLiteralOption, `The option "statusCode" must be an HTTP status from 100 to 599, not ${property.initializer.getText()}.`));
        ok = false;
        continue;
      }
      result[key] = value!;
    }
    return ok ? result : undefined;
  }

  function handlerDeclaration(node: ts.Expression): ts.SignatureDeclaration | undefined {
    const expression = skipParentheses(node);
    if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression;
    if (!ts.isIdentifier(expression)) return undefined;
    const symbol = symbols.at(expression);
    // A function, overloaded or not: the declaration with a body, whose signature the runtime calls.
    const implementation = symbol?.declarations?.find((d): d is ts.FunctionDeclaration => ts.isFunctionDeclaration(d) && !!d.body);
    if (implementation) return implementation;
    const declaration = symbol?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const initializer = skipParentheses(declaration.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
    return undefined;
  }

  const apps = [...routers.values()].filter((router) => router.kind === "App");
  return { routers, apps, diagnostics };
}

/** The name a function has in the source: its own, or that of the const holding it. */
export function handlerName(handler: ts.SignatureDeclaration): string | undefined {
  if (handler.name && ts.isIdentifier(handler.name)) return handler.name.text;
  const parent = handler.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

type MethodCall = ts.CallExpression & { expression: ts.PropertyAccessExpression };

const ROUTER_METHODS = new Set<string>([...HTTP_METHODS, "include"]);

/**
 * Every `new X(...)`, and every `x.get(...)`/`x.include(...)` (a router
 * method's name), in file order: what the checker is then asked about. Type
 * declarations, type annotations and imports hold neither and are not
 * entered: in a typical API most of the code is its models.
 */
function candidatesOf(file: ts.SourceFile): Candidates {
  let found = candidatesByFile.get(file);
  if (!found) candidatesByFile.set(file, (found = candidatesIn(file)));
  return found;
}

interface Candidates {
  creations: ts.NewExpression[];
  calls: MethodCall[];
}

/**
 * A file's candidates, found once per SourceFile: a watch-mode rebuild's
 * Program has the same SourceFile for every file whose text did not change.
 */
const candidatesByFile = new WeakMap<ts.SourceFile, Candidates>();

function candidatesIn(file: ts.SourceFile): Candidates {
  const creations: ts.NewExpression[] = [];
  const calls: MethodCall[] = [];
  // One function for the whole walk, not a closure per node: this visits most nodes of the program.
  const walk = (node: ts.Node): undefined => {
    if (ts.isTypeNode(node) || TYPE_ONLY.has(node.kind)) return undefined;
    if (ts.isNewExpression(node)) creations.push(node);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ROUTER_METHODS.has(node.expression.name.text)) calls.push(node as MethodCall);
    ts.forEachChild(node, walk);
    return undefined;
  };
  walk(file);
  return { creations, calls };
}

/** Declarations with no expressions in them that could create a router or register a route. */
const TYPE_ONLY = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ImportEqualsDeclaration,
  ts.SyntaxKind.TypeParameter,
]);
