import ts from "typescript";
import { compareText, inOrder } from "../by-key";
import { literalOfType } from "../literals";

/**
 * Union members in the order the source writes them (`type Shape = Square | Circle`,
 * an enum's members), where the written form is at hand; the rest in an
 * order of their own (kind, value or name, place of declaration). TypeScript
 * keeps members in the order it first met them, which changes with the order
 * of files: never use that order.
 */
export function orderedMembers(members: readonly ts.Type[], written: ts.Node | undefined, checker: ts.TypeChecker): ts.Type[] {
  // `T | null` once `null` is set apart: one member left, nothing to order.
  if (members.length < 2) return [...members];
  const rank = new Map<unknown, number>();
  if (written) collectWritten(written, checker, rank, new Set());
  const last = Number.MAX_SAFE_INTEGER;
  // A member of a generic alias's instance (`Result<Invoice>`) is written as the uninstantiated type it comes from.
  const place = (type: ts.Type) => rank.get(identity(type)) ?? rank.get((type as { target?: ts.Type }).target) ?? last;
  const compare = (a: ts.Type, b: ts.Type) => place(a) - place(b) || compareTypes(a, b, checker);
  return inOrder(members, compare) ? [...members] : [...members].sort(compare);
}

/** The node where a union's own alias or enum writes its members. */
export function declarationOfMembers(type: ts.Type): ts.Node | undefined {
  // A type and a value may share the name (`const Status = {…}; type Status = …`): look for the type's declaration.
  const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.find((d) => ts.isTypeAliasDeclaration(d) || ts.isEnumDeclaration(d));
  if (!declaration) return undefined;
  return ts.isTypeAliasDeclaration(declaration) ? declaration.type : declaration;
}

function collectWritten(node: ts.Node, checker: ts.TypeChecker, rank: Map<unknown, number>, seen: Set<ts.Node>): void {
  if (ts.isParenthesizedTypeNode(node)) return collectWritten(node.type, checker, rank, seen);
  if (ts.isUnionTypeNode(node)) return node.types.forEach((member) => collectWritten(member, checker, rank, seen));
  if (ts.isEnumDeclaration(node)) {
    for (const member of node.members) add(checker.getTypeAtLocation(member), rank);
    return;
  }
  if (!ts.isTypeNode(node)) return;
  if (ts.isTypeReferenceNode(node)) {
    // `Exclude<Keys, "x">`: what its arguments write first, as Keys orders the result.
    node.typeArguments?.forEach((argument) => collectWritten(argument, checker, rank, seen));
    // `StatusName` where `type StatusName = keyof typeof Status`: what the alias writes.
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
    if (declaration && !seen.has(declaration)) {
      seen.add(declaration);
      collectWritten(declaration.type, checker, rank, seen);
    }
  } else if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.KeyOfKeyword) {
    // `keyof typeof Status`: the keys in the order the object writes them.
    for (const property of checker.getPropertiesOfType(checker.getTypeFromTypeNode(node.type))) addIdentity(`string:${property.name}`, rank);
  } else if (ts.isIndexedAccessTypeNode(node)) {
    // `(typeof Status)[keyof typeof Status]`: the values, in the order the object writes them. `{ [K in Keys]: … }[Keys]`:
    // a mapped type's properties come in the order TypeScript met Keys' members, so they follow Keys as written.
    let properties = checker.getPropertiesOfType(checker.getTypeFromTypeNode(node.objectType));
    let objectType = node.objectType;
    while (ts.isParenthesizedTypeNode(objectType)) objectType = objectType.type;
    if (ts.isMappedTypeNode(objectType) && objectType.typeParameter.constraint) {
      const keys = new Map<unknown, number>();
      collectWritten(objectType.typeParameter.constraint, checker, keys, seen);
      const last = Number.MAX_SAFE_INTEGER;
      const place = (property: ts.Symbol) => keys.get(`string:${property.name}`) ?? last;
      properties = [...properties].sort((a, b) => place(a) - place(b) || compareText(a.name, b.name));
    }
    for (const property of properties) add(checker.getTypeOfSymbol(property), rank);
  }
  const type = checker.getTypeFromTypeNode(node);
  add(type, rank);
  if (type.isUnion()) {
    // An alias of a union written here: its members in the order its own declaration writes them.
    const declaration = declarationOfMembers(type);
    if (declaration && !seen.has(declaration)) {
      seen.add(declaration);
      collectWritten(declaration, checker, rank, seen);
    }
    // The rest in an order of their own: a union's own order is the order TypeScript met its members in.
    for (const member of [...type.types].sort((a, b) => compareTypes(a, b, checker))) add(member, rank);
  }
}

