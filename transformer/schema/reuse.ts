import ts from "typescript";
import type { JsonSchema } from "./normalize";
import type { NameAnswers } from "../resolved-symbols";
import type { DocumentMemo } from "../document-memo";
import { settledStatements } from "./settled";

/**
 * A component as one Program derived it, for the next Program of the same
 * project: under `tspc --watch` a rebuild's fresh checker would otherwise
 * resolve and derive every model again, though one file changed. Kept for
 * a component of a named type (an interface, class, enum or alias, or an
 * instance of a generic one whose type arguments are such types:
 * TypeScript keeps their symbols for a file that did not change) that was
 * derived without a diagnostic and met only non-generic components.
 */
export interface DerivedComponent {
  /**
   * Its schema: the very object that run published. Nothing changes a
   * published schema but `publish` itself, which rewrote its references to
   * that run's final names; reviving it points them at this run's components.
   */
  schema: JsonSchema;
  /** Where its references are: every one points at one of `refs`. */
  references: readonly KeptReference[];
  /** The components it met while it was derived, in that order (each a declared, non-generic type): deriving it again meets them in the same order. */
  refs: readonly Identity[];
  /** The symbols it is named by (the type's, then its type arguments'): their files must not have changed. */
  symbols: readonly ts.Symbol[];
  /** How much deeper than where it started its rendering went: an instance met deeper may go too deep, and is derived afresh. */
  height: number;
}

/** A reference in a kept schema: `holder[key]` (a `$ref`, or a discriminator mapping's value) points at the `met`-th component met. */
export interface KeptReference {
  holder: JsonSchema;
  key: string;
  met: number;
}

/**
 * A route's binding as one Program derived it (bind.ts), for the next: its
 * parameters, body and responses, the objects themselves, as for a
 * component; kept when it bound without a diagnostic and every component
 * its schemas met can be found again.
 */
export interface DerivedBinding {
  value: unknown;
  references: readonly KeptReference[];
  /** The components its schemas met at their top level, in that order. */
  met: readonly {
    identity: string;
    symbols: readonly ts.Symbol[];
    /** Where an instance of a generic type is written (`Page<Order>` in the handler): its type there is the component. */
    node?: ts.TypeNode;
    /** The depth it was met at. */
    depth: number;
  }[];
  /** Callback keys checked against this route as their parent (callbacks.ts): its types did not change, nor will their outcome. */
  callbackKeys: Map<string, string>;
}

/** A route's role: its binding differs when it is a request we send (no path parameters). */
export type BindingRole = "inbound" | "callback";

const symbolIds = new WeakMap<ts.Symbol, number>();
let lastSymbolId = 0;

/** A component's identity across Programs: its key (`componentIdentity`) and the symbols it is made of. */
export interface Identity {
  key: string;
  symbols: readonly ts.Symbol[];
}

/** A component's identity across Programs: its symbol and its type arguments' symbols. */
export function componentIdentity(symbols: readonly ts.Symbol[]): string {
  return symbols
    .map((symbol) => {
      let id = symbolIds.get(symbol);
      if (id === undefined) symbolIds.set(symbol, (id = ++lastSymbolId));
      return id;
    })
    .join(",");
}

/** What one run leaves for the next: the components, and what they were derived from. */
export interface Derivation {
  options: string;
  /** Every file of the Program, and the files each one's imports resolved to. */
  imports: ReadonlyMap<ts.SourceFile, readonly (ts.SourceFile | undefined)[]>;
  /** By `componentIdentity`. */
  components: ReadonlyMap<string, DerivedComponent>;
  /** By role, then by registration call (the same node in the next Program when its file did not change). */
  bindings: Readonly<Record<BindingRole, ReadonlyMap<ts.CallExpression, DerivedBinding>>>;
  /** What names in the user's code resolved to (resolved-symbols.ts). */
  names: NameAnswers;
  /** Each component's final name, by identity: the next run's memo holds while none changes. */
  componentNames: ReadonlyMap<string, string>;
  /** What the documents of this run leave for the next (document-memo.ts). */
  memo: DocumentMemo;
  /** Whether a schema of this run or one it took from before has a property named "constructor" (registry.ts). */
  constructorKeys: boolean;
}

/** What a run may take from the previous one. */
export interface Reuse {
  /** The component of this identity as the previous run derived it, if nothing it can depend on changed. */
  component(identity: string): DerivedComponent | undefined;
  /** Whether `symbol` means what it meant to the previous Program: declared in files no change reaches, or in declarations a change left as they were (settled.ts). */
  unchanged(symbol: ts.Symbol): boolean;
  /** Whether `symbol` is a changed interface that a declaration left as it was may still name as a component (settled.ts): the caller checks it still is one. */
  byReference(symbol: ts.Symbol): boolean;
  /** The binding of this registration call as the previous run derived it, if nothing it can depend on changed: its statement, and the handler's (settled.ts). */
  binding(role: BindingRole, call: ts.CallExpression, handler: ts.Node): DerivedBinding | undefined;
  /** Whether a schema of the previous run (or one it took from before) has a property named "constructor". */
  readonly constructorKeys: boolean;
  /** What the previous run's documents left (document-memo.ts), and the final names they hold. */
  readonly memo: DocumentMemo;
  readonly componentNames: ReadonlyMap<string, string>;
  /** What the name at `node` resolved to in the previous run (null: nothing), if no change can reach its file or the symbol's; else undefined. */
  symbolAt(node: ts.Node): ts.Symbol | null | undefined;
  /** The runtime class the previous run found for the name at `node` (null: none), if no change can reach its file; else undefined. */
  runtimeClassAt(node: ts.Node): string | null | undefined;
}

