import ts from "typescript";

/**
 * Which declarations of the files a change can reach did not change in
 * meaning (reuse.ts): under `tspc --watch`, a one-line change to one model
 * would otherwise derive every model of its file again, and bind every route
 * of every file that imports it, though their types are as they were.
 *
 * A top-level statement of such a file is *settled* when its text is the
 * last Program's, and every name in it still means what it meant: each
 * identifier resolves (with this Program's checker) to declarations of
 * files no change reaches, or to settled statements, through import and
 * export statements that are as they were. A statement the change reached
 * (its text changed, or a name in it now means something else) is not; and
 * nor is one that reads it. One way of reading a changed declaration is
 * allowed: naming a changed interface as the whole type of a property, or
 * of an array's elements (`related?: Model0`, `lines: Line[]`). That is a
 * `$ref` to its component, whatever the interface now holds, as long as it
 * still is that component, which the registry checks when it revives what
 * names it (registry.ts, `#revived`). A *strictly* settled statement reads
 * no changed declaration even that way, through any settled one: what walks
 * into the components a schema refers to (a request body's refused keys, a
 * callback key's path through the parent's types) needs that.
 *
 * Conservative where TypeScript's meaning is not in the names: a statement
 * of a JavaScript file, or with an `import("…")` type or call, is never
 * settled; a name declared by more than one statement (a merged interface,
 * whose members' order follows the statements') is not; an identifier whose
 * text is a top-level name the change added, removed or turned into another
 * kind of declaration is not (it may have meant something else before: a
 * removed local `interface Date` leaves `Date` meaning the global one). A
 * change to an `export * from` statement settles nothing (undefined): which
 * module a name comes from through it is no identifier's.
 */
export interface Settled {
  /** Whether the top-level statement holding `node` (of a file a change can reach) is settled, or strictly settled. */
  statement(node: ts.Node, strictly: boolean): boolean;
  /** Whether `symbol`'s declarations are all in settled statements of the files a change can reach (the caller knows the rest are untouched). */
  declarations(symbol: ts.Symbol, isClean: (file: ts.SourceFile) => boolean): boolean;
  /** Whether `symbol` is a changed interface that a settled statement may still name as a component (see above). */
  byReference(symbol: ts.Symbol): boolean;
  /** For each top-level declaration of a changed file that the last Program also had (same name and kind): its symbol then, and now. */
  counterparts: ReadonlyMap<ts.Symbol, ts.Symbol>;
}

/** A statement that settles nothing whatever its names: it has an `import("…")` type or call. */
const OPAQUE = "opaque";

/** What `namesIn` found of statements (the same objects while their file's text is the same). */
const namesInStatements = new WeakMap<ts.Statement, ReadonlyMap<string, boolean> | typeof OPAQUE>();

/**
 * The names a statement uses, each with whether every use of it is as a
 * component (`isComponentPosition`). What a name in a statement can mean
 * comes from its file's top-level names (declarations and imports), or from
 * outside the file (globals: a change to those is a change to a script, and
 * nothing is reused, reuse.ts), or from inside the statement. A member
 * (`a.b`) follows what `a` is, which follows the names in the statement too.
 * So a top-level name a statement does not use cannot change its meaning.
 */
function namesIn(statement: ts.Statement): ReadonlyMap<string, boolean> | typeof OPAQUE {
  const kept = namesInStatements.get(statement);
  if (kept) return kept;
  const names = new Map<string, boolean>();
  let opaque = false;
  const visit = (child: ts.Node): void => {
    if (opaque) return;
    if (ts.isImportTypeNode(child) || (ts.isCallExpression(child) && (child.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(child.expression) && child.expression.text === "require")))) {
      opaque = true;
      return;
    }
    if (ts.isIdentifier(child)) names.set(child.text, (names.get(child.text) ?? true) && isComponentPosition(child));
    ts.forEachChild(child, visit);
  };
  // An import or export statement uses no name itself: what it names is read where the name is used.
  if (!ts.isImportDeclaration(statement) && !ts.isImportEqualsDeclaration(statement) && !ts.isExportDeclaration(statement)) ts.forEachChild(statement, visit);
  const found = opaque ? OPAQUE : names;
  namesInStatements.set(statement, found);
  return found;
}

