import ts from "typescript";
import path from "node:path";
import type { TransformerExtras, PluginConfig } from "ts-patch";
import type { OpenAPIV3_1 } from "openapi-types";
import type { RouteMetadata } from "./metadata";
import { ComponentGraph } from "./reachable";
import { generateSpecs } from "./core";
import type { Derivation } from "./schema/reuse";
import { Code } from "./diagnostics";
import { specPath } from "./output";
import { carriedDigest, spliceCompiled, type AppDocument } from "./splice";
import { appFilesMayBeStale, emitStaleAppFiles, ForeignEmitFailure } from "./app-file";
import { canonicalJson, documentDigest, writeFileAtomic } from "./write";

/** Options of the plugin entry in tsconfig.json: `{ "transform": "callspec/transformer", "output": "openapi.json" }`. */
export interface CallspecPluginConfig extends PluginConfig {
  /** Where the (first) App's document goes, relative to the tsconfig's folder. Default: `<outDir>/openapi.json`. */
  output?: string;
  /** `"standard"` (default) writes callback keys as OpenAPI runtime expressions; `"as-written"` keeps your text. */
  expressions?: "standard" | "as-written";
}

type SourceTransformer = (context: ts.TransformationContext) => (file: ts.SourceFile) => ts.SourceFile;
const transformers = new WeakMap<ts.Program, SourceTransformer>();

/**
 * What the last Program of each project (by tsconfig) derived, for the next
 * one in this process: `tspc --watch` rebuilds reuse the components of the
 * files a change cannot reach (schema/reuse.ts). A one-shot build keeps
 * nothing (keeping costs about 20 ms on a large app, for no next Program);
 * under `--watch` (the compiler options say so) every Program keeps what the
 * next can take, so the first rebuild already reuses. A Program of a project
 * seen before keeps too, whatever its options: an API's watch loop of its own.
 */
const derivations = new Map<string, Derivation | null>();

/**
 * The plugin (index.ts loads it): runs the core once per Program, reports the user's
 * mistakes as TypeScript diagnostics (failing the build) and, when there are
 * none, writes the spec. The emitted JS gets each route's compiled metadata
 * and each App's document (transformer/splice.ts); after errors, the Apps are
 * marked so that they refuse to start, and the routes get nothing.
 */
export function callspecTransformer(program: ts.Program, config: CallspecPluginConfig = {}, extras?: TransformerExtras): SourceTransformer {
  let transformer = transformers.get(program);
  if (!transformer) {
    const options = program.getCompilerOptions();
    const project = String(options.configFilePath ?? "");
    // Undefined: keep nothing (a one-shot build); null: keep, with nothing to reuse yet.
    const firstOfProject = !derivations.has(project);
    const previous = firstOfProject ? (options.watch ? null : undefined) : derivations.get(project);
    const { specs, routes, components, apps, diagnostics, derivation, memo } = generateOrReport(program, config, previous);
    derivations.set(project, derivation ?? null);
    for (const diagnostic of diagnostics) extras?.addDiagnostic(diagnostic);
    const ok = diagnostics.length === 0;
    // Each App gets its document and the digest of its text (see splice.ts); after errors, none.
    const compiledApps = new Map<ts.Node, AppDocument | null>(apps.map((app) => [app, null]));
    if (ok) {
      for (const spec of specs) {
        // The digest is taken from the text as it is written, so that the text is not kept: it is megabytes.
        let digest: string | undefined;
        if (!options.noEmit) {
          const file = specPath(program, config, spec.specFile);
          const text = canonicalJson(spec.document, memo);
          digest = documentDigest(text);
          try {
            writeFileAtomic(file, text);
          } catch (error) {
            // A folder where the file should be, no permission: a diagnostic that names the file, not a stack.
            extras?.addDiagnostic(globalError(`Callspec could not write ${file}: ${(error as Error).message}. Check the plugin's "output" option and the folder's permissions.`, Code.InvalidPluginOptions));
          }
        }
        compiledApps.set(spec.app, { document: spec.document, digest: () => (digest ??= documentDigest(canonicalJson(spec.document, memo))) });
      }
    }
    transformer = spliceCompiled(ok ? routes : new Map<ts.Node, RouteMetadata>(), components, compiledApps);
    transformers.set(program, transformer);
    // A build that emits only what changed can leave an App's file holding an older document, or one from before errors.
    if (appFilesMayBeStale(program, firstOfProject)) {
      const appFiles = new Map<ts.SourceFile, string[]>();
      for (const app of apps) {
        const file = app.getSourceFile();
        appFiles.set(file, [...(appFiles.get(file) ?? []), carriedDigest(compiledApps.get(app) ?? null)]);
      }
      try {
        // It emits with this transformer (kept above): the file gets what the rest of the build gets.
        const { writeFailures, emittedFiles } = emitStaleAppFiles(program, appFiles);
        // The App would serve an older document: the build fails, as a failed write of tsc's own fails it.
        for (const failure of writeFailures) extras?.addDiagnostic(withReason(failure));
        // As tsc lists the files it emitted (the same line; before tsc's own, which it prints after its emit).
        if (options.listEmittedFiles) for (const file of emittedFiles) ts.sys.write(`TSFILE: ${path.resolve(program.getCurrentDirectory(), file)}${ts.sys.newLine}`);
      } catch (error) {
        extras?.addDiagnostic(error instanceof ForeignEmitFailure ? foreignEmitError(error) : internalError(error, "the file that creates the App was not emitted again"));
      }
    }
  }
  return transformer;
}

