import ts from "typescript";

/**
 * Which declarations of the files a change can reach did not change in
 * meaning (reuse.ts): under `tspc --watch`, a one-line change to one model
 * would otherwise derive every model of its file again, and bind every route
 * of every file that imports it, though their types are as they were.
 *
 * A top-level statement of such a file is *strictly settled* when its text
 * (comments included) is the last Program's, and every top-level name of
 * its file that it uses leads to strictly settled statements, or to files
 * no change reaches: a declaration of the file, or an import, followed with
 * this Program's checker to what it names now, through imports and
 * re-exports that are as they were (`namesIn` says why the names it uses
 * are all a statement's meaning depends on). Nothing it reads, in any way,
 * changed.
 *
 * It is *settled* when what it reads other than by reference is strictly
 * settled. Reading by reference is naming an interface as a type written
 * whole (`wholeTypeReading`: `related?: Model0`, `lines: Line[]`, a handler's
 * `Promise<Model0>`): that is a `$ref` to its component, whatever the
 * interface holds or refers to, as long as it still is that component,
 * which the registry checks when it revives what names it (registry.ts,
 * `#stillComponent`). A settled component's own schema is as it was; what
 * reads into the components it refers to needs them strictly settled: an
 * instance's type arguments (`Page<T>` may read `T`'s members), and a
 * route's callback keys (checked through its types); a revived request body
 * is checked again for keys the server refuses (bind.ts).
 *
 * Conservative where TypeScript's meaning is not in the names: a statement
 * of a JavaScript file, or with an `import("…")` type or call, is never
 * settled; nor is one declaring a name that another statement declares too
 * (a merged interface, whose members' order follows the statements'); nor
 * one using a top-level name the change added, removed or turned into
 * another kind of declaration (it may have meant something else before: a
 * removed local `type PropertyKey = string` leaves `PropertyKey` meaning the
 * global one); nor one that reads its own members (`n: Self['m']`) by
 * reference. Nothing is settled (undefined) after a change to an `export *
 * from` statement, or when an exported name was removed while some file
 * re-exports with `export *`: which module a name comes from through it is
 * no identifier's.
 */
export interface Settled {
  /** Whether the top-level statement holding `node` (of a file a change can reach) is settled, or strictly settled. */
  statement(node: ts.Node, strictly: boolean): boolean;
  /** Whether `symbol`'s declarations are all in settled (or strictly settled) statements of the files a change can reach, or in `isClean` files. */
  declarations(symbol: ts.Symbol, isClean: (file: ts.SourceFile) => boolean, strictly: boolean): boolean;
  /** Whether `symbol` is an interface that a settled statement may name by reference (see above). */
  byReference(symbol: ts.Symbol): boolean;
  /** For each top-level declaration of a changed file that the last Program also had (same name and kind): its symbol then, and now. */
  counterparts: ReadonlyMap<ts.Symbol, ts.Symbol>;
}

/** A statement that settles nothing whatever its names: it has an `import("…")` type or call. */
const OPAQUE = "opaque";

/** What `namesIn` found of statements (the same objects while their file's text is the same). */
const namesInStatements = new WeakMap<ts.Statement, ReadonlyMap<string, Reading> | typeof OPAQUE>();

/**
 * How a statement reads what a name names: its members (`MEMBERS`), or
 * only as a component, in a handler's signature (`IN_HANDLER`: what the
 * route makes of it, awaiting a thenable say, needs the interface settled)
 * or in an interface's members (`BY_NAME`: a `$ref`, whatever it holds).
 */
type Reading = typeof MEMBERS | typeof IN_HANDLER | typeof BY_NAME;
const MEMBERS = 0;
const IN_HANDLER = 1;
const BY_NAME = 2;

/**
 * The names a statement uses, each with whether every use of it is as a
 * component (`readingAt`). What a name in a statement can mean
 * comes from its file's top-level names (declarations and imports), or from
 * outside the file (globals: a change to those is a change to a script, and
 * nothing is reused, reuse.ts), or from inside the statement. A member
 * (`a.b`) follows what `a` is, which follows the names in the statement too.
 * So a top-level name a statement does not use cannot change its meaning.
 */
