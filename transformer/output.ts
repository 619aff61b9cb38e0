import ts from "typescript";
import path from "node:path";

/** Where a document goes: `output` (relative to the tsconfig's folder) names the file of the default App. */
export interface OutputConfig {
  output?: string;
}

/**
 * `output` from the plugin config, else `<outDir>/<specFile>`, else next to
 * the tsconfig. Other Apps' files go next to `output`. The plugin and the CLI
 * both place documents with this, so they agree on where the spec is.
 */
export function specPath(program: ts.Program, config: OutputConfig, specFile: string): string {
  const options = program.getCompilerOptions();
  const projectDir = options.configFilePath ? path.dirname(String(options.configFilePath)) : program.getCurrentDirectory();
  if (config.output) {
    const output = path.resolve(projectDir, config.output);
    return specFile === "openapi.json" ? output : path.join(path.dirname(output), specFile);
  }
  return path.join(options.outDir ?? projectDir, specFile);
}

/** A file as messages name it: relative to the current folder when it is inside it, else as given. */
export function displayPath(file: string): string {
  const name = path.relative(process.cwd(), file);
  return name.startsWith("..") || path.isAbsolute(name) ? file : name;
}
