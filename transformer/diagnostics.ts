import ts from "typescript";

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

/** Diagnostics in a stable order: by file, position, then code. */
export function sortDiagnostics(diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
  const seen = new Set<string>();
  const key = (d: ts.Diagnostic) => `${d.file?.fileName ?? ""}\0${d.start ?? 0}\0${d.code}\0${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  return [...diagnostics]
    .filter((d) => (seen.has(key(d)) ? false : (seen.add(key(d)), true)))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `file:line:col` of a node, for messages that point at a second place. */
export function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return `${file.fileName}:${line + 1}:${character + 1}`;
}