function namesIn(statement: ts.Statement): ReadonlyMap<string, Reading> | typeof OPAQUE {
  const kept = namesInStatements.get(statement);
  if (kept) return kept;
  const names = new Map<string, Reading>();
  let opaque = false;
  const visit = (child: ts.Node): void => {
    if (opaque) return;
    if (ts.isImportTypeNode(child) || (ts.isCallExpression(child) && (child.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(child.expression) && child.expression.text === "require")))) {
      opaque = true;
      return;
    }
    // A name being declared (a property's, a parameter's, the statement's own) is no use of one; `{ shorthand }` is.
    const declared = (child.parent as { name?: ts.Node } | undefined)?.name === child && !ts.isShorthandPropertyAssignment(child.parent);
    if (ts.isIdentifier(child) && !declared) names.set(child.text, Math.min(names.get(child.text) ?? BY_NAME, readingAt(child)) as Reading);
    // `this['m']` reads the statement's own members, as its name would.
    if (child.kind === ts.SyntaxKind.ThisType) for (const name of declaredBy(statement)) names.set(name, MEMBERS);
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
  /** The statements of reached files it reads, each with whether only by reference (see above). */
  reads: Map<Node, Reading>;
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
  const several = new Map<ts.SourceFile, Set<string>>();
  let removedExports = false;
  let exportsStar = false;

  for (const file of reached) {
    const old = before(file);
    const isChanged = old !== file;
    const javascript = /\.[cm]?jsx?$/i.test(file.fileName);
    const oldTexts = new Map<string, ts.Statement>();
    if (old && isChanged) for (const statement of old.statements) oldTexts.set(statement.getFullText(old), statement);
    const now = declaredNames(file);
    topLevelNames.set(file, now);
    const then = old && isChanged ? declaredNames(old) : now;
    const severalNow = declaredBySeveral(now);
    several.set(file, severalNow);
    const twiceNow = statementsDeclaring(severalNow, now);
    const twiceThen = old && isChanged ? statementsDeclaring(declaredBySeveral(then), then) : twiceNow;
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
      nodes.set(statement, { statement, changed, reads: new Map(), settled: true, strictly: true });
      if (!changed && oldStatement !== statement) pairDeclarations(oldStatement!, statement, counterparts);
    }
    if (old && isChanged) {
      const kept = new Set(file.statements.map((statement) => statement.getFullText(file)));
      // A removed (or rewritten) `export * from`: as a changed one.
      if (old.statements.some((statement) => ts.isExportDeclaration(statement) && !statement.exportClause && !kept.has(statement.getFullText(old)))) return undefined;
    }
    // A name no longer exported (or exported as another kind of declaration) can come from an unchanged `export *`
    // instead, in this file or one that re-exports it: which module it comes from then is no identifier's.
    if (isChanged && [...then].some(([name, declared]) => !sameKinds(declared, now.get(name)) && declared.some(isExported))) removedExports = true;
    if (file.statements.some((statement) => ts.isExportDeclaration(statement) && !statement.exportClause)) exportsStar = true;
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

  if (removedExports && exportsStar) return undefined;

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
    // A declaration that reads its own members (`n: Tree['m']`) reads what it names by reference too.
    const readsItself = declaredBy(node.statement).some((name) => found.get(name) === MEMBERS);
    for (const [name, reading] of found) {
      const asComponent = readsItself ? MEMBERS : reading;
      if (names.has(name)) {
        node.changed = true;
        break;
      }
      // Declared by several statements: each is changed (above), and so is what reads it (without an edge per declaration).
      if (several.get(file)!.has(name)) {
        node.changed = true;
        break;
      }
      const declarations = topLevel.get(name) ?? [];
      for (const declaration of declarations) {
        if (isImportBinding(declaration)) {
          // The import and any re-exports it goes through must be as they were; then what it names, wherever that is now.
          const alias = symbolOf(declaration);
          const chain = alias && aliasChain(alias);
          if (!chain?.target) {
            node.changed = true;
            break;
          }
          for (const between of chain.declarations) readStatement(node, between, MEMBERS);
          for (const target of chain.target.declarations ?? []) readStatement(node, target, interfacesByReference.has(chain.target) ? asComponent : MEMBERS);
        } else {
          const statement = topLevelStatement(declaration);
          readStatement(node, declaration, statement && interfacesByReference.has(symbolOf(statement)!) ? asComponent : MEMBERS);
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

  function readStatement(node: Node, declaration: ts.Node, reading: Reading): void {
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
    // One read of a statement, the way that needs the most of it.
    node.reads.set(target, Math.min(node.reads.get(target) ?? BY_NAME, reading) as Reading);
  }

  // Strictly settled: nothing it reads, in any way, reaches a change. Settled: what it reads other than by
  // reference is strictly settled (what it reads of those is all as it was); by reference, anything still named.
  const readers = new Map<Node, Node[]>();
  for (const node of nodes.values()) {
    for (const target of node.reads.keys()) {
      const list = readers.get(target);
      if (list) list.push(node);
      else readers.set(target, [node]);
    }
  }
  const pending = [...nodes.values()].filter((node) => node.changed);
  for (const node of pending) node.strictly = false;
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const reader of readers.get(node) ?? []) {
      if (!reader.strictly) continue;
      reader.strictly = false;
      pending.push(reader);
    }
  }
  // A handler's by-reference reads are of interfaces, which read none that way: theirs are settled first.
  for (const node of nodes.values()) node.settled = !node.changed && [...node.reads].every(([target, reading]) => reading === BY_NAME || target.strictly);
  for (const node of nodes.values()) {
    if (node.changed || node.settled) continue;
    node.settled = [...node.reads].every(([target, reading]) => reading === BY_NAME || target.strictly || (reading === IN_HANDLER && target.settled));
  }

  return {
    statement: (node, strictly) => {
      const found = nodes.get(topLevelStatement(node)!);
      return !!found && (strictly ? found.strictly : found.settled);
    },
    declarations: (symbol, isClean, strictly) => {
      const declarations = symbol.declarations ?? [];
      if (declarations.length === 0 || symbol.flags & ts.SymbolFlags.Transient) return false;
      return declarations.every((declaration) => {
        const file = declaration.getSourceFile();
        if (isClean(file)) return true;
        const node = reached.has(file) ? nodes.get(topLevelStatement(declaration)!) : undefined;
        return !!node && (strictly ? node.strictly : node.settled);
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
function readingAt(identifier: ts.Identifier): Reading {
  const reference = identifier.parent;
  return ts.isTypeReferenceNode(reference) && reference.typeName === identifier && !reference.typeArguments ? wholeTypeReading(reference) : MEMBERS;
}

/**
 * A type written where it is rendered whole, by itself, and read for nothing
 * else: a property's type in an interface's own members (or in a type
 * literal that is itself such a type, or a type alias's whole type), an
 * array's elements there; and in a handler (`isHandlerLike`) with a declared
 * return type, that type (or what the lib's `Promise` resolves to) and a
 * parameter's type, when no parameter's type comes from its default (which
 * may read the others). Anywhere else (an indexed access, a conditional, a
 * mapped type, a type argument, `extends`, a function type, an index
 * signature, a function inside another) its members can be read. In an
 * interface it is read `BY_NAME`, a `$ref` whatever it holds; in a handler
 * `IN_HANDLER`, since the route makes more of it than a `$ref` (awaits a
 * thenable, decides where a parameter comes from): the interface must be
 * settled.
 */
function wholeTypeReading(node: ts.TypeNode): Reading {
  const parent = node.parent;
  if (ts.isArrayTypeNode(parent)) return wholeTypeReading(parent);
  if (ts.isPropertySignature(parent)) return parent.type === node && isWholeMember(parent) ? BY_NAME : MEMBERS;
  if (ts.isTypeAliasDeclaration(parent)) return parent.type === node && ts.isSourceFile(parent.parent) ? BY_NAME : MEMBERS;
  if (ts.isParameter(parent)) {
    const handler = parent.parent;
    return parent.type === node && isHandlerLike(handler) && handler.type !== undefined && handler.parameters.every((p) => p.type !== undefined || p.initializer === undefined) ? IN_HANDLER : MEMBERS;
  }
  if (isHandlerLike(parent)) return parent.type === node ? IN_HANDLER : MEMBERS;
  // `Promise<T>` as a declared return type, the lib's (not a `Promise` of the file's own or imported): what it resolves to.
  return ts.isTypeReferenceNode(parent) &&
    ts.isIdentifier(parent.typeName) &&
    parent.typeName.text === "Promise" &&
    !declaredNames(parent.getSourceFile()).has("Promise") &&
    parent.typeArguments?.length === 1 &&
    isHandlerLike(parent.parent) &&
    parent.parent.type === parent
    ? IN_HANDLER
    : MEMBERS;
}

/**
 * A function where a route can name it as its handler (discover.ts): a
 * top-level function, a top-level variable's initializer, or an argument of
 * a registration call that is a top-level statement. Not a method, nor a
 * function in a namespace, a block or a class, or inside another function
 * or a type, where the rest of the statement may read its types (a class
 * property initialized from it, a `Promise` declared beside it).
 */
function isHandlerLike(node: ts.Node): node is ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction {
  if (ts.isFunctionDeclaration(node)) return ts.isSourceFile(node.parent);
  if (!ts.isFunctionExpression(node) && !ts.isArrowFunction(node)) return false;
  let at: ts.Node = node;
  while (ts.isParenthesizedExpression(at.parent)) at = at.parent;
  const parent = at.parent;
  if (ts.isVariableDeclaration(parent)) return parent.initializer === at && ts.isVariableStatement(parent.parent.parent) && ts.isSourceFile(parent.parent.parent.parent);
  return ts.isCallExpression(parent) && parent.arguments.includes(at as ts.Expression) && ts.isExpressionStatement(parent.parent) && ts.isSourceFile(parent.parent.parent);
}

/** A property of a top-level interface, or of a type literal written whole in one (`wholeTypeReading`). */
function isWholeMember(member: ts.PropertySignature): boolean {
  const owner = member.parent;
  if (ts.isInterfaceDeclaration(owner)) return ts.isSourceFile(owner.parent);
  return ts.isTypeLiteralNode(owner) && wholeTypeReading(owner) === BY_NAME;
}



/** A top-level declaration the file exports: with `export`, or by name in an `export { … }`. */
function isExported(declaration: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Export) !== 0 || exportedByList(declaration);
}

/** Whether the file exports `declaration`'s name with an `export { … }` list. */
function exportedByList(declaration: ts.Node): boolean {
  const name = (declaration as { name?: ts.Node }).name;
  if (!name || !ts.isIdentifier(name)) return false;
  return declaration.getSourceFile().statements.some((statement) => ts.isExportDeclaration(statement) && !statement.moduleSpecifier && !!statement.exportClause && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name.text));
}

/** The top-level names a statement declares. */
function declaredBy(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  const name = (statement as { name?: ts.Node }).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/** A name an import declares: `{ a }`, `b` of `import b`, `* as c`, `import d = require("…")`. */
function isImportBinding(declaration: ts.Node): boolean {
  return ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration);
}

/** `declaredNames` of each file (a file's text never changes: a changed file is a new SourceFile). */
const declaredNamesOf = new WeakMap<ts.SourceFile, Map<string, ts.Node[]>>();

/** Each top-level name of `file`, with the declarations that declare it (imports' bindings included). */
function declaredNames(file: ts.SourceFile): Map<string, ts.Node[]> {
  const known = declaredNamesOf.get(file);
  if (known) return known;
  const names = new Map<string, ts.Node[]>();
  declaredNamesOf.set(file, names);
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

/** The names that more than one statement of a file declares. */
function declaredBySeveral(names: ReadonlyMap<string, readonly ts.Node[]>): Set<string> {
  const found = new Set<string>();
  for (const [name, declarations] of names) if (declarations.length > 1 && new Set(declarations.map(topLevelStatement)).size > 1) found.add(name);
  return found;
}

/** The statements that declare one of `several`. */
function statementsDeclaring(several: ReadonlySet<string>, names: ReadonlyMap<string, readonly ts.Node[]>): Set<ts.Statement | undefined> {
  return new Set([...several].flatMap((name) => names.get(name)!.map(topLevelStatement)));
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
    const index = specifierIndex(f).get((s as ts.ImportDeclaration).moduleSpecifier);
    return index === undefined || !targets ? null : (targets[index]?.fileName ?? "");
  };
  const now = target(file, statement, resolved(file));
  const then = target(old, oldStatement, resolvedBefore(old));
  return now !== null && now === then;
}

/** Each module specifier of a file, by its place among the file's imports (TypeScript's internal `imports`, which the resolutions follow). */
const specifierIndexes = new WeakMap<ts.SourceFile, Map<ts.Node, number>>();

function specifierIndex(file: ts.SourceFile): Map<ts.Node, number> {
  let indexes = specifierIndexes.get(file);
  if (!indexes) specifierIndexes.set(file, (indexes = new Map(((file as { imports?: readonly ts.Node[] }).imports ?? []).map((specifier, i) => [specifier, i]))));
  return indexes;
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