function add(type: ts.Type, rank: Map<unknown, number>): void {
  addIdentity(identity(type), rank);
}

function addIdentity(key: unknown, rank: Map<unknown, number>): void {
  if (!rank.has(key)) rank.set(key, rank.size);
}

/** A literal is its value: an enum member's declared type and its type in the enum's union are two objects. */
function identity(type: ts.Type): unknown {
  const value = literalOfType(type);
  return value === undefined ? type : `${typeof value}:${String(value)}`;
}

/** An order of types that does not depend on the order TypeScript met them in. */
export function compareTypes(a: ts.Type, b: ts.Type, checker: ts.TypeChecker): number {
  const [kindA, keyA] = sortKey(a, checker);
  const [kindB, keyB] = sortKey(b, checker);
  return kindA - kindB || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
}

/** Each type's key, made once: a sort asks for it at every comparison, and `describe` walks the type. */
const sortKeys = new WeakMap<ts.Type, [number, string | number]>();

function sortKey(type: ts.Type, checker: ts.TypeChecker): [number, string | number] {
  let key = sortKeys.get(type);
  if (!key) sortKeys.set(type, (key = sortKeyOf(type, checker)));
  return key;
}

function sortKeyOf(type: ts.Type, checker: ts.TypeChecker): [number, string | number] {
  if (type.isStringLiteral()) return [1, type.value];
  if (type.isNumberLiteral()) return [2, type.value];
  const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return [3, intrinsic ?? ""];
  if (intrinsic) return [0, intrinsic];
  return [4, describe(type, 0, checker)];
}

/**
 * Name, type arguments and place of declaration, and an anonymous object's
 * properties: tells two different types apart, stably (`{ v: "a" }` and
 * `{ v: "b" }` of one conditional type share a name and a place).
 */
function describe(type: ts.Type, depth: number, checker: ts.TypeChecker): string {
  if (depth > 4) return "";
  const literal = type.isLiteral() ? String(type.value) : (type as { intrinsicName?: string }).intrinsicName;
  if (literal !== undefined) return literal;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  const place = declaration ? `${declaration.getSourceFile().fileName}:${String(declaration.pos).padStart(9, "0")}` : "";
  const args = type.aliasTypeArguments ?? ((type as ts.TypeReference).target ? ((type as ts.TypeReference).typeArguments ?? []) : []);
  const members = type.isUnionOrIntersection() ? type.types.map((t) => describe(t, depth + 1, checker)) : [];
  if (type.isUnion()) members.sort(); // a union's own order is the one to avoid
  const anonymous = type.flags & ts.TypeFlags.Object && !type.aliasSymbol && (!symbol || symbol.name.startsWith("__"));
  const properties = anonymous
    ? `{${checker
        .getPropertiesOfType(type)
        .map((property) => `${property.name}:${describe(checker.getTypeOfSymbol(property), depth + 1, checker)}`)
        .sort()
        .join(",")}}`
    : "";
  return `${symbol?.name ?? ""}<${[...args.map((t) => describe(t, depth + 1, checker)), ...members].join(",")}>${properties}@${place}`;
}
