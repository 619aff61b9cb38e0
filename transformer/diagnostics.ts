import ts from "typescript";
import path from "node:path";

/**
 * Every user mistake Callspec reports, with a stable code (printed by tsc as
 * `error TS<code>`). Codes are part of the public interface: never renumber.
 */
export const Code = {
  NonLiteralPath: 91001,
  AnonymousHandler: 91002,
  DestructuredParameter: 91003,
  NotJsonSchema: 91004,
  MissingPathParameter: 91005,
  DuplicateOperationId: 91006,
  ComponentNameClash: 91007,
  NonLiteralOption: 91008,
  UnknownRouter: 91009,
  InvalidCallbacks: 91010,
  InvalidHandler: 91011,
  IncludeCycle: 91012,
  DuplicateRoute: 91013,
  DuplicateSpecFile: 91014,
  InvalidExpression: 91015,
  DuplicateCallback: 91016,
  /** Reported by the plugin (plugin.ts), which has no node to point at. */
  InvalidPluginOptions: 91017,
  NonLiteralStatus: 91018,
  InvalidJsDocTag: 91019,
  InvalidPath: 91020,
  NestedCallbacks: 91021,
  /** Reported by the plugin (plugin.ts): TypeScript or another plugin threw while the App's file was emitted again (app-file.ts). */
  ForeignEmitFailure: 91022,
  /** A bug in Callspec itself (plugin.ts): one diagnostic, never a stack. */
  Internal: 91999,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export function diagnosticAt(node: ts.Node, code: Code, message: string): ts.Diagnostic {
  const file = node.getSourceFile();
  const start = node.getStart(file);
  return {
    file,
    start,
    length: node.getEnd() - start,
    messageText: message,
    category: ts.DiagnosticCategory.Error,
    code,
    source: "callspec",
  };
}

/** Diagnostics in a stable order (file, position, code, text), duplicates removed. */
export function sortDiagnostics(diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
  const text = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const compare = (a: ts.Diagnostic, b: ts.Diagnostic) =>
    (a.file?.fileName ?? "").localeCompare(b.file?.fileName ?? "", "en") ||
    (a.start ?? 0) - (b.start ?? 0) ||
    a.code - b.code ||
    text(a).localeCompare(text(b), "en");
  const sorted = [...diagnostics].sort(compare);
  return sorted.filter((d, i) => i === 0 || compare(sorted[i - 1]!, d) !== 0);
}

/**
 * `file:line:col` of a node, for messages that point at a second place; the
 * path is relative to the folder of `from` (the file the message is about),
 * so messages read the same on every machine.
 */
export function where(node: ts.Node, from?: ts.Node): string {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  const name = from ? path.relative(path.dirname(from.getSourceFile().fileName), file.fileName).split(path.sep).join("/") : file.fileName;
  return `${name}:${line + 1}:${character + 1}`;
}

/** Points a diagnostic also at a second place (tsc prints it under the error, with context). */
export function withRelated(diagnostic: ts.Diagnostic, node: ts.Node, message: string): ts.Diagnostic {
  const file = node.getSourceFile();
  const start = node.getStart(file);
  const related: ts.DiagnosticRelatedInformation = { file, start, length: node.getEnd() - start, messageText: message, category: ts.DiagnosticCategory.Message, code: diagnostic.code };
  return { ...diagnostic, relatedInformation: [...(diagnostic.relatedInformation ?? []), related] };
}
