import ts from "typescript";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import callspecTransformer, { type CallspecPluginConfig } from "callspec/transformer";

/** The compiler options of the sample app and of the README's tsconfig snippet. */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  skipLibCheck: true,
  types: [],
};

export interface Compiled {
  /** Callspec's diagnostics, as the plugin reported them through ts-patch's `addDiagnostic`. */
  diagnostics: ts.Diagnostic[];
  /** TypeScript's own errors in the input: a fixture must be valid TypeScript. */
  typeErrors: ts.Diagnostic[];
  /** The text of openapi.json as the plugin wrote it, if it wrote one. */
  spec?: string;
  /** The text of another document the plugin wrote (an App's `specFile`). */
  readSpec(specFile: string): string | undefined;
  /** The JS (and .d.ts) TypeScript emitted, in memory, by path relative to the output folder. */
  emitted: Map<string, string>;
  /** Folder the plugin wrote into (removed by `cleanup`). */
  outDir: string;
  cleanup(): void;
}

// Library files parse the same for every fixture: parse them once (per way of parsing JSDoc).
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

function cachingHost(options: ts.CompilerOptions, jsDocParsingMode: ts.JSDocParsingMode): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  host.jsDocParsingMode = jsDocParsingMode;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.includes(`${path.sep}node_modules${path.sep}`) && !fileName.includes(`${path.sep}dist${path.sep}runtime${path.sep}`)) {
      return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    }
    const key = `${jsDocParsingMode}:${fileName}`;
    if (!libraryFiles.has(key)) libraryFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return libraryFiles.get(key);
  };
  return host;
}

/**
 * Compiles `rootNames` in memory through the plugin's own entry, exactly as
 * tspc calls it (factory, then emit with it as a `before` transformer), with
 * the spec written into a fresh temporary folder (or `outDir` if given).
 * `earlier` are other users' transformers, listed before Callspec's. JSDoc
 * is parsed as tspc parses it, not at all in .ts files (the plugin parses
 * what it reads: transformer/schema/parsed-jsdoc.ts), unless told otherwise.
 */
export function compileWithPlugin(
  rootNames: string[],
  config: Partial<CallspecPluginConfig> = {},
  outDir?: string,
  earlier: ts.TransformerFactory<ts.SourceFile>[] = [],
  jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors,
): Compiled {
  const dir = outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "callspec-test-"));
  // rootDir: the fixture is inside the callspec package, where `import "callspec"` is a self-reference.
  // Each compile its own project, as each tsconfig is to tspc: the plugin keeps a derivation for a project it built before (plugin.ts).
  const options = { ...COMPILER_OPTIONS, outDir: dir, rootDir: ROOT, noEmit: false, configFilePath: path.join(dir, "tsconfig.json") };
  const program = ts.createProgram({ rootNames, options, host: cachingHost(options, jsDocParsingMode) });
  const diagnostics: ts.Diagnostic[] = [];
  const extras = { addDiagnostic: (d: ts.Diagnostic) => diagnostics.push(d) } as never;
  const factory = callspecTransformer(program, { transform: "callspec/transformer", ...config }, extras);
  const emitted = new Map<string, string>();
  program.emit(undefined, (fileName, text) => emitted.set(path.relative(dir, fileName).split(path.sep).join("/"), text), undefined, false, { before: [...earlier, factory] });
  const specFile = path.join(dir, "openapi.json");
  return {
    diagnostics,
    typeErrors: [...ts.getPreEmitDiagnostics(program)],
    spec: fs.existsSync(specFile) ? fs.readFileSync(specFile, "utf8") : undefined,
    emitted,
    readSpec: (name) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8") : undefined),
    outDir: dir,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fixture's plugin options: its plugin.json (the keys users put in the tsconfig plugin entry), if any. */
export function pluginOptions(dir: string): Partial<CallspecPluginConfig> {
  const file = path.join(dir, "plugin.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

/** The `.ts` files of a fixture folder (and of its subfolders, if `deep`). */
export function sourcesIn(dir: string, deep = false): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? (deep ? sourcesIn(path.join(dir, entry.name), true).map((f) => path.relative(dir, f)) : []) : [entry.name]))
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Diagnostics as tsc prints them, with paths relative to `dir`: `input.ts(3,5): error TS91001: …`. */
export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], dir: string): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  });
}

/** Folders of `dir`, found with readdir: adding a case is adding a folder. */
export function caseFolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The repository root (tests run from dist/test/…). */
export const ROOT = path.resolve(__dirname, "../../..");