/**
 * What of `previous` `program` may reuse: components by symbol, route
 * bindings by registration call; nothing when anything could have changed a
 * type beyond the files that changed. A component may be reused when no file
 * it can depend on changed: its declaration's file and, transitively, every
 * file that file imports (a binding: its call's file and its handler's). Types
 * can also change without an import: through a script's globals, a
 * `declare global` or `declare module "…"` augmentation, a triple-slash
 * reference, a removed file or other compiler options. Any of those in a
 * changed file, and nothing is reused.
 */
export function reusable(program: ts.Program, previous: Derivation | undefined): Reuse | undefined {
  if (!previous || previous.options !== optionsKey(program)) return undefined;
  const imports = importsOf(program);
  if (!imports) return undefined;
  const files = new Set(imports.keys());
  const names = new Set([...files].map((file) => file.fileName));
  const previousByName = new Map([...previous.imports.keys()].map((file) => [file.fileName, file]));
  for (const name of previousByName.keys()) if (!names.has(name)) return undefined;
  const dirty = new Set<ts.SourceFile>();
  for (const [file, targets] of imports) {
    const before = previous.imports.get(file);
    if (!before) {
      // New or changed: what it declared globally before (what it declares now is checked with every dirty file, below).
      const old = previousByName.get(file.fileName);
      if (old && hasGlobalEffects(old)) return undefined;
      dirty.add(file);
    } else if (before.length !== targets.length || before.some((target, i) => target !== targets[i])) {
      dirty.add(file); // the same text whose imports now resolve elsewhere
    }
  }
  const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
  for (const [file, targets] of imports) {
    for (const target of targets) {
      if (!target) continue;
      const list = importers.get(target);
      if (list) list.push(file);
      else importers.set(target, [file]);
    }
  }
  const pending = [...dirty];
  for (let file = pending.pop(); file; file = pending.pop()) {
    for (const importer of importers.get(file) ?? []) if (!dirty.has(importer)) dirty.add(importer), pending.push(importer);
  }
  // An unchanged `declare global { interface Audited { mode: Settings["mode"] } }` of a file that imports a changed one.
  for (const file of dirty) if (hasGlobalEffects(file)) return undefined;
  const clean = (file: ts.SourceFile) => files.has(file) && !dirty.has(file);
  // In the files a change reaches, the declarations it left as they were (settled.ts); none if that cannot be told.
  const settled =
    dirty.size === 0
      ? undefined
      : settledStatements(
          program.getTypeChecker(),
          dirty,
          (file) => (previous.imports.has(file) ? file : previousByName.get(file.fileName)),
          (file) => previous.imports.get(file),
          (file) => imports.get(file),
        );
  if (settled) keepIdentities(settled.counterparts, previous);
  const unchangedAs = (symbol: ts.Symbol, strictly: boolean) =>
    !(symbol.flags & ts.SymbolFlags.Transient) && (!!symbol.declarations?.every((declaration) => clean(declaration.getSourceFile())) || (!!settled && settled.declarations(symbol, clean, strictly)));
  const unchanged = (symbol: ts.Symbol) => unchangedAs(symbol, false);
  // A call's or handler's statement, where no change reaches it or the change left it as it was; the file must be the same (its nodes are the keys).
  const settledAt = (node: ts.Node, strictly: boolean) => {
    const file = node.getSourceFile();
    return clean(file) || (!!settled && previous.imports.has(file) && settled.statement(node, strictly));
  };
  return {
    constructorKeys: previous.constructorKeys,
    memo: previous.memo,
    componentNames: previous.componentNames,
    component: (identity) => {
      const derived = previous.components.get(identity);
      // An instance (`Page<Order>`) renders its type arguments' members where its declaration reads them: all of them must be as they were.
      return derived && derived.symbols.every((symbol, i) => unchangedAs(symbol, i > 0)) ? derived : undefined;
    },
    unchanged,
    byReference: (symbol) => !!settled && settled.byReference(symbol),
    binding: (role, call, handler) => {
      const derived = previous.bindings[role].get(call);
      // Callback keys were checked through the route's types, into the components they refer to: those must be as they were too.
      const strictly = derived !== undefined && derived.callbackKeys.size > 0;
      return derived && settledAt(call, strictly) && settledAt(handler, strictly) ? derived : undefined;
    },
    symbolAt: (node) => {
      const symbol = previous.names.symbols.get(node);
      return symbol !== undefined && clean(node.getSourceFile()) && (symbol === null || unchanged(symbol)) ? symbol : undefined;
    },
    runtimeClassAt: (node) => {
      const name = previous.names.runtimeClasses.get(node);
      return name !== undefined && clean(node.getSourceFile()) ? name : undefined;
    },
  };
}