/** One top-level statement of a file a change can reach, and what it reads. */
interface Node {
  statement: ts.Statement;
  /** Not settled whatever it reads: its text changed, or a name in it may mean something else. */
  changed: boolean;
  /** The statements of reached files it reads; `byReference` when only as a component (see above). */
  reads: { node: Node; byReference: boolean }[];
  settled: boolean;
  strictly: boolean;
}

/**
 * The settled statements of the `reached` files (changed, or importing one),
 * as this Program's checker reads them. `before` gives a changed file as the
 * last Program had it (undefined for a new file); `resolvedBefore` and
 * `resolved` the file each module specifier of a file resolved to then and now.
 */
export function settledStatements(
  checker: ts.TypeChecker,
  reached: ReadonlySet<ts.SourceFile>,
  before: (file: ts.SourceFile) => ts.SourceFile | undefined,
  resolvedBefore: (file: ts.SourceFile) => readonly (ts.SourceFile | undefined)[] | undefined,
  resolved: (file: ts.SourceFile) => readonly (ts.SourceFile | undefined)[] | undefined,
): Settled | undefined {
  const nodes = new Map<ts.Statement, Node>();
  const counterparts = new Map<ts.Symbol, ts.Symbol>();
  const interfacesByReference = new Set<ts.Symbol>();
  const changedNames = new Map<ts.SourceFile, Set<string>>();
  const chains = new Map<ts.Symbol, { declarations: readonly ts.Node[]; target: ts.Symbol | undefined }>();
  const topLevelNames = new Map<ts.SourceFile, Map<string, ts.Node[]>>();

  for (const file of reached) {
    const old = before(file);
    const isChanged = old !== file;
    const javascript = /\.[cm]?jsx?$/i.test(file.fileName);
    const oldTexts = new Map<string, ts.Statement>();
    if (old && isChanged) for (const statement of old.statements) oldTexts.set(statement.getFullText(old), statement);
    const now = declaredNames(file);
    topLevelNames.set(file, now);
    const then = old && isChanged ? declaredNames(old) : now;
    const twiceNow = declaringTwice(now);
    const twiceThen = old && isChanged ? declaringTwice(then) : twiceNow;
    // Names whose meaning an identifier could have taken from another declaration: added, removed, or of another kind.
    const names = new Set<string>();
    for (const [name, declared] of now) if (!sameKinds(declared, then.get(name))) names.add(name);
    for (const [name, declared] of then) if (!sameKinds(declared, now.get(name))) names.add(name);
    changedNames.set(file, names);
    for (const statement of file.statements) {
      const oldStatement = isChanged ? oldTexts.get(statement.getFullText(file)) : statement;
      let changed = javascript || oldStatement === undefined || twiceNow.has(statement) || twiceThen.has(oldStatement);
      if (!changed && hasModuleSpecifier(statement)) changed = !sameTarget(statement, file, oldStatement!, old ?? file, resolved, resolvedBefore);
      // Through `export *`, a name's module is no identifier's: a changed one settles nothing.
      if (changed && ts.isExportDeclaration(statement) && !statement.exportClause) return undefined;
      nodes.set(statement, { statement, changed, reads: [], settled: true, strictly: true });
      if (!changed && oldStatement !== statement) pairDeclarations(oldStatement!, statement, counterparts);
    }
    if (old && isChanged) {
      const kept = new Set(file.statements.map((statement) => statement.getFullText(file)));
      // A removed (or rewritten) `export * from`: as a changed one.
      if (old.statements.some((statement) => ts.isExportDeclaration(statement) && !statement.exportClause && !kept.has(statement.getFullText(old)))) return undefined;
    }
    // An interface, changed or not, that keeps its identity: declared once, as an interface, now and (if its file changed) before.
    for (const statement of file.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      const name = statement.name.text;
      const was = then.get(name);
      if (now.get(name)?.length !== 1 || was?.length !== 1 || !ts.isInterfaceDeclaration(was[0]!)) continue;
      const symbol = symbolOf(statement);
      if (!symbol) continue;
      if (isChanged) {
        const oldSymbol = symbolOf(was[0]!);
        if (!oldSymbol) continue;
        counterparts.set(oldSymbol, symbol);
      }
      interfacesByReference.add(symbol);
    }
  }

  // What each statement reads: the top-level names of its file it uses, and through imports what they name.
  for (const node of nodes.values()) {
    if (node.changed) continue;
    const file = node.statement.getSourceFile();
    const names = changedNames.get(file)!;
    const topLevel = topLevelNames.get(file)!;
    const found = namesIn(node.statement);
    if (found === OPAQUE) {
      node.changed = true;
      continue;
    }
    for (const [name, onlyAsComponent] of found) {
      if (names.has(name)) {
        node.changed = true;
        break;
      }
      for (const declaration of topLevel.get(name) ?? []) {
        if (isImportBinding(declaration)) {
          // The import and any re-exports it goes through must be as they were; then what it names, wherever that is now.
          const alias = symbolOf(declaration);
          const chain = alias && aliasChain(alias);
          if (!chain?.target) {
            node.changed = true;
            break;
          }
          for (const between of chain.declarations) readStatement(node, between, false);
          for (const target of chain.target.declarations ?? []) readStatement(node, target, onlyAsComponent && interfacesByReference.has(chain.target));
        } else {
          const statement = topLevelStatement(declaration);
          readStatement(node, declaration, onlyAsComponent && !!statement && interfacesByReference.has(symbolOf(statement)!));
        }
      }
    }
  }

  /** The declarations of an import's chain of aliases, and what it ends at (none: nothing): once per import a run. */
  function aliasChain(alias: ts.Symbol): { declarations: readonly ts.Node[]; target: ts.Symbol | undefined } {
    let chain = chains.get(alias);
    if (chain) return chain;
    const declarations: ts.Node[] = [];
    let symbol: ts.Symbol | undefined = alias;
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias; hops++) {
      declarations.push(...(symbol.declarations ?? []));
      symbol = hops > 100 ? undefined : checker.getImmediateAliasedSymbol(symbol);
    }
    chains.set(alias, (chain = { declarations, target: symbol }));
    return chain;
  }

  function readStatement(node: Node, declaration: ts.Node, byReference: boolean): void {
    if (ts.isSourceFile(declaration)) {
      // A whole module (`import * as models`): settled only if no change reaches it.
      if (reached.has(declaration)) node.changed = true;
      return;
    }
    const file = declaration.getSourceFile();
    if (!reached.has(file)) return;
    const statement = topLevelStatement(declaration);
    if (statement === node.statement) return;
    const target = statement && nodes.get(statement);
    if (!target) {
      node.changed = true;
      return;
    }
    node.reads.push({ node: target, byReference });
  }

  // Not settled: what changed, and what reads it (by reference too, for `strictly`).
  const readers = new Map<Node, { node: Node; byReference: boolean }[]>();
  for (const node of nodes.values()) {
    for (const edge of node.reads) {
      const list = readers.get(edge.node);
      if (list) list.push({ node, byReference: edge.byReference });
      else readers.set(edge.node, [{ node, byReference: edge.byReference }]);
    }
  }
  const unsettle = (strict: boolean) => {
    const pending = [...nodes.values()].filter((node) => node.changed);
    for (const node of pending) (strict ? (node.strictly = false) : (node.settled = false));
    for (let node = pending.pop(); node; node = pending.pop()) {
      for (const reader of readers.get(node) ?? []) {
        if (!strict && reader.byReference) continue;
        if (strict ? !reader.node.strictly : !reader.node.settled) continue;
        if (strict) reader.node.strictly = false;
        else reader.node.settled = false;
        pending.push(reader.node);
      }
    }
  };
  unsettle(false);
  unsettle(true);

  return {
    statement: (node, strictly) => {
      const found = nodes.get(topLevelStatement(node)!);
      return !!found && (strictly ? found.strictly : found.settled);
    },
    declarations: (symbol, isClean) => {
      const declarations = symbol.declarations ?? [];
      if (declarations.length === 0 || symbol.flags & ts.SymbolFlags.Transient) return false;
      return declarations.every((declaration) => {
        const file = declaration.getSourceFile();
        if (isClean(file)) return true;
        const node = reached.has(file) ? nodes.get(topLevelStatement(declaration)!) : undefined;
        return !!node && node.settled;
      });
    },
    byReference: (symbol) => interfacesByReference.has(symbol),
    counterparts,
  };
}

