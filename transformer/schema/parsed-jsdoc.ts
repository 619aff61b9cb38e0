import ts from "typescript";

/**
 * JSDoc, parsed when Callspec reads it. Since TypeScript 5.3, tsc leaves the
 * JSDoc of .ts files unparsed (it only needs it in .js files). Asking tspc
 * to parse all of it (ts-patch's `parseAllJsDoc`) parses TypeScript's own
 * lib.*.d.ts comments too: on a 2000-route app that was 80 ms of the build and
 * 6 MB of memory, for comments Callspec never reads. Instead, a declaration's
 * JSDoc is parsed when a schema or an operation asks for it, and attached
 * where TypeScript's parser puts it, so that TypeScript's own JSDoc API
 * (`getJSDocTags`, `getDocumentationComment`) reads it as if tsc had parsed it.
 */
export function parseJsDocOf(node: ts.Node): void {
  if (hasOwnJsDocOnly(node)) parseLeadingJsDoc(node);
  else parseJsDocOfFile(node.getSourceFile());
}

/**
 * The JSDoc that `getDocumentationComment` inherits for a member of a class
 * or interface with base types (see TypeScript's `findBaseOfDeclaration`):
 * the same-named members of the base types, recursively, TypeScript's
 * library's included (`interface Sized extends Pick<string[], "length">`
 * inherits the description of `Array.length`, as it always did).
 */
export function parseInheritedJsDoc(declaration: ts.Declaration, checker: ts.TypeChecker, seen = new Set<ts.Node>()): void {
  const container = declaration.parent && ts.isConstructorDeclaration(declaration.parent) ? declaration.parent.parent : declaration.parent;
  const name = (declaration as { symbol?: ts.Symbol }).symbol?.name;
  if (!container || !name || !(ts.isClassLike(container) || ts.isInterfaceDeclaration(container)) || !container.heritageClauses) return;
  for (const clause of container.heritageClauses) {
    for (const written of clause.types) {
      const base = checker.getPropertyOfType(checker.getTypeAtLocation(written), name);
      for (const inherited of base?.declarations ?? []) {
        if (seen.has(inherited)) continue;
        seen.add(inherited);
        parseJsDocOf(inherited);
        parseInheritedJsDoc(inherited, checker, seen);
      }
    }
  }
}

/**
 * Declarations whose JSDoc can only be the comments right before them:
 * TypeScript's parser attaches those to the declaration and reads no other
 * node for it. (A variable's JSDoc sits on its statement, a parameter's on
 * its function, an initializer may carry its own: those take the whole-file way.)
 */
const OWN_JSDOC = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.EnumMember,
]);

export function hasOwnJsDocOnly(node: ts.Node): boolean {
  return OWN_JSDOC.has(node.kind) && !(node as { initializer?: ts.Expression }).initializer;
}

/** TypeScript caches a node's tags on its `jsDoc` array, giving a node without JSDoc an empty one to hold them. */
type WithJsDoc = ts.Node & { jsDoc?: ts.JSDoc[] };

/** Whether `node` has JSDoc of its own, as parsed so far (`parseJsDocOf` first). */
export function hasJsDoc(node: ts.Node): boolean {
  return ((node as WithJsDoc).jsDoc?.length ?? 0) > 0;
}

/** TypeScript's parser of one comment, where this version has it (5.9 and 6.0 do). */
const parseIsolated = (ts as unknown as { parseIsolatedJSDocComment?: (text: string, start: number, length: number) => { jsDoc: ts.JSDoc } | undefined })
  .parseIsolatedJSDocComment;

const checked = new WeakSet<ts.Node>();

/** The `/** … *\/` comments right before `node`, parsed as the parser parses them (getJSDocCommentRanges). */
function parseLeadingJsDoc(node: WithJsDoc): void {
  if (checked.has(node) || node.jsDoc?.length) return;
  checked.add(node);
  const text = node.getSourceFile().text;
  const ranges = (ts.getLeadingCommentRanges(text, node.pos) ?? []).filter(
    (range) => range.end <= node.end && text.charCodeAt(range.pos + 1) === 42 && text.charCodeAt(range.pos + 2) === 42 && text.charCodeAt(range.pos + 3) !== 47,
  );
  if (ranges.length === 0) return;
  if (!parseIsolated) return parseJsDocOfFile(node.getSourceFile());
  const docs = ranges.map((range) => parseIsolated(text, range.pos, range.end - range.pos)?.jsDoc).filter((doc): doc is ts.JSDoc => doc !== undefined);
  attach(node, docs);
}

const parsedFiles = new WeakSet<ts.SourceFile>();

/**
 * Every JSDoc comment of `file`, from a second parse of its text with JSDoc
 * on, grafted onto the program's tree node by node. Only for a file that
 * has JSDoc and was parsed without it; once per file.
 */
function parseJsDocOfFile(file: ts.SourceFile): void {
  if (parsedFiles.has(file)) return;
  parsedFiles.add(file);
  const mode = (file as { jsDocParsingMode?: ts.JSDocParsingMode }).jsDocParsingMode;
  if (mode === undefined || mode === ts.JSDocParsingMode.ParseAll || !file.text.includes("/**")) return;
  const options: ts.CreateSourceFileOptions = {
    languageVersion: file.languageVersion,
    impliedNodeFormat: file.impliedNodeFormat,
    // A module parses top-level `await` as such: the same answer as the program's, for the same tree.
    setExternalModuleIndicator: (copy) => {
      (copy as { externalModuleIndicator?: unknown }).externalModuleIndicator = (file as { externalModuleIndicator?: unknown }).externalModuleIndicator;
    },
    jsDocParsingMode: ts.JSDocParsingMode.ParseAll,
  };
  const scriptKind = (file as { scriptKind?: ts.ScriptKind }).scriptKind;
  graft(file, ts.createSourceFile(file.fileName, file.text, options, true, scriptKind));
}

/** Walks both trees of one text together, giving `target` the JSDoc `source` has; where they differ, it stops (never guesses). */
function graft(target: WithJsDoc, source: WithJsDoc): void {
  if (source.jsDoc?.length && !target.jsDoc?.length) attach(target, source.jsDoc);
  // Tags cached before the graft (the checker asks for a function's) may have missed a comment above it.
  else if (target.jsDoc?.length === 0) target.jsDoc = undefined;
  const targets = children(target);
  const sources = children(source);
  if (targets.length !== sources.length) return;
  for (let i = 0; i < targets.length; i++) {
    const [a, b] = [targets[i]!, sources[i]!];
    if (a.kind === b.kind && a.pos === b.pos && a.end === b.end) graft(a, b);
  }
}

function children(node: ts.Node): ts.Node[] {
  const list: ts.Node[] = [];
  ts.forEachChild(node, (child) => {
    list.push(child);
  });
  return list;
}

/**
 * Gives `node` its JSDoc as the parser and binder would have: parented to it,
 * in a new array (no tags cached from before). Inside each comment, parents
 * are set already (the isolated parse fixes them up; the file is reparsed
 * with them).
 */
function attach(node: WithJsDoc, docs: ts.JSDoc[]): void {
  if (docs.length === 0) return;
  for (const doc of docs) (doc as { parent: ts.Node }).parent = node;
  node.jsDoc = [...docs];
}
