import ts from "typescript";
import path from "node:path";

/** Declared in TypeScript's own library (lib.*.d.ts), such as `Date`, `Map` or `Partial`. */
export function isLibrarySymbol(symbol: ts.Symbol | undefined): boolean {
  const declaration = symbol?.declarations?.[0];
  return !!declaration && isLibraryFile(declaration.getSourceFile());
}

const LIBRARY_FOLDER = slashes(path.dirname(ts.getDefaultLibFilePath({})));

/** Answers of `isLibraryFile`: asked for nearly every type and property, about a few files. */
const libraryFiles = new WeakMap<ts.SourceFile, boolean>();

/** A lib.*.d.ts of the running compiler: TS 5 marks them `no-default-lib`, TS 6 no longer does. */
export function isLibraryFile(file: ts.SourceFile): boolean {
  let answer = libraryFiles.get(file);
  if (answer === undefined) libraryFiles.set(file, (answer = file.hasNoDefaultLib || path.posix.dirname(slashes(file.fileName)) === LIBRARY_FOLDER));
  return answer;
}

function slashes(fileName: string): string {
  return fileName.replace(/\\/g, "/");
}

/** The library's type of that name (`Date`, `Map`), never a user's type called the same. */
export function libraryName(type: ts.Type): string | undefined {
  const symbol = type.getSymbol();
  return symbol && isLibrarySymbol(symbol) ? symbol.name : undefined;
}

/** `undefined` and `void`: no JSON form; an optional property's extra member. */
export const ABSENT = ts.TypeFlags.Undefined | ts.TypeFlags.Void;

export function includesAbsent(type: ts.Type): boolean {
  return type.isUnion() ? type.types.some((t) => t.flags & ABSENT) : !!(type.flags & ABSENT);
}

export const PRIMITIVE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike;

export function isObjectType(type: ts.Type): type is ts.ObjectType {
  return !!(type.flags & ts.TypeFlags.Object);
}

export function objectFlags(type: ts.Type): ts.ObjectFlags {
  return isObjectType(type) ? type.objectFlags : 0;
}

/** TypeScript keeps `Status | null` as written in the union's origin; the union itself only has its members. */
export function unionOrigin(type: ts.UnionType): ts.UnionType | undefined {
  const origin = (type as { origin?: ts.Type }).origin;
  return origin && origin.isUnion() ? origin : undefined;
}

/** The type a node was written with (a `Promise<T>` return annotation stands for `T`). */
export function unwrapPromiseNode(node: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (node && ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === "Promise" && node.typeArguments?.length === 1) {
    return node.typeArguments[0];
  }
  return node;
}

/** The declaration of a type's symbol that declares the type (a name can also be a value's: `const Status = {…}`). */
export function typeDeclaration(symbol: ts.Symbol): ts.Declaration | undefined {
  const declarations = symbol.declarations ?? [];
  return (
    declarations.find((d) => ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d) || ts.isClassLike(d) || ts.isEnumDeclaration(d)) ?? declarations[0]
  );
}