/** The statement of its file that holds `node`. */
function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return ts.isSourceFile(current) ? undefined : (current as ts.Statement);
}

/** Where naming a type makes a `$ref` to its component and reads nothing else of it: a property's whole type, or its array's elements. */
function isComponentPosition(identifier: ts.Identifier): boolean {
  const reference = identifier.parent;
  if (!ts.isTypeReferenceNode(reference) || reference.typeName !== identifier || reference.typeArguments) return false;
  const holder = ts.isArrayTypeNode(reference.parent) ? reference.parent.parent : reference.parent;
  return ts.isPropertySignature(holder) && (holder.type === reference || holder.type === reference.parent);
}



/** A name an import declares: `{ a }`, `b` of `import b`, `* as c`, `import d = require("…")`. */
function isImportBinding(declaration: ts.Node): boolean {
  return ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration);
}

/** Each top-level name of `file`, with the declarations that declare it (imports' bindings included). */
function declaredNames(file: ts.SourceFile): Map<string, ts.Node[]> {
  const names = new Map<string, ts.Node[]>();
  const add = (name: ts.Node | undefined, declaration: ts.Node) => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.set(name.text, [...(names.get(name.text) ?? []), declaration]);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(element.name, element);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) add(declaration.name, declaration);
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) add(clause.name, clause);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, bindings);
      else if (bindings) for (const element of bindings.elements) add(element.name, element);
    } else if ("name" in statement) add((statement as { name?: ts.Node }).name, statement);
  }
  return names;
}

