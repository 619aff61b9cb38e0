import ts from "typescript";
import type { CompiledApp, CompiledRoute } from "../runtime/compiled";

/**
 * The source transformer's only job: append the compiled metadata to each
 * registration call (`app.post(path, options, handler, <route>)`) and to each
 * `new App(options, <app>)` in the emitted JS.
 */
export function spliceCompiled(routes: ReadonlyMap<ts.Node, CompiledRoute>, apps: ReadonlyMap<ts.Node, CompiledApp>) {
  const files = new Set([...routes.keys(), ...apps.keys()].map((node) => node.getSourceFile()));
  return (context: ts.TransformationContext) =>
    (file: ts.SourceFile): ts.SourceFile => {
      if (!files.has(ts.getOriginalNode(file) as ts.SourceFile)) return file;
      const { factory } = context;
      // The routes of one file share one table of components, parsed once at load:
      // written per route, a model used by every route would be emitted hundreds of times.
      const shared: Record<string, unknown> = {};
      const table = factory.createUniqueName("__callspecComponents");
      let used = false;
      const visit = (node: ts.Node): ts.Node => {
        const visited = ts.visitEachChild(node, visit, context);
        const original = ts.getOriginalNode(node);
        const route = routes.get(original);
        if (route && ts.isCallExpression(visited)) {
          const { components, ...rest } = route;
          Object.assign(shared, components);
          used = true;
          const metadata = factory.createObjectLiteralExpression([factory.createSpreadAssignment(parsedJson(factory, rest)), factory.createPropertyAssignment("components", table)]);
          return factory.updateCallExpression(visited, visited.expression, visited.typeArguments, [...visited.arguments, metadata]);
        }
        const app = apps.get(original);
        if (app && ts.isNewExpression(visited)) {
          const given = visited.arguments && visited.arguments.length > 0 ? visited.arguments : [factory.createIdentifier("undefined")];
          return factory.updateNewExpression(visited, visited.expression, visited.typeArguments, [...given, parsedJson(factory, app)]);
        }
        return visited;
      };
      const visited = ts.visitNode(file, visit) as ts.SourceFile;
      if (!used) return visited;
      const sorted = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const declaration = factory.createVariableStatement(
        undefined,
        factory.createVariableDeclarationList([factory.createVariableDeclaration(table, undefined, undefined, parsedJson(factory, sorted))], ts.NodeFlags.Const),
      );
      return factory.updateSourceFile(visited, [declaration, ...visited.statements]);
    };
}

/**
 * `JSON.parse("…")`: one string literal instead of a tree of object literals,
 * cheap for the compiler to emit and for V8 to load. JSON.parse never sets a
 * prototype, so a `__proto__` key stays an own property.
 */
function parsedJson(factory: ts.NodeFactory, value: unknown): ts.Expression {
  return factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier("JSON"), "parse"), undefined, [factory.createStringLiteral(JSON.stringify(value))]);
}
