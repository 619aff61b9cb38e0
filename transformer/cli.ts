#!/usr/bin/env node
/**
 * The `callspec` command: the same core as the plugin, for builds that run no
 * plugin (TypeScript 7, esbuild, swc, bundlers), and the pull-request
 * workflow: `check` guards the committed spec, `diff` classifies its changes.
 * Exit codes: 0 done; 1 the answer is no (errors in the program, a stale
 * spec, changes that --fail-on names); 2 the command itself was wrong (an
 * unknown option, a missing or unreadable file).
 */
import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { createTwoFilesPatch } from "diff";
import type { GeneratedSpec } from "./core";
import { diffSpecs, type OpenApiDocument } from "./diff/index";
import { type Format, formatReport } from "./diff/report";
import { generateOrReport } from "./plugin";
import { displayPath, specPath } from "./output";
import { loadProject, UsageError } from "./project";
import { canonicalJson, writeFileAtomic } from "./write";

const HELP = {
  main: `Usage: callspec <command> [options]

Commands:
  generate   write openapi.json from the project's route handlers (no plugin needed)
  check      fail with a diff when the committed openapi.json is not what the code gives
  diff       classify the changes between two openapi.json files as breaking or not

Run \`callspec <command> --help\` for a command's options.
Exit codes: 0 done, 1 the answer is no (errors, stale spec, breaking changes), 2 wrong usage.
`,
  generate: `Usage: callspec generate [-p <tsconfig.json>] [-o <openapi.json>]

Builds the project's Program with Callspec's own TypeScript and writes the spec
the plugin would write. For projects compiled by TypeScript 7, esbuild, swc or
a bundler, which run no compiler plugins.

Options:
  -p, --project <path>  tsconfig.json, or a folder with one (default: the nearest
                        tsconfig.json from the current folder up)
  -o, --output <file>   where to write the spec (default: the plugin's \`output\`
                        option in the tsconfig, else <outDir>/openapi.json);
                        other Apps' files are written next to it
  -h, --help            show this help

Errors are printed as tsc prints them (file(line,col): error TS…), and then
nothing is written and the exit code is 1.
`,
  check: `Usage: callspec check [-p <tsconfig.json>] [--spec <openapi.json>]

Generates the spec in memory and compares it with the file on disk: exit 0 and
one line when they are the same, exit 1 and a unified diff when the file is
stale (run \`callspec generate\` and commit the result). Meant for CI.

Options:
  -p, --project <path>  tsconfig.json, or a folder with one (default: the nearest
                        tsconfig.json from the current folder up)
  --spec <file>         the committed spec (default: where \`callspec generate\` writes it)
  -h, --help            show this help
`,
  diff: `Usage: callspec diff <base.json> <head.json> [--format text|markdown|json] [--fail-on breaking|any|none]

Lists every change from base to head, one line each, with the operations it
affects and its JSON path, classified as breaking or non-breaking for the API's
clients. Callbacks and webhooks are requests our API sends, so their rules run
the other way: a property removed from a callback's body breaks receivers, a
property added does not. Renamed components are followed through $ref.
Use - for standard input, e.g. \`git show main:openapi.json | callspec diff - openapi.json\`.

Options:
  --format <format>     text (default), markdown (a pull-request comment) or json
  --fail-on <changes>   exit 1 when there are breaking changes (default), any
                        changes, or never (none)
  -h, --help            show this help
`,
};

type Command = keyof typeof HELP;

type Out = { stdout: (text: string) => void; stderr: (text: string) => void };

function help(out: Out, text: string): number {
  out.stdout(text);
  return 0;
}

function main(argv: string[], out: Out): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    const topic = command === "help" && rest[0] && rest[0] in HELP ? (rest[0] as Command) : "main";
    return help(out, HELP[topic]);
  }
  if (command === "-v" || command === "--version") {
    out.stdout(`${JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version}\n`);
    return 0;
  }
  if (!(command in HELP) || command === "main") {
    out.stderr(`callspec: unknown command "${command}".\n\n${HELP.main}`);
    return 2;
  }
  try {
    switch (command as Exclude<Command, "main">) {
      case "generate":
        return generate(rest, out);
      case "check":
        return check(rest, out);
      case "diff":
        return diff(rest, out);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.stderr(`callspec ${command}: ${error.message}\n`);
    return 2;
  }
}