/**
 * A changed file's declarations are new symbols: those that were kept (the
 * same name and kind, settled.ts) take the identities of the ones they
 * replace, and what the previous run kept names them instead, so that it is
 * found, and finds its components, by the symbols of this Program.
 */
function keepIdentities(counterparts: ReadonlyMap<ts.Symbol, ts.Symbol>, previous: Derivation): void {
  if (counterparts.size === 0) return;
  for (const [old, now] of counterparts) {
    const id = symbolIds.get(old);
    if (id !== undefined) symbolIds.set(now, id);
  }
  const translated = new Set<readonly ts.Symbol[]>();
  const translate = (symbols: readonly ts.Symbol[]) => {
    if (translated.has(symbols)) return;
    translated.add(symbols);
    // Kept arrays are this run's to rewrite: the previous run is over, and they are what the next one keeps.
    const writable = symbols as ts.Symbol[];
    for (let i = 0; i < writable.length; i++) writable[i] = counterparts.get(writable[i]!) ?? writable[i]!;
  };
  for (const component of previous.components.values()) {
    translate(component.symbols);
    for (const ref of component.refs) translate(ref.symbols);
  }
  for (const bindings of Object.values(previous.bindings)) for (const binding of bindings.values()) for (const met of binding.met) translate(met.symbols);
}

/** What this run leaves for the next. */
export function derivation(program: ts.Program, kept: Omit<Derivation, "options" | "imports">): Derivation | undefined {
  const imports = importsOf(program);
  return imports && { options: optionsKey(program), imports, ...kept };
}

/** Whether every component of both runs kept its name: what a kept piece of text or list of references says holds. */
export function sameNames(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): boolean {
  for (const [identity, name] of after) {
    const was = before.get(identity);
    if (was !== undefined && was !== name) return false;
  }
  return true;
}

/** Per Program: a rebuild both checks against the previous derivation and makes the next one. */
const optionsKeys = new WeakMap<ts.Program, string>();
const importMaps = new WeakMap<ts.Program, Map<ts.SourceFile, (ts.SourceFile | undefined)[]> | undefined>();

function optionsKey(program: ts.Program): string {
  let key = optionsKeys.get(program);
  if (key === undefined) optionsKeys.set(program, (key = JSON.stringify(program.getCompilerOptions())));
  return key;
}

/**
 * Each file's imports (declarations, `import("…")` types, re-exports), as the
 * program resolved them. From TypeScript's internals (5.9 and 6.0 have them):
 * without them, undefined, and nothing is ever reused.
 */
function importsOf(program: ts.Program): Map<ts.SourceFile, (ts.SourceFile | undefined)[]> | undefined {
  if (!importMaps.has(program)) importMaps.set(program, resolvedImports(program));
  return importMaps.get(program);
}

function resolvedImports(program: ts.Program): Map<ts.SourceFile, (ts.SourceFile | undefined)[]> | undefined {
  const resolve = (program as { getResolvedModuleFromModuleSpecifier?: (specifier: ts.StringLiteralLike, file: ts.SourceFile) => { resolvedModule?: { resolvedFileName: string } } | undefined })
    .getResolvedModuleFromModuleSpecifier;
  if (typeof resolve !== "function") return undefined;
  const result = new Map<ts.SourceFile, (ts.SourceFile | undefined)[]>();
  for (const file of program.getSourceFiles()) {
    const specifiers = (file as { imports?: readonly ts.StringLiteralLike[] }).imports;
    if (!Array.isArray(specifiers)) return undefined;
    result.set(
      file,
      specifiers.map((specifier) => {
        const resolved = resolve.call(program, specifier, file)?.resolvedModule?.resolvedFileName;
        return resolved === undefined ? undefined : program.getSourceFile(resolved);
      }),
    );
  }
  return result;
}

/** A new or changed file that can change types in files that do not import it. */
function hasGlobalEffects(file: ts.SourceFile): boolean {
  if (!ts.isExternalModule(file)) return true;
  if (file.referencedFiles.length > 0 || file.typeReferenceDirectives.length > 0 || file.libReferenceDirectives.length > 0) return true;
  if (((file as { moduleAugmentations?: readonly unknown[] }).moduleAugmentations?.length ?? 0) > 0) return true;
  // `declare global`, `declare module "…"`, and a UMD library's `export as namespace Lib`.
  return file.statements.some(
    (statement) =>
      ts.isNamespaceExportDeclaration(statement) || (ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || !!(statement.flags & ts.NodeFlags.GlobalAugmentation))),
  );
}
