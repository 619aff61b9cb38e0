import ts from "typescript";
import { literalOfType } from "../literals";
import type { JsonSchema } from "./normalize";
import { declarationOfMembers, orderedMembers } from "./order";
import { literalSchema, type SchemaContext, type Shape } from "./shapes";
import { ABSENT, isObjectType, unionOrigin } from "./types";

type LiteralValue = string | number | boolean;

/**
 * Unions. `undefined` members only make a property optional (JSON has no
 * undefined); `null` becomes a `{type: "null"}` branch, last; literals of one
 * JSON type merge into one `enum`; a union of objects told apart by a literal
 * property is a `oneOf` (with a `discriminator` when every member is a
 * component); anything else is an `anyOf`. Members come in the order the
 * source writes them.
 */
export const unionShape: Shape = {
  name: "union",
  supports: (type) => type.isUnion(),
  create(type, context, written) {
    const union = type as ts.UnionType;
    // The origin keeps `Status | null` as written, so `Status` stays a $ref.
    const types = (unionOrigin(union) ?? union).types;
    // `count?: number` is `number | undefined`: most unions of an app are one JSON type and `undefined`.
    let single: ts.Type | undefined;
    let others = 0;
    for (const t of types) {
      if (t.flags & ABSENT) continue;
      if (single || t.flags & ts.TypeFlags.Null) others++;
      else single = t;
    }
    if (single && others === 0) return context.schemaOf(single);
    const all = types.filter((t) => !(t.flags & ABSENT));
    const nullable = all.some((t) => t.flags & ts.TypeFlags.Null);
    const members = orderedMembers(
      all.filter((t) => !(t.flags & ts.TypeFlags.Null)),
      declarationOfMembers(union) ?? written,
      context.checker,
    );
    if (members.length === 0) return nullable ? { type: "null" } : context.reject(type, "undefined is not a JSON value; make it optional (`name?: T`), or use null");
    const schema = membersSchema(members, context);
    return nullable ? withNull(schema) : schema;
  },
};

function membersSchema(members: ts.Type[], context: SchemaContext): JsonSchema {
  const pieces: (JsonSchema | LiteralValue[])[] = [];
  const literalGroups = new Map<string, LiteralValue[]>();
  for (const member of members) {
    const value = literalOfType(member) as LiteralValue | undefined;
    if (value === undefined) {
      pieces.push(context.schemaOf(member));
      continue;
    }
    const kind = typeof value;
    let group = literalGroups.get(kind);
    if (!group) literalGroups.set(kind, (group = [])), pieces.push(group);
    group.push(value);
  }
  const rendered = pieces.map((piece) => (Array.isArray(piece) ? literalSchema(piece) : piece));
  if (literalGroups.size === 0 && rendered.length > 1) {
    const discriminated = discriminatedUnion(members, rendered, context.checker);
    if (discriminated) return discriminated;
  }
  if (rendered.length === 1) return rendered[0]!;
  // Two members can say the same in JSON (two computed enum members are two numbers).
  const texts = rendered.map((schema) => JSON.stringify(schema));
  const schemas = rendered.filter((_, i) => texts.indexOf(texts[i]!) === i);
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}

function withNull(schema: JsonSchema): JsonSchema {
  if (Object.keys(schema).length === 0) return schema;
  if (Object.keys(schema).length === 1 && Array.isArray(schema.anyOf)) return { anyOf: [...schema.anyOf, { type: "null" }] };
  return { anyOf: [schema, { type: "null" }] };
}

/**
 * Objects that all have one required property of distinct literal values
 * (`kind: "circle"`, `kind: "square"`): exactly one member matches a value,
 * so the union is a `oneOf`. When every member is a component and the values
 * are strings, OpenAPI's `discriminator` names the property and maps each
 * value to its component.
 */
function discriminatedUnion(members: ts.Type[], schemas: JsonSchema[], checker: ts.TypeChecker): JsonSchema | undefined {
  if (!members.every((m) => (isObjectType(m) || m.isIntersection()) && !checker.isArrayType(m) && !checker.isTupleType(m))) return undefined;
  for (const candidate of checker.getPropertiesOfType(members[0]!)) {
    const values = members.map((member) => discriminantValues(member, candidate.name, checker));
    if (values.some((v) => v === undefined)) continue;
    const seen = new Set<string>();
    const disjoint = values.every((list) => list!.every((v) => !seen.has(JSON.stringify(v)) && seen.add(JSON.stringify(v))));
    if (!disjoint) continue;
    const refs = schemas.map((s) => (Object.keys(s).length === 1 && typeof s.$ref === "string" ? s.$ref : undefined));
    if (refs.some((r) => r === undefined) || values.some((list) => list!.some((v) => typeof v !== "string"))) return { oneOf: schemas };
    // Own properties, whatever the values: `mapping["__proto__"] = …` would set a prototype, and the entry would be lost.
    const mapping: Record<string, string> = Object.fromEntries(values.flatMap((list, i) => [...list!].sort().map((v) => [v as string, refs[i]!])));
    return { oneOf: schemas, discriminator: { propertyName: candidate.name, mapping } };
  }
  return undefined;
}

/** The literal values a required property can have in `member`; undefined if it is optional or not only literals. */
function discriminantValues(member: ts.Type, name: string, checker: ts.TypeChecker): LiteralValue[] | undefined {
  const property = checker.getPropertyOfType(member, name);
  if (!property || property.flags & ts.SymbolFlags.Optional) return undefined;
  const type = checker.getTypeOfSymbol(property);
  const values = (type.isUnion() ? type.types : [type]).map((t) => literalOfType(t) as LiteralValue | undefined);
  return values.length > 0 && values.every((v) => v !== undefined) ? (values as LiteralValue[]) : undefined;
}
