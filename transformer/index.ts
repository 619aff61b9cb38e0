import ts from "typescript";
import type { TransformerExtras, PluginConfig } from "ts-patch";
import { generateSpecs } from "./core";
import { specPath } from "./output";
import { canonicalJson, writeFileAtomic } from "./write";

export { generateSpecs, type GenerateResult, type GeneratedSpec } from "./core";
export { canonicalJson } from "./write";
export { specPath } from "./output";

/** Options of the plugin entry in tsconfig.json: `{ "transform": "callspec/transformer", "output": "openapi.json" }`. */
export interface CallspecPluginConfig extends PluginConfig {
  /** Where the (first) App's document goes, relative to the tsconfig's folder. Default: `<outDir>/openapi.json`. */
  output?: string;
}

const done = new WeakSet<ts.Program>();

/**
 * The ts-patch entry: runs the core once per Program, reports the user's
 * mistakes as TypeScript diagnostics (failing the build) and, when there are
 * none, writes the spec. The JS itself is left as it is.
 */
export default function callspecTransformer(program: ts.Program, config: CallspecPluginConfig = {}, extras?: TransformerExtras) {
  if (!done.has(program)) {
    done.add(program);
    const { specs, diagnostics } = generateOrReport(program);
    for (const diagnostic of diagnostics) extras?.addDiagnostic(diagnostic);
    if (diagnostics.length === 0 && !program.getCompilerOptions().noEmit) {
      for (const spec of specs) writeFileAtomic(specPath(program, config, spec.specFile), canonicalJson(spec.document));
    }
  }
  return (_context: ts.TransformationContext) => (file: ts.SourceFile) => file;
}

/**
 * A bug in Callspec must not crash the user's build with a stack trace: it
 * becomes one diagnostic (the stack only with CALLSPEC_DEBUG=1) and no spec is written.
 */
export function generateOrReport(program: ts.Program): ReturnType<typeof generateSpecs> {
  try {
    return generateSpecs(program);
  } catch (error) {
    const detail = process.env.CALLSPEC_DEBUG ? String((error as Error).stack) : String((error as Error).message ?? error);
    const messageText = `Callspec failed unexpectedly, so openapi.json was not written: ${detail}. This is a bug in Callspec; please report it with the route that triggers it (CALLSPEC_DEBUG=1 prints the stack).`;
    return { specs: [], diagnostics: [{ file: undefined, start: undefined, length: undefined, messageText, category: ts.DiagnosticCategory.Error, code: 91999 }] };
  }
}
