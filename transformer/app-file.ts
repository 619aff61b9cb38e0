import ts from "typescript";
import fs from "node:fs";
import { createHash } from "node:crypto";

/**
 * The emitted file of each App holds its document (splice.ts), and the
 * digest of that document's text, so that a build can tell whether the file
 * holds the document it just wrote to openapi.json.
 *
 * It matters for the builds that emit only what changed: `--watch`,
 * `--incremental`, `composite` and `-b`. A change to a model changes the
 * document, but tsc emits the App's file again only when a type that file
 * can see changed, and an App that includes its routers' files through
 * `app.include(router)` sees none of their types. Its file would keep
 * serving the document of the build that last emitted it.
 */
export function documentDigest(text: string): string {
  return `sha256-${createHash("sha256").update(text).digest("base64")}`;
}

/** Whether tsc may leave some files alone in this build: a builder's (watch, incremental, composite or `tsc -b`). */
export function emitsOnlyWhatChanged(options: ts.CompilerOptions): boolean {
  return !!(options.watch || options.incremental || options.composite || (options as { tscBuild?: boolean }).tscBuild);
}

/**
 * Emits each of `files` (files that create an App, with the digests of
 * their Apps' documents) whose emitted JS does not hold its documents,
 * with the program's own emit (the plugin's transformer included, as the
 * rest of the build). Some builds emit the file again anyway, later: it is
 * then written twice, with the same text. Returns the emit's diagnostics.
 */
export function emitStaleAppFiles(program: ts.Program, files: ReadonlyMap<ts.SourceFile, readonly string[]>): readonly ts.Diagnostic[] {
  const options = program.getCompilerOptions();
  if (options.noEmit || options.emitDeclarationOnly) return [];
  const diagnostics: ts.Diagnostic[] = [];
  for (const [file, digests] of files) {
    const output = emittedJs(program, file);
    if (output && holds(output, digests)) continue;
    diagnostics.push(...program.emit(file).diagnostics);
  }
  return diagnostics;
}

/** TypeScript's emitter, on where it writes a file (5.9 and 6.0 have it). */
const outputPathsFor = (ts as unknown as { getOutputPathsFor?: (file: ts.SourceFile, host: object, forceDtsPaths: boolean) => { jsFilePath?: string } }).getOutputPathsFor;

/** Where the program emits `file`'s JS, as its emitter works it out; undefined when that cannot be known (the file is then emitted). */
function emittedJs(program: ts.Program, file: ts.SourceFile): string | undefined {
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

function holds(output: string, digests: readonly string[]): boolean {
  let text: string;
  try {
    text = fs.readFileSync(output, "utf8");
  } catch {
    return false; // not emitted yet, or removed
  }
  return digests.every((digest) => text.includes(digest));
}