/**
 * A bug in Callspec must not crash the user's build with a stack trace: it
 * becomes one diagnostic (the stack only with CALLSPEC_DEBUG=1) and no spec is written.
 */
export function generateOrReport(program: ts.Program, config: CallspecPluginConfig = {}, previous?: Derivation | null): ReturnType<typeof generateSpecs> {
  const problem = configProblem(config);
  if (problem) return failed(globalError(`Callspec plugin options in tsconfig.json: ${problem}`, Code.InvalidPluginOptions));
  try {
    return generateSpecs(program, { expressions: config.expressions, previous });
  } catch (error) {
    return failed(internalError(error, "openapi.json was not written"));
  }
}

/** A bug in Callspec, as one diagnostic: what it cost, and the message (the stack with CALLSPEC_DEBUG=1). */
function internalError(error: unknown, consequence: string): ts.Diagnostic {
  const detail = process.env.CALLSPEC_DEBUG ? String((error as Error).stack) : String((error as Error).message ?? error);
  return globalError(`Callspec failed unexpectedly, so ${consequence}: ${detail}. This is a bug in Callspec; please report it with the route that triggers it (CALLSPEC_DEBUG=1 prints the stack).`, Code.Internal);
}

/** TypeScript's "Could not write file", saying why this build wrote that file, which tsc did not emit itself. */
function withReason(failure: ts.Diagnostic): ts.Diagnostic {
  const reason = "Callspec emits the file that creates the App again when it holds another document than the one this build wrote; until it is written, the App serves the older one.";
  return { ...failure, messageText: `${ts.flattenDiagnosticMessageText(failure.messageText, "\n")} ${reason}` };
}

/**
 * An exception thrown by TypeScript or another plugin while Callspec emitted
 * the App's file again: the build fails with what was thrown, not as a bug of
 * Callspec's (tsc, emitting the file itself, would have stopped on it too).
 */
function foreignEmitError(failure: ForeignEmitFailure): ts.Diagnostic {
  const name = path.relative(process.cwd(), failure.file.fileName) || failure.file.fileName;
  const detail = process.env.CALLSPEC_DEBUG ? String((failure.thrown as Error)?.stack ?? failure.thrown) : failure.message;
  return globalError(
    `Emitting ${name} again (the file that creates the App, so that it serves this build's document) failed in TypeScript or another plugin of compilerOptions.plugins, not in Callspec: ${detail}. The App serves an older document until the file is emitted.`,
    Code.ForeignEmitFailure,
  );
}

/** What is wrong with the plugin entry's options, if anything. */
function configProblem(config: CallspecPluginConfig): string | undefined {
  if (config.expressions !== undefined && config.expressions !== "standard" && config.expressions !== "as-written") {
    return `"expressions" must be "standard" or "as-written", not ${JSON.stringify(config.expressions)}.`;
  }
  if (config.output !== undefined && (typeof config.output !== "string" || config.output === "")) {
    return `"output" must be a file path such as "openapi.json", not ${JSON.stringify(config.output)}.`;
  }
  return undefined;
}

/** A result with nothing generated: no spec, no route metadata (so the Apps refuse to start). */
function failed(diagnostic: ts.Diagnostic): ReturnType<typeof generateSpecs> {
  return { specs: [], routes: new Map(), components: new ComponentGraph(new Map()), apps: [], diagnostics: [diagnostic] };
}

function globalError(messageText: string, code: number): ts.Diagnostic {
  return { file: undefined, start: undefined, length: undefined, messageText, category: ts.DiagnosticCategory.Error, code };
}

