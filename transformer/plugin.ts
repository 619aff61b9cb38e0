import ts from "typescript";
import path from "node:path";
import type { TransformerExtras, PluginConfig } from "ts-patch";
import type { OpenAPIV3_1 } from "openapi-types";
import type { RouteMetadata } from "./metadata";
import { ComponentGraph } from "./reachable";
import { generateSpecs } from "./core";
import type { Derivation } from "./schema/reuse";
import { Code } from "./diagnostics";
import { displayPath, specPath } from "./output";
import { carriedDigest, spliceCompiled, type AppDocument } from "./splice";
import { appFilesMayBeStale, emitStaleAppFiles, type AppFilesEmitted } from "./app-file";
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
        // Changed since the last Program of this watch: tsc emits it in this build, with this transformer.
        if (previous && !previous.imports.has(file)) continue;
        appFiles.set(file, [...(appFiles.get(file) ?? []), carriedDigest(compiledApps.get(app) ?? null)]);
      }
      try {
        // It emits with this transformer (kept above): the file gets what the rest of the build gets.
        reportAppFilesEmitted(program, emitStaleAppFiles(program, appFiles), extras);
      } catch (error) {
        extras?.addDiagnostic(internalError(error, "the file that creates the App was not emitted again"));
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

/**
 * Reports the emit of the App's files as tsc reports its own: a failed write
 * fails the build, the files written are listed. What was thrown fails it
 * too: as a bug in Callspec when Callspec's transformer threw it, else as
 * TypeScript's or another plugin's (tsc, emitting the file itself, would
 * have stopped on it too).
 */
function reportAppFilesEmitted(program: ts.Program, emitted: AppFilesEmitted, extras: TransformerExtras | undefined): void {
  for (const failure of emitted.writeFailures) extras?.addDiagnostic(withReason(failure));
  // As tsc prints them (only tsc does: an API host that runs ts-patch did not ask for lines on its stdout), before
  // tsc's own list, which tsc prints after its emit.
  if (program.getCompilerOptions().listEmittedFiles && extras?.library === "tsc") {
    for (const file of emitted.emittedFiles) ts.sys.write(`TSFILE: ${absolutePath(file, program.getCurrentDirectory())}${ts.sys.newLine}`);
  }
  for (const { file, error, byCallspec } of emitted.thrown) {
    extras?.addDiagnostic(byCallspec ? internalError(error, `${displayName(file)} was not emitted again`) : foreignEmitError(file, error));
  }
}

/** TypeScript's "Could not write file", saying why this build wrote that file, which tsc did not emit itself. */
function withReason(failure: ts.Diagnostic): ts.Diagnostic {
  const reason =
    "Callspec emits the file that creates the App again when it holds another document than the one this build wrote; until it is written, it keeps the older one (or is missing). Under --incremental, -b and --watch this error is kept until the files emitted in this build are emitted again (see Rebuilds in Callspec's README).";
  return { ...failure, messageText: `${ts.flattenDiagnosticMessageText(failure.messageText, "\n")} ${reason}` };
}

/** An exception thrown outside Callspec's transformer while the App's file was emitted again: in TypeScript's emitter or another plugin. */
function foreignEmitError(file: ts.SourceFile, error: unknown): ts.Diagnostic {
  const detail = process.env.CALLSPEC_DEBUG ? String((error as Error)?.stack ?? error) : String((error as Error)?.message ?? error).replace(/\.$/, "");
  return globalError(
    `Emitting ${displayName(file)} again (the file that creates the App, so that it serves this build's document) failed outside Callspec's transformer, in TypeScript's emitter or another plugin of compilerOptions.plugins: ${detail}. The App's file keeps an older document until it is emitted. CALLSPEC_DEBUG=1 prints the stack; if it passes through Callspec, please report it.`,
    Code.ForeignEmitFailure,
  );
}

/** A file as tsc names it in messages: relative to the current folder, with forward slashes. */
function displayName(file: ts.SourceFile): string {
  return displayPath(file.fileName).split(path.sep).join("/");
}

/** An emitted file's path as tsc prints it after `TSFILE: ` (TypeScript's own normalization when it has it: forward slashes). */
function absolutePath(file: string, currentDirectory: string): string {
  const normalize = (ts as unknown as { getNormalizedAbsolutePath?: (file: string, currentDirectory: string) => string }).getNormalizedAbsolutePath;
  return normalize ? normalize(file, currentDirectory) : path.resolve(currentDirectory, file).split(path.sep).join("/");
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

