import ts from "typescript";
import { literalOfType, type Literal } from "../literals";
import type { RuntimeSymbols } from "../runtime-symbols";
import { declarationOfMembers, orderedMembers } from "./order";
import { isLibrarySymbol, typeDeclaration } from "./types";

/** A type that becomes a component: the symbol that names it and the type arguments spelled into the name. */
export interface NamedType {
  symbol: ts.Symbol;
  args: readonly ts.Type[];
}

/** Utility types of TypeScript's library whose instances of a named type are worth a name of their own: `Partial<Invoice>`. */
const NAMED_LIBRARY_ALIASES = new Set(["Partial", "Required", "Pick", "Omit"]);

/**
 * Whether `type` is a component, and what names it. A type is a component
 * when your code gives it a name: an interface, a class, an enum, a type alias,
 * or an instance of a generic one (`Page<Invoice>`; `Partial<Invoice>` too,
 * but `Partial<{ a: string }>` stays inline like the type it makes partial).
 * Anonymous types stay inline, and so do the library's containers (arrays,
 * `Record`, `Date`) and the runtime's branded formats.
 */
export function namedType(type: ts.Type, checker: ts.TypeChecker, runtime: RuntimeSymbols): NamedType | undefined {
  const named = namedTypeWithDefaults(type, checker, runtime);
  return named && { symbol: named.symbol, args: withoutDefaults(named.symbol, named.args, checker) };
}

/** `Envelope<Report>` of `interface Envelope<T, Meta = Version>` is named without its default argument. */
function withoutDefaults(symbol: ts.Symbol, args: readonly ts.Type[], checker: ts.TypeChecker): readonly ts.Type[] {
  const declaration = typeDeclaration(symbol);
  const parameters = declaration && (ts.isInterfaceDeclaration(declaration) || ts.isClassLike(declaration) || ts.isTypeAliasDeclaration(declaration)) ? declaration.typeParameters : undefined;
  let length = args.length;
  while (length > 0) {
    const fallback = parameters?.[length - 1]?.default;
    if (!fallback || checker.getTypeFromTypeNode(fallback) !== args[length - 1]) break;
    length--;
  }
  return length === args.length ? args : args.slice(0, length);
}

function namedTypeWithDefaults(type: ts.Type, checker: ts.TypeChecker, runtime: RuntimeSymbols): NamedType | undefined {
  const alias = type.aliasSymbol;
  if (alias) {
    const fromLibrary = isLibrarySymbol(alias);
    const args = type.aliasTypeArguments ?? [];
    const namedLibraryAlias = NAMED_LIBRARY_ALIASES.has(alias.name) && !!args[0] && !!namedType(args[0], checker, runtime);
    if (fromLibrary ? namedLibraryAlias : !isRuntimeSymbol(alias, runtime)) {
      return { symbol: alias, args };
    }
    if (fromLibrary) return undefined;
  }
  const symbol = type.getSymbol();
  if (!symbol || symbol.name.startsWith("__") || isLibrarySymbol(symbol) || isRuntimeSymbol(symbol, runtime)) return undefined;
  if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Enum))) return undefined;
  if (symbol.flags & ts.SymbolFlags.Enum && checker.getDeclaredTypeOfSymbol(symbol) !== type) return undefined;
  return { symbol, args: typeArgumentsOf(type, checker) };
}

function isRuntimeSymbol(symbol: ts.Symbol, runtime: RuntimeSymbols): boolean {
  const declaration = symbol.declarations?.[0];
  return !!declaration && runtime.isRuntimeFile(declaration.getSourceFile().fileName);
}

/** A generic interface's or class's type arguments, without the implicit `this` argument. */
function typeArgumentsOf(type: ts.Type, checker: ts.TypeChecker): readonly ts.Type[] {
  if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return [];
  return checker.getTypeArguments(type as ts.TypeReference).filter((a) => !(a.flags & ts.TypeFlags.TypeParameter && (a as { isThisType?: boolean }).isThisType));
}

/**
 * Spells types for component names and titles. A name is the declared name
 * with the type arguments after it, each followed by `_` (pydantic's style:
 * `Page<Invoice>` -> `Page_Invoice_`, `Page<Invoice[]>` -> `Page_Array_Invoice__`),
 * made only of `A-Z a-z 0-9 . _ -`, as OpenAPI requires of a component key.
 * The title is the type as TypeScript writes it: `Page<Invoice>`.
 */
