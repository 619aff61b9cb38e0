import ts from "typescript";
import type { JsonSchema } from "./normalize";
import { declarationOfMembers, orderedMembers } from "./order";
import type { SchemaContext, Shape } from "./shapes";
import { ABSENT, includesAbsent, isObjectType, objectFlags } from "./types";
import { compareText, inOrder } from "../by-key";

/**
 * Interfaces, type literals, classes, mapped types (`Partial`, `Pick`,
 * `Record`): `properties` in declaration order, `required` for those that are
 * neither optional nor `| undefined`, and index signatures as
 * `additionalProperties` (string keys) or `patternProperties` (number and
 * template keys). Classes contribute their public data: no methods,
 * accessors, private, protected or `#private` members.
 */
export const objectShape: Shape = {
  name: "object",
  supports: (type) => isObjectType(type),
  create: (type, context) => objectSchema(type, context),
};

/**
 * `A & B` of objects: one object with the properties of both, which is
 * exactly the intersection. With an index signature on either side the
 * merge would loosen it (`additionalProperties` skips declared properties,
 * TypeScript does not), so each side is kept whole under `allOf`.
 */
export const intersectionShape: Shape = {
  name: "intersection",
  supports: (type) => type.isIntersection(),
  create(type, context) {
    const members = (type as ts.IntersectionType).types;
    if (members.some((m) => context.checker.getIndexInfosOfType(m).length > 0)) return { allOf: members.map((m) => context.schemaOf(m)) };
    return objectSchema(type, context);
  },
};

function objectSchema(type: ts.Type, context: SchemaContext): JsonSchema {
  const { checker } = context;
  const isClass = !!((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of orderedProperties(type, checker)) {
    if (!isDataProperty(property)) continue;
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.flags & ABSENT) continue; // `x?: undefined` is never in the JSON
    if (isClass && checker.getSignaturesOfType(propertyType, ts.SignatureKind.Call).length > 0) continue; // a function-valued field is behaviour
    const schema = context.propertySchema(property, propertyType);
    if (!schema) continue;
    properties[property.name] = schema;
    if (!(property.flags & ts.SymbolFlags.Optional) && !includesAbsent(propertyType)) required.push(property.name);
  }
  const schema: JsonSchema = { type: "object" };
  if (Object.keys(properties).length > 0) schema.properties = properties;
  if (required.length > 0) schema.required = required;
  for (const index of checker.getIndexInfosOfType(type)) {
    const value = index.type.flags & ts.TypeFlags.Never ? false : context.schemaOf(index.type, index.declaration?.type);
    const key = index.keyType;
    if (key.flags & ts.TypeFlags.String) schema.additionalProperties = value;
    else if (key.flags & ts.TypeFlags.Number) patternProperties(schema)["^-?[0-9]+(\\.[0-9]+)?$"] = value;
    else if (key.flags & ts.TypeFlags.TemplateLiteral) patternProperties(schema)[(context.schemaOf(key) as { pattern: string }).pattern] = value;
  }
  return schema;
}

function patternProperties(schema: JsonSchema): Record<string, unknown> {
  return (schema.patternProperties ??= {}) as Record<string, unknown>;
}

/** Data that `JSON.stringify` writes: not methods, accessors of classes, non-public or `#private` members, or symbol keys. */
function isDataProperty(property: ts.Symbol): boolean {
  if (property.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Prototype)) return false;
  if (property.name.startsWith("__@") || property.name.startsWith("#")) return false;
  const declaration = property.valueDeclaration ?? property.declarations?.[0];
  // A member of an interface or type literal has no access modifiers to look up.
  if (!declaration || ts.isPropertySignature(declaration)) return true;
  if (property.flags & ts.SymbolFlags.Accessor && ts.isClassLike(declaration.parent)) return false;
  return !(ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static));
}

/**
 * Properties in the order they are written, as `JSON.stringify` writes them:
 * a base type's first (a class's fields are set by `super()` first), then the
 * type's own. A mapped type (`Pick`, `Omit`, `Record`) lists its keys in the
 * order TypeScript met them, which changes with the order of files: its
 * properties follow the mapped type's source instead, or their names.
 */
function orderedProperties(type: ts.Type, checker: ts.TypeChecker): readonly ts.Symbol[] {
  const properties = checker.getPropertiesOfType(type);
  if (declaresOwnOrder(type, checker)) return properties;
  const rank = new Map<string, number>();
  writtenOrder(type, checker, rank, 0);
  const last = Number.MAX_SAFE_INTEGER;
  const compare = (a: ts.Symbol, b: ts.Symbol) => (rank.get(a.name) ?? last) - (rank.get(b.name) ?? last) || compareText(a.name, b.name);
  // An intersection's or a mapped type's properties often come in order already: then the checker's own list will do.
  return inOrder(properties, compare) ? properties : [...properties].sort(compare);
}

/**
 * An object type whose properties the checker lists as written: a type
 * literal, or an interface or class with no base types (`writtenOrder`
 * would rank them in the checker's own order). Most types of an app are.
 */
function declaresOwnOrder(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (!isObjectType(type) || objectFlags(type) & ts.ObjectFlags.Mapped) return false;
  const target = objectFlags(type) & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  return !(objectFlags(target) & ts.ObjectFlags.ClassOrInterface) || checker.getBaseTypes(target as ts.InterfaceType).length === 0;
}

function writtenOrder(type: ts.Type, checker: ts.TypeChecker, rank: Map<string, number>, depth: number): void {
  if (depth > 16) return;
  const add = (name: string) => rank.has(name) || rank.set(name, rank.size);
  if (type.isIntersection()) return type.types.forEach((member) => writtenOrder(member, checker, rank, depth + 1));
  if (!isObjectType(type)) return;
  if (objectFlags(type) & ts.ObjectFlags.Mapped) {
    // `Pick<T, K>`, `Omit<T, K>`, `Partial<T>`: T's order. Others: where their properties are declared, else by name.
    const source = type.aliasTypeArguments?.[0];
    if (source && (isObjectType(source) || source.isIntersection())) return writtenOrder(source, checker, rank, depth + 1);
    // `Record<Weekday, V>`: the keys in the order Weekday writes them.
    if (source?.isUnion()) return orderedMembers(source.types, declarationOfMembers(source), checker).forEach((key) => key.isStringLiteral() && add(key.value));
    const declared = checker.getPropertiesOfType(type).filter((p) => p.declarations?.length);
    return declared.sort((a, b) => compareDeclarations(a.declarations![0]!, b.declarations![0]!)).forEach((p) => add(p.name));
  }
  const target = objectFlags(type) & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  if (objectFlags(target) & ts.ObjectFlags.ClassOrInterface) {
    for (const base of checker.getBaseTypes(target as ts.InterfaceType)) writtenOrder(base, checker, rank, depth + 1);
  }
  checker.getPropertiesOfType(type).forEach((p) => add(p.name));
}

function compareDeclarations(a: ts.Node, b: ts.Node): number {
  const [fileA, fileB] = [a.getSourceFile().fileName, b.getSourceFile().fileName];
  return compareText(fileA, fileB) || a.pos - b.pos;
}
