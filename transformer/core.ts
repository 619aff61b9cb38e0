import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import type { OpenAPIV3_1 } from "openapi-types";
import { byKey } from "./by-key";
import { Code, diagnosticAt, sortDiagnostics } from "./diagnostics";
import { discoverRouters } from "./discover";
import { compileRoutes, type RouteMetadata } from "./metadata";
import { ResolvedSymbols } from "./resolved-symbols";
import { RuntimeSymbols } from "./runtime-symbols";
import { ComponentGraph } from "./reachable";
import { SchemaRegistry } from "./schema";
import { derivation, reusable, sameNames, type Derivation } from "./schema/reuse";
import { DocumentMemo } from "./document-memo";
import type { KeptBindings } from "./bind";
import { appInfo, assembleSpec } from "./spec";
import { VALIDATION_COMPONENTS } from "./validation-error";

export interface GeneratedSpec {
  /** File name of the document, relative to the output directory ("openapi.json" unless the App says otherwise). */
  specFile: string;
  document: OpenAPIV3_1.Document;
  /** The App's `new App(...)`. */
  app: ts.NewExpression;
}

export interface GenerateResult {
  specs: GeneratedSpec[];
  /** The runtime's metadata of every route (runtime/compiled.ts), by registration call, but the components they refer to: */
  routes: Map<ts.CallExpression, RouteMetadata>;
  /** Every component, by its final name: what the routes' `$ref`s point at. */
  components: ComponentGraph;
  /** Every `new App(...)` of the program, with or without a spec. */
  apps: ts.NewExpression[];
  /** Callspec's own diagnostics (the user's route mistakes), in a stable order. */
  diagnostics: ts.Diagnostic[];
  /** What the next Program of this project may reuse, when asked for (`GenerateOptions.previous`). */
  derivation?: Derivation;
  /** With a derivation: the pieces of the documents' text this run and the last share (for `canonicalJson`). */
  memo?: DocumentMemo;
}

export interface GenerateOptions {
  /** Reads the nearest package.json's name and version (for `info`). Defaults to the disk. */
  packageInfo?: (fileName: string) => { name?: string; version?: string };
  /** Callback keys in OpenAPI's standard form (default) or as the user wrote them. */
  expressions?: "standard" | "as-written";
  /**
   * For a run after another on the same project (`tspc --watch`): what the
   * previous run derived (its `derivation`), to reuse where no file its types
   * depend on changed (schema/reuse.ts). `null` asks for a derivation for the
   * next run without having one; absent, none is made.
   */
  previous?: Derivation | null;
}

/**
 * The core: a pure function of a Program. Finds the Apps and their routes,
 * derives schemas with the program's own checker, and assembles one OpenAPI
 * document per App. The plugin and any other caller only wire it up.
 */
export function generateSpecs(program: ts.Program, options: GenerateOptions = {}): GenerateResult {
  const checker = program.getTypeChecker();
  const runtime = new RuntimeSymbols(checker);
  const reuse = options.previous === undefined ? undefined : (reusable(program, options.previous ?? undefined) ?? null);
  const symbols = new ResolvedSymbols(checker, runtime, reuse);
  const discovery = discoverRouters(program, symbols);
  const diagnostics = [...discovery.diagnostics];
  const schemas = new SchemaRegistry(checker, runtime, reuse);
  const kept: KeptBindings | undefined = reuse === undefined ? undefined : { reuse, bindings: { inbound: new Map(), callback: new Map() } };
  // The last run's operations are taken again only along with its bindings (operation.ts); its pieces of text, below.
  const memo = reuse === undefined ? undefined : new DocumentMemo(reuse?.memo);
  const context = { checker, runtime, schemas, diagnostics, kept, memo, expressions: options.expressions ?? "standard" };
  const packageInfo = options.packageInfo ?? nearestPackageInfo;

  const specs: GeneratedSpec[] = [];
  for (const app of discovery.apps) {
    const info = appInfo(app, checker, packageInfo, diagnostics);
    if (specs.some((spec) => spec.specFile === info.specFile)) {
      diagnostics.push(
        diagnosticAt(app.creation, Code.DuplicateSpecFile, `Two Apps would both write "${info.specFile}": give each App its own file, e.g. \`new App({ specFile: "admin-openapi.json" })\`.`),
      );
      continue;
    }
    specs.push({ specFile: info.specFile, document: assembleSpec(app, info, context), app: app.creation });
  }
  const routes = compileRoutes(discovery, context);
  // What the next Program of this project may take: made before `publish` renames the references.
  const forNext = kept && schemas.derivation(kept.bindings);
  // Component names are final only once every schema is derived (schema/names.ts).
  const published = schemas.publish();
  const componentNames = schemas.namesByIdentity();
  // A component renamed: the last run's texts and references may name it the old way.
  if (reuse && !sameNames(reuse.componentNames, componentNames)) memo!.forgetPieces();
  const next = forNext && memo && derivation(program, { ...forNext, names: symbols.answers, componentNames, memo, constructorKeys: schemas.constructorKeys });
  // One graph of every component by its final name (and FastAPI's validation components): each document
  // takes the ones it reaches, and so will each emitted file's routes (splice.ts).
  const components = new ComponentGraph(new Map([...published, ...VALIDATION_COMPONENTS]), memo);
  for (const { document } of specs) {
    const reached = components.reachableFromDocument(document);
    if (reached.size > 0) document.components = { schemas: byKey(reached) as Record<string, OpenAPIV3_1.SchemaObject> };
  }
  return { specs, routes, components, apps: discovery.apps.map((app) => app.creation), diagnostics: sortDiagnostics([...diagnostics, ...schemas.diagnostics]), derivation: next, memo };
}

/** Name and version from the package.json nearest to `fileName`. */
export function nearestPackageInfo(fileName: string): { name?: string; version?: string } {
  for (let dir = path.dirname(fileName); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      try {
        const { name, version } = JSON.parse(fs.readFileSync(file, "utf8"));
        return { name: typeof name === "string" ? name : undefined, version: typeof version === "string" ? version : undefined };
      } catch {
        return {};
      }
    }
    if (path.dirname(dir) === dir) return {};
  }
}