const PROJECT_OPTIONS = {
  project: { type: "string", short: "p" },
  help: { type: "boolean", short: "h" },
} as const;

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. See --help.`);
  }
}

/** Errors as tsc prints them, paths relative to the current folder. */
function printDiagnostics(diagnostics: readonly ts.Diagnostic[], out: Out): void {
  if (diagnostics.length === 0) return;
  out.stderr(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" }));
}

/** The project's specs, or undefined after printing why there are none. */
function generateFromProject(project: string | undefined, out: Out) {
  const loaded = loadProject(project, process.cwd());
  const typeErrors = loaded.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (typeErrors.length > 0) {
    printDiagnostics(loaded.diagnostics, out);
    out.stderr(`callspec: TypeScript reports ${typeErrors.length} error${typeErrors.length === 1 ? "" : "s"} in ${displayPath(loaded.configFile)}; the spec of a program with errors may be wrong, so none was produced.\n`);
    return undefined;
  }
  const { specs, diagnostics } = generateOrReport(loaded.program, loaded.plugin);
  if (diagnostics.length > 0) {
    printDiagnostics(diagnostics, out);
    return undefined;
  }
  if (specs.length === 0) {
    out.stderr(`callspec: no App in the files of ${displayPath(loaded.configFile)}: create one with \`new App()\` from "callspec".\n`);
    return undefined;
  }
  return { ...loaded, specs };
}

function destination(loaded: { program: ts.Program; plugin: { output?: string } }, output: string | undefined, spec: GeneratedSpec): string {
  return specPath(loaded.program, output === undefined ? loaded.plugin : { output: path.resolve(output) }, spec.specFile);
}

/** A file that cannot be read or written (a folder, no permission) is the user's to fix: one line naming it, no stack. */
function fileOperation<T>(file: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw error;
    throw new UsageError(`cannot use ${displayPath(file)}: ${code} (${(error as Error).message.replace(/^\w+: /, "").split(",")[0]})`);
  }
}

function generate(args: string[], out: Out): number {
  const { values } = parse(args, { ...PROJECT_OPTIONS, output: { type: "string", short: "o" } });
  if (values.help) return help(out, HELP.generate);
  const generated = generateFromProject(values.project, out);
  if (!generated) return 1;
  for (const spec of generated.specs) {
    const file = destination(generated, values.output, spec);
    fileOperation(file, () => writeFileAtomic(file, canonicalJson(spec.document)));
    out.stdout(`wrote ${displayPath(file)}\n`);
  }
  return 0;
}

function check(args: string[], out: Out): number {
  const { values } = parse(args, { ...PROJECT_OPTIONS, spec: { type: "string" } });
  if (values.help) return help(out, HELP.check);
  const generated = generateFromProject(values.project, out);
  if (!generated) return 1;
  const current: string[] = [];
  let stale = false;
  for (const spec of generated.specs) {
    const file = destination(generated, values.spec, spec);
    const expected = canonicalJson(spec.document);
    const name = displayPath(file);
    if (!fs.existsSync(file)) {
      out.stderr(`${name} does not exist: run \`callspec generate\` and commit it.\n`);
      stale = true;
      continue;
    }
    const committed = fileOperation(file, () => fs.readFileSync(file, "utf8"));
    if (committed === expected) {
      current.push(name);
      continue;
    }
    stale = true;
    out.stdout(createTwoFilesPatch(name, `${name} (from the code)`, committed, expected, undefined, undefined, { context: 3 }));
    out.stderr(`${name} is stale: the code gives the document above. Run \`callspec generate\` and commit it.\n`);
  }
  if (stale) return 1;
  out.stdout(`${current.join(", ")} ${current.length === 1 ? "is" : "are"} up to date.\n`);
  return 0;
}

const FORMATS: readonly Format[] = ["text", "markdown", "json"];
const FAIL_ON = ["breaking", "any", "none"] as const;

function diff(args: string[], out: Out): number {
  const { values, positionals } = parse(args, { help: { type: "boolean", short: "h" }, format: { type: "string" }, "fail-on": { type: "string" } }, true);
  if (values.help) return help(out, HELP.diff);
  const format = (values.format ?? "text") as Format;
  const failOn = (values["fail-on"] ?? "breaking") as (typeof FAIL_ON)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}".`);
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${failOn}".`);
  if (positionals.length !== 2) throw new UsageError(`expected two files, <base.json> <head.json>, got ${positionals.length}. See --help.`);
  const [base, head] = positionals.map(readDocument) as [OpenApiDocument, OpenApiDocument];
  const changes = diffSpecs(base, head);
  out.stdout(formatReport(changes, format));
  const fails = failOn === "any" ? changes.length > 0 : failOn === "breaking" ? changes.some((c) => c.breaking) : false;
  return fails ? 1 : 0;
}

/** An OpenAPI 3 document from a file (or `-`, standard input); a UsageError naming the file otherwise. */
function readDocument(file: string): OpenApiDocument {
  const name = file === "-" ? "standard input" : file;
  let text: string;
  try {
    text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${name}: no such file.` : code === "EISDIR" ? `${name} is a folder, not an OpenAPI document.` : `cannot read ${name}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const version = (document as OpenApiDocument | null)?.openapi;
  if (typeof document !== "object" || document === null || Array.isArray(document) || typeof version !== "string" || !version.startsWith("3.")) {
    throw new UsageError(`${name} is not an OpenAPI 3 document (it has no "openapi": "3.x" field).`);
  }
  return document as OpenApiDocument;
}


process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
