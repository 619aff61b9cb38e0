import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { COMPILED_VERSION } from "../runtime/compiled";
import type { RouteMetadata } from "./metadata";
import { byKey } from "./by-key";
import type { ComponentGraph } from "./reachable";
import { NO_DOCUMENT_DIGEST } from "./write";

/** An App's document, and the digest of its text (app-file.ts), made only if the App's file is emitted. */
export interface AppDocument {
  document: OpenAPIV3_1.Document;
  digest: () => string;
}

/**
 * The source transformer's only job: append the compiled metadata to each
 * registration call (`app.post(path, options, handler, <route>)`) and to each
 * `new App(options, <app>)` in the emitted JS (runtime/compiled.ts).
 * `components` are every component by name: each file gets the ones its
 * routes reach. `apps` are each App's document, null after errors: written
 * into the JS only if the App's file is emitted (a watch-mode rebuild
 * often leaves it alone: see app-file.ts).
 */
export function spliceCompiled(routes: ReadonlyMap<ts.Node, RouteMetadata>, components: ComponentGraph, apps: ReadonlyMap<ts.Node, AppDocument | null>) {
  // A registration call or an App, and the nodes on the way down to one (its file's too): the only subtrees worth entering.
  const onTheWay = new Set<ts.Node>();
  for (const target of [...routes.keys(), ...apps.keys()]) {
    for (let node: ts.Node | undefined = target; node && !onTheWay.has(node); node = node.parent) onTheWay.add(node);
  }
  return (context: ts.TransformationContext) =>
    (file: ts.SourceFile): ts.SourceFile => {
      try {
        return splice(context, file);
      } catch (error) {
        // Anything thrown that is not an object (no code of ours throws one) cannot be marked, and counts as another's.
        if (typeof error === "object" && error !== null) thrownHere.add(error);
        throw error;
      }
    };

  function splice(context: ts.TransformationContext, file: ts.SourceFile): ts.SourceFile {
    if (!onTheWay.has(ts.getOriginalNode(file))) return file;
    const { factory } = context;
    // The routes of one file share one table of components, parsed once at load:
    // written per route, a model used by every route would be emitted hundreds of times.
    const spliced: RouteMetadata[] = [];
    const table = factory.createUniqueName("__callspecComponents");
    const visit = (node: ts.Node): ts.Node => {
      const original = ts.getOriginalNode(node);
      // A node another transformer made (no original in the source) may hold a target: enter it.
      const parsed = !(original.flags & ts.NodeFlags.Synthesized);
      if (parsed && !onTheWay.has(original)) return node;
      const visited = ts.visitEachChild(node, visit, context);
      const route = routes.get(original);
      if (route && ts.isCallExpression(visited)) {
        spliced.push(route);
        const metadata = factory.createObjectLiteralExpression([factory.createSpreadAssignment(parsedJson(factory, route)), factory.createPropertyAssignment("components", table)]);
        return factory.updateCallExpression(visited, visited.expression, visited.typeArguments, [...visited.arguments, metadata]);
      }
      const app = apps.get(original);
      if (app !== undefined && ts.isNewExpression(visited)) {
        const given = visited.arguments && visited.arguments.length > 0 ? visited.arguments : [factory.createIdentifier("undefined")];
        return factory.updateNewExpression(visited, visited.expression, visited.typeArguments, [...given, compiledApp(factory, app)]);
      }
      return visited;
    };
    const visited = ts.visitNode(file, visit) as ts.SourceFile;
    if (spliced.length === 0) return visited;
    const sorted = byKey(components.reachable(spliced));
    const declaration = factory.createVariableStatement(
      undefined,
      factory.createVariableDeclarationList([factory.createVariableDeclaration(table, undefined, undefined, parsedJson(factory, sorted))], ts.NodeFlags.Const),
    );
    return factory.updateSourceFile(visited, [declaration, ...visited.statements]);
  }
}

/** What this transformer threw: a bug in Callspec, where anything else thrown in an emit is TypeScript's or another plugin's (app-file.ts). */
const thrownHere = new WeakSet<object>();

export function thrownByCallspec(error: unknown): boolean {
  return typeof error === "object" && error !== null && thrownHere.has(error);
}

/**
 * `JSON.parse('…')`: one string literal instead of a tree of object literals,
 * cheap for the compiler to emit and for V8 to load. JSON.parse never sets a
 * prototype, so a `__proto__` key stays an own property. Single quotes, since
 * JSON is full of double ones: the printer would escape each (a large App's
 * document has hundreds of thousands), which cost more than deriving it.
 */
function parsedJson(factory: ts.NodeFactory, value: unknown): ts.Expression {
  const text = factory.createStringLiteral(JSON.stringify(value), /* isSingleQuote */ true);
  return factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier("JSON"), "parse"), undefined, [text]);
}

/** The digest the file of an App carries (`compiledApp`): its document's, or after errors the digest of no text. */
export function carriedDigest(app: AppDocument | null): string {
  return app ? app.digest() : NO_DOCUMENT_DIGEST;
}

/**
 * `{ callspec: 1, digest: "sha256-…", get openapi() { … } }`: the getter
 * gives the text of openapi.json, byte for byte (canonicalJson, write.ts),
 * from the document written compactly in a single-quoted string. Compact,
 * because the printer counts the lines of everything it writes (the pretty
 * text of a large App has hundreds of thousands); single-quoted, because
 * JSON's double quotes then stay as they are. The App reads it once, when
 * it starts. The digest is of that text: a later build reads it to tell
 * whether this file holds the document it wrote (app-file.ts). After
 * errors, `{ callspec: 1, openapi: null, digest: <of no text> }`: the App
 * refuses to start, saying why.
 */
function compiledApp(factory: ts.NodeFactory, app: AppDocument | null): ts.Expression {
  const version = factory.createPropertyAssignment("callspec", factory.createNumericLiteral(COMPILED_VERSION));
  const digest = factory.createPropertyAssignment("digest", factory.createStringLiteral(carriedDigest(app)));
  if (app === null) return factory.createObjectLiteralExpression([version, factory.createPropertyAssignment("openapi", factory.createNull()), digest]);
  const json = factory.createPropertyAccessExpression(factory.createIdentifier("JSON"), "stringify");
  const pretty = factory.createCallExpression(json, undefined, [parsedJson(factory, app.document), factory.createNull(), factory.createNumericLiteral(2)]);
  const text = factory.createBinaryExpression(pretty, ts.SyntaxKind.PlusToken, factory.createStringLiteral("\n"));
  const getter = factory.createGetAccessorDeclaration(undefined, "openapi", [], undefined, factory.createBlock([factory.createReturnStatement(text)]));
  return factory.createObjectLiteralExpression([version, digest, getter]);
}
