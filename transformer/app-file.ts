import ts from "typescript";
import fs from "node:fs";
import { readInChunks } from "./write";
import { thrownByCallspec } from "./splice";

/**
 * The file that creates an App carries its document (splice.ts), with the
 * digest of its text (`documentDigest`, write.ts), so that a build can tell
 * whether that file holds the document it just wrote to openapi.json.
 *
 * It matters for the builds that emit only what changed: `--watch`,
 * `--incremental` and `composite` (`tsc -b` included). A change to a model
 * changes the document, but tsc emits the App's file again only when a type
 * that file can see changed, and an App that includes its routers' files
 * through `app.include(router)` sees none of their types. Its file would
 * keep serving the document of the build that last emitted it.
 */

/**
 * Whether tsc may leave an App's file alone in this build, holding an older
 * document. Not when it emits every file: a one-shot build, the first build
 * of a watch, an incremental build with no build info yet, a `tsc -b`
 * project that is neither composite nor incremental (emitted whole). Not
 * with `outFile` (one file, emitted whole), nor `noEmitOnError`: the plugin
 * runs before tsc knows whether the build has errors, and must not emit if
 * it has. Only under ts-patch, whose `emit` runs the plugins' transformers:
 * another caller's emit would write the file without its document.
 */
export function appFilesMayBeStale(program: ts.Program, firstOfProject: boolean): boolean {
  const options = program.getCompilerOptions();
  if (options.noEmit || options.emitDeclarationOnly || options.outFile || options.noEmitOnError) return false;
  if (!("originalEmit" in program)) return false;
  if (options.incremental || options.composite) {
    const buildInfo = ts.getTsBuildInfoEmitOutputFilePath(options);
    return buildInfo !== undefined && fs.existsSync(buildInfo);
  }
  return !!options.watch && !firstOfProject;
}

/** What emitting the App's files again came to: what tsc would have made of its own emit of them. */
export interface AppFilesEmitted {
  /** Failed writes (a folder where the file goes, no permission): the App's file keeps an older document, or is missing. */
  writeFailures: ts.Diagnostic[];
  /** The files written, for `--listEmittedFiles`. */
  emittedFiles: string[];
  /** What was thrown while a file was emitted, and whether Callspec's own transformer threw it (`thrownByCallspec`, splice.ts). */
  thrown: { file: ts.SourceFile; error: unknown; byCallspec: boolean }[];
}

/**
 * Emits each of `files` (files that create an App, with the digests of
 * their Apps' documents, or `NO_DOCUMENT_DIGEST` after errors) whose
 * emitted JS does not hold them: its JS only, with the program's own emit
 * (the plugin's transformer and any other plugin's included, as the rest of
 * the build). Some builds emit the file again anyway, later: it is then
 * written twice, with the same text.
 *
 * It gives back what tsc would report of its own emit of the files, for the
 * caller to report: the write failures and the files written, and what was
 * thrown (one file's exception does not cost the others their emit). The
 * files' other diagnostics are not given back: TypeScript reports them
 * when it checks or emits the file itself (a builder would keep them as
 * another file's, and report them until that file is emitted again).
 */
export function emitStaleAppFiles(program: ts.Program, files: ReadonlyMap<ts.SourceFile, readonly string[]>): AppFilesEmitted {
  const emitted: AppFilesEmitted = { writeFailures: [], emittedFiles: [], thrown: [] };
  for (const [file, digests] of files) {
    const output = emittedJs(program, file);
    if (output === file.fileName) continue; // `allowJs` without `outDir`: TypeScript does not overwrite its input
    if (output && holds(output, digests)) continue;
    let result: ts.EmitResult;
    try {
      result = program.emit(file, undefined, undefined, EMIT_ONLY_JS as unknown as boolean);
    } catch (error) {
      emitted.thrown.push({ file, error, byCallspec: thrownByCallspec(error) });
      continue;
    }
    // Nothing of this loop has been reported yet: ts-patch adds the plugin's reported diagnostics to every emit's result.
    emitted.writeFailures.push(...result.diagnostics.filter((d) => d.code === COULD_NOT_WRITE_FILE));
    emitted.emittedFiles.push(...(result.emittedFiles ?? []));
  }
  return emitted;
}

/** TypeScript's "Could not write file '{0}': {1}.", the one diagnostic its emitter makes of a failed write. */
const COULD_NOT_WRITE_FILE = 5033;

/** TypeScript's `EmitOnly.Js` (an internal enum: 0), for `emit`'s fourth argument, which the API types as a boolean. */
const EMIT_ONLY_JS = 0;

/** TypeScript's emitter, on where it writes a file (5.9 and 6.0 have it). */
const outputPathsFor = (ts as unknown as { getOutputPathsFor?: (file: ts.SourceFile, host: object, forceDtsPaths: boolean) => { jsFilePath?: string } }).getOutputPathsFor;

/** Where the program emits `file`'s JS, as its emitter works it out; undefined when that cannot be known (the file is then emitted). */
export function emittedJs(program: ts.Program, file: ts.SourceFile): string | undefined {
  const commonSourceDirectory = (program as { getCommonSourceDirectory?: () => string }).getCommonSourceDirectory;
  if (!outputPathsFor || typeof commonSourceDirectory !== "function") return undefined;
  const caseSensitive = ts.sys.useCaseSensitiveFileNames;
  const host = {
    getCompilerOptions: () => program.getCompilerOptions(),
    getCurrentDirectory: () => program.getCurrentDirectory(),
    getCommonSourceDirectory: () => commonSourceDirectory.call(program),
    getCanonicalFileName: (name: string) => (caseSensitive ? name : name.toLowerCase()),
    useCaseSensitiveFileNames: () => caseSensitive,
  };
  return outputPathsFor(file, host, false).jsFilePath;
}

/** Whether the file at `output` holds every one of `digests` (it sits before the document, near the start of most Apps' files): read until it does. */
function holds(output: string, digests: readonly string[]): boolean {
  const missing = new Set(digests);
  // Digests are ASCII: the bytes are searched as latin1, with the end of the last chunk kept for one cut in two.
  const overlap = Math.max(...digests.map((digest) => digest.length));
  let tail = "";
  try {
    readInChunks(output, (bytes) => {
      const text = tail + bytes.toString("latin1");
      for (const digest of missing) if (text.includes(digest)) missing.delete(digest);
      tail = text.slice(-overlap);
      return missing.size > 0;
    });
  } catch {
    return false; // not emitted yet, or removed
  }
  return missing.size === 0;
}
