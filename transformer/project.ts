import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import type { CallspecPluginConfig } from "./plugin";

export interface Project {
  configFile: string;
  program: ts.Program;
  /** TypeScript's own errors: the tsconfig's, syntax and types (a spec of a program that does not type-check may be wrong). */
  diagnostics: readonly ts.Diagnostic[];
  /** The callspec entry of `compilerOptions.plugins`, if any: its `output` places the spec as the plugin would. */
  plugin: CallspecPluginConfig;
}

/** A user mistake in how the CLI was called (a file that is not there): printed as one line, exit 2. */
export class UsageError extends Error {}

/**
 * The Program `tsc -p <project>` would build, made with the TypeScript
 * Callspec depends on: the CLI's way to a spec for projects whose compiler
 * runs no plugins (TypeScript 7, esbuild, swc, bundlers).
 * `project` is a tsconfig file or a folder with one; without it, the nearest
 * tsconfig.json from `cwd` upwards, as tsc finds it.
 */
export function loadProject(project: string | undefined, cwd: string): Project {
  const configFile = findConfigFile(project, cwd);
  const configErrors: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = { ...ts.sys, getCurrentDirectory: () => cwd, onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d) };
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, host);
  if (!parsed) return { configFile, program: ts.createProgram([], {}), diagnostics: configErrors, plugin: {} };
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: parsed.errors,
    host: asTscParses(ts.createCompilerHost(parsed.options)),
  });
  return { configFile, program, diagnostics: ts.getPreEmitDiagnostics(program), plugin: pluginConfig(parsed.options) };
}

/**
 * Parse as tsc does: the JSDoc of .ts files is left unparsed, and Callspec
 * parses the comments it reads when it reads them (schema/parsed-jsdoc.ts).
 * A compiler host parses all JSDoc by default, TypeScript's lib.dom.d.ts
 * included (megabytes of it).
 */
export function asTscParses(host: ts.CompilerHost): ts.CompilerHost {
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return host;
}

function findConfigFile(project: string | undefined, cwd: string): string {
  if (project === undefined) {
    const found = ts.findConfigFile(cwd, ts.sys.fileExists);
    if (!found) throw new UsageError(`No tsconfig.json in ${cwd} or a folder above it: pass the project with -p <tsconfig.json>.`);
    return path.resolve(found);
  }
  const given = path.resolve(cwd, project);
  const file = fs.existsSync(given) && fs.statSync(given).isDirectory() ? path.join(given, "tsconfig.json") : given;
  if (!fs.existsSync(file)) throw new UsageError(`Cannot find the project ${path.relative(cwd, file) || file}: -p takes a tsconfig.json or a folder with one.`);
  return file;
}

/** `{ "transform": "callspec/transformer", ...options }` among the tsconfig's plugins. */
function pluginConfig(options: ts.CompilerOptions): CallspecPluginConfig {
  const plugins = (options.plugins ?? []) as unknown as Array<Record<string, unknown>>;
  const entry = plugins.find((plugin) => typeof plugin.transform === "string" && /^callspec(\/|$)/.test(plugin.transform));
  // The whole entry: the CLI honours (and checks) the same options as the plugin.
  return (entry ?? {}) as CallspecPluginConfig;
}