export class TypeSpeller {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly runtime: RuntimeSymbols,
    /** The name of a declared symbol (qualified or not): how named types are spelled inside others. */
    private readonly nameOfSymbol: (symbol: ts.Symbol) => string = (symbol) => symbol.name,
  ) {}

  /** The component key: `Page_Invoice_`. */
  key(named: NamedType): string {
    return KEY.generic(sanitize(this.nameOfSymbol(named.symbol)), named.args.map((a) => this.#spell(a, KEY, 0)));
  }

  /** The title: `Page<Invoice>`. */
  title(named: NamedType): string {
    return TITLE.generic(named.symbol.name, named.args.map((a) => this.#spell(a, TITLE, 0)));
  }

  /** A type argument, in one style or the other. */
  #spell(type: ts.Type, style: Style, depth: number): string {
    if (depth > 64) return style.anonymous;
    const named = namedType(type, this.checker, this.runtime);
    if (named) return style === KEY ? this.key(named) : this.title(named);
    const literal = literalOfType(type);
    if (literal !== undefined) return style.literal(literal);
    if (type.flags & ts.TypeFlags.Boolean) return "boolean";
    const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
    if (intrinsic) return intrinsic;
    const inner = (types: readonly ts.Type[]) => types.map((t) => this.#spell(t, style, depth + 1));
    if (type.aliasSymbol) return style.generic(style.name(type.aliasSymbol.name), inner(type.aliasTypeArguments ?? []));
    if (this.checker.isArrayType(type)) return style.array(inner(this.checker.getTypeArguments(type as ts.TypeReference))[0]!);
    if (this.checker.isTupleType(type)) return style.tuple(inner(this.checker.getTypeArguments(type as ts.TypeReference)));
    // A union's members as written, never in TypeScript's order of meeting them (order.ts).
    if (type.isUnion()) return style.union(inner(orderedMembers(type.types, declarationOfMembers(type), this.checker)));
    if (type.isIntersection()) return style.intersection(inner(type.types));
    const symbol = type.getSymbol();
    return symbol && !symbol.name.startsWith("__") ? style.name(symbol.name) : style.anonymous;
  }
}

interface Style {
  name(text: string): string;
  literal(value: Literal): string;
  generic(name: string, args: string[]): string;
  array(element: string): string;
  tuple(elements: string[]): string;
  union(members: string[]): string;
  intersection(members: string[]): string;
  anonymous: string;
}

const KEY: Style = {
  name: (text) => sanitize(text),
  literal: (value) => sanitize(String(value)),
  generic: (name, args) => (args.length === 0 ? name : `${name}_${args.join("_")}_`),
  array: (element) => `Array_${element}_`,
  tuple: (elements) => `Tuple_${elements.join("_")}_`,
  union: (members) => members.join("_or_"),
  intersection: (members) => members.join("_and_"),
  anonymous: "object",
};

const TITLE: Style = {
  name: (text) => text,
  literal: (value) => JSON.stringify(value),
  generic: (name, args) => (args.length === 0 ? name : `${name}<${args.join(", ")}>`),
  array: (element) => (/[|&]/.test(element) ? `(${element})[]` : `${element}[]`),
  tuple: (elements) => `[${elements.join(", ")}]`,
  union: (members) => members.join(" | "),
  intersection: (members) => members.join(" & "),
  anonymous: "{…}",
};

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * The rule for one name declared in several places: every one of them is
 * qualified by the shortest tail of its module path (folders and file name,
 * without extension or a final `index`, then enclosing namespaces) that tells
 * it apart from the others: `billing.Item` and `catalog.Item`;
 * `orders/models.ts` and `users/models.ts` give `orders.models.Item` and
 * `users.models.Item`. It depends only on where the types are declared, never
 * on the order of files. Returns undefined for a symbol no tail can tell apart
 * (two local types of one name in one module): that is reported.
 */
export function qualifiedNames(symbols: readonly ts.Symbol[]): Map<ts.Symbol, string | undefined> {
  const result = new Map<ts.Symbol, string | undefined>();
  const byName = new Map<string, ts.Symbol[]>();
  for (const symbol of symbols) {
    const group = byName.get(symbol.name);
    if (!group) byName.set(symbol.name, [symbol]);
    else if (!group.includes(symbol)) group.push(symbol);
  }
  for (const [name, group] of byName) {
    if (group.length === 1) {
      result.set(group[0]!, name);
      continue;
    }
    const paths = group.map(modulePath);
    group.forEach((symbol, index) => {
      const own = paths[index]!;
      for (let length = 1; length <= own.length; length++) {
        const tail = own.slice(-length).join(".");
        if (paths.every((other, j) => j === index || other.slice(-length).join(".") !== tail)) {
          result.set(symbol, `${tail}.${name}`);
          return;
        }
      }
      result.set(symbol, undefined);
    });
  }
  return result;
}

/** `/src/orders/models.ts` -> `["src", "orders", "models"]`, then the names of enclosing namespaces. */
function modulePath(symbol: ts.Symbol): string[] {
  const declaration = typeDeclaration(symbol);
  if (!declaration) return [];
  const file = declaration
    .getSourceFile()
    .fileName.replace(/\.d\.[cm]?ts$|\.[cm]?tsx?$/, "")
    .split("/")
    .filter((segment) => segment !== "");
  if (file.length > 1 && file[file.length - 1] === "index") file.pop();
  const namespaces: string[] = [];
  for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) namespaces.unshift(node.name.text);
  }
  return [...file, ...namespaces].map((segment) => segment.replace(/[^A-Za-z0-9_-]/g, "_"));
}
