import ts from "typescript";
import type { CompiledApp, CompiledRoute } from "../runtime/compiled";

/**
 * The source transformer's only job: append the compiled metadata to each
 * registration call (`app.post(path, options, handler, <route>)`) and to each
 * `new App(options, <app>)`, as plain object literals in the emitted JS.
 */
export function spliceCompiled(routes: ReadonlyMap<ts.Node, CompiledRoute>, apps: ReadonlyMap<ts.Node, CompiledApp>) {
  const files = new Set([...routes.keys(), ...apps.keys()].map((node) => node.getSourceFile()));
  return (context: ts.TransformationContext) =>
    (file: ts.SourceFile): ts.SourceFile => {
      if (!files.has(ts.getOriginalNode(file) as ts.SourceFile)) return file;
      const { factory } = context;
      const visit = (node: ts.Node): ts.Node => {
        const visited = ts.visitEachChild(node, visit, context);
        const original = ts.getOriginalNode(node);
        const route = routes.get(original);
        if (route && ts.isCallExpression(visited)) {
          return factory.updateCallExpression(visited, visited.expression, visited.typeArguments, [...visited.arguments, jsonExpression(factory, route)]);
        }
        const app = apps.get(original);
        if (app && ts.isNewExpression(visited)) {
          const given = visited.arguments && visited.arguments.length > 0 ? visited.arguments : [factory.createIdentifier("undefined")];
          return factory.updateNewExpression(visited, visited.expression, visited.typeArguments, [...given, jsonExpression(factory, app)]);
        }
        return visited;
      };
      return ts.visitNode(file, visit) as ts.SourceFile;
    };
}

/** A JSON value as a JS expression. `__proto__` is written as a computed key, which makes an own property, not a prototype. */
export function jsonExpression(factory: ts.NodeFactory, value: unknown): ts.Expression {
  if (value === null) return factory.createNull();
  if (typeof value === "string") return factory.createStringLiteral(value);
  if (typeof value === "boolean") return value ? factory.createTrue() : factory.createFalse();
  if (typeof value === "number") {
    const literal = factory.createNumericLiteral(Math.abs(value));
    return value < 0 || Object.is(value, -0) ? factory.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, literal) : literal;
  }
  if (Array.isArray(value)) return factory.createArrayLiteralExpression(value.map((item) => jsonExpression(factory, item)));
  if (typeof value === "object") {
    const properties = Object.entries(value as Record<string, unknown>).map(([key, item]) => {
      const name =
        key === "__proto__"
          ? factory.createComputedPropertyName(factory.createStringLiteral(key))
          : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
            ? factory.createIdentifier(key)
            : factory.createStringLiteral(key);
      return factory.createPropertyAssignment(name, jsonExpression(factory, item));
    });
    return factory.createObjectLiteralExpression(properties);
  }
  throw new TypeError(`not a JSON value: ${String(value)}`);
}