/** The same kinds of declaration, in the same number. */
function sameKinds(a: readonly ts.Node[] | undefined, b: readonly ts.Node[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((node, i) => node.kind === b[i]!.kind);
}

/** The statements that declare a name another statement of their file declares too. */
function declaringTwice(names: ReadonlyMap<string, readonly ts.Node[]>): Set<ts.Statement | undefined> {
  const found = new Set<ts.Statement | undefined>();
  for (const declarations of names.values()) {
    if (declarations.length < 2) continue;
    const statements = new Set(declarations.map(topLevelStatement));
    if (statements.size > 1) for (const statement of statements) found.add(statement);
  }
  return found;
}

function hasModuleSpecifier(statement: ts.Statement): statement is ts.ImportDeclaration | ts.ExportDeclaration {
  return (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined;
}

/** Whether an import or re-export resolves to the file it resolved to in the last Program. */
function sameTarget(
  statement: ts.ImportDeclaration | ts.ExportDeclaration,
  file: ts.SourceFile,
  oldStatement: ts.Statement,
  old: ts.SourceFile,
  resolved: (file: ts.SourceFile) => readonly (ts.SourceFile | undefined)[] | undefined,
  resolvedBefore: (file: ts.SourceFile) => readonly (ts.SourceFile | undefined)[] | undefined,
): boolean {
  const target = (f: ts.SourceFile, s: ts.Statement, targets: readonly (ts.SourceFile | undefined)[] | undefined) => {
    const specifiers = (f as { imports?: readonly ts.Node[] }).imports ?? [];
    const index = specifiers.indexOf((s as ts.ImportDeclaration).moduleSpecifier);
    return index < 0 || !targets ? null : (targets[index]?.fileName ?? "");
  };
  const now = target(file, statement, resolved(file));
  const then = target(old, oldStatement, resolvedBefore(old));
  return now !== null && now === then;
}

/** Pairs the symbols of two statements with the same text: the old one's declarations, then the new one's, in order. */
function pairDeclarations(old: ts.Statement, now: ts.Statement, counterparts: Map<ts.Symbol, ts.Symbol>): void {
  const before = declarationsOf(old);
  const after = declarationsOf(now);
  if (before.length !== after.length) return;
  for (let i = 0; i < before.length; i++) {
    const a = symbolOf(before[i]!);
    const b = symbolOf(after[i]!);
    if (a && b && a !== b) counterparts.set(a, b);
  }
}

function declarationsOf(statement: ts.Statement): ts.Node[] {
  if (ts.isVariableStatement(statement)) return [...statement.declarationList.declarations];
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isFunctionDeclaration(statement)) return [statement];
  return [];
}

/** The symbol the binder gave a declaration (TypeScript's internal `symbol` property). */
function symbolOf(declaration: ts.Node): ts.Symbol | undefined {
  return (declaration as { symbol?: ts.Symbol }).symbol;
}
