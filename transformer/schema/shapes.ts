import ts from "typescript";
import { literalOfType } from "../literals";
import type { RuntimeSymbols } from "../runtime-symbols";
import type { JsonSchema } from "./normalize";
import { libraryName } from "./types";

/** What a shape needs from the registry while it renders one type. */
export interface SchemaContext {
  readonly checker: ts.TypeChecker;
  readonly runtime: RuntimeSymbols;
  /** The schema of a type inside the one being rendered: a `$ref` when it is named. `written` is where the source spells it. */
  schemaOf(type: ts.Type, written?: ts.Node): JsonSchema;
  /** The schema of an object's property: its type's, with the property's JSDoc and default. */
  /** None for a property that cannot be a key of JSON data (`__proto__`), which is reported. */
  propertySchema(property: ts.Symbol, type: ts.Type): JsonSchema | undefined;
  /** Reports a type with no JSON form at the current site; it renders as `{}`. */
  reject(type: ts.Type, reason: string): JsonSchema;
}

/**
 * One kind of TypeScript type and its JSON Schema (the two-method contract of
 * ts-json-schema-generator's parsers). The registry tries the shapes in
 * order; names, `$ref`s, JSDoc and diagnostics are its business, not theirs.
 */
export interface Shape {
  readonly name: string;
  supports(type: ts.Type, context: SchemaContext): boolean;
  create(type: ts.Type, context: SchemaContext, written?: ts.Node): JsonSchema;
}

/** `any` and `unknown`: any JSON value. */
export const anyShape: Shape = {
  name: "any",
  supports: (type) => !!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)),
  create: () => ({}),
};

/** `string`, `number`, `boolean`, `null`, `object`; a computed enum member (`A = "a".length`) is a number. */
export const primitiveShape: Shape = {
  name: "primitive",
  supports: (type) =>
    !!(type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringMapping | ts.TypeFlags.Number | ts.TypeFlags.Enum | ts.TypeFlags.Boolean | ts.TypeFlags.Null | ts.TypeFlags.NonPrimitive)),
  create(type) {
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringMapping)) return { type: "string" };
    if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.Enum)) return { type: "number" };
    if (type.flags & ts.TypeFlags.Boolean) return { type: "boolean" };
    if (type.flags & ts.TypeFlags.Null) return { type: "null" };
    return { type: "object" };
  },
};

/** `"a"`, `1`, `true`, and one member of an enum: `const`. */
export const literalShape: Shape = {
  name: "literal",
  supports: (type) => literalOfType(type) !== undefined,
  create: (type) => literalSchema([literalOfType(type) as string | number | boolean]),
};

/** The schema of a set of literal values of one JSON type: `const` for one, `enum` for several. */
export function literalSchema(values: readonly (string | number | boolean)[]): JsonSchema {
  const kinds = new Set(values.map((v) => (typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v)));
  if (kinds.has("integer") && kinds.has("number")) kinds.delete("integer");
  const type = kinds.size === 1 ? [...kinds][0] : undefined;
  if (type === "boolean" && values.length === 2 && values[0] !== values[1]) return { type: "boolean" };
  const body = values.length === 1 ? { const: values[0] } : { enum: [...values] };
  return type ? { type, ...body } : body;
}

/** `Date`: what `JSON.stringify` makes of it, an ISO 8601 date-time string. */
export const dateShape: Shape = {
  name: "date",
  supports: (type) => libraryName(type) === "Date",
  create: () => ({ type: "string", format: "date-time" }),
};

/** A class with `toJSON()` is sent as what `toJSON` returns (`JSON.stringify` calls it). */
export const toJsonShape: Shape = {
  name: "toJSON",
  supports: (type, context) => toJsonType(type, context.checker) !== undefined,
  create: (type, context) => context.schemaOf(toJsonType(type, context.checker)!),
};

function toJsonType(type: ts.Type, checker: ts.TypeChecker): ts.Type | undefined {
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  const method = checker.getPropertyOfType(type, "toJSON");
  if (!method || !(method.flags & ts.SymbolFlags.Method)) return undefined;
  const [signature] = checker.getSignaturesOfType(checker.getTypeOfSymbol(method), ts.SignatureKind.Call);
  const returned = signature && checker.getReturnTypeOfSignature(signature);
  return returned && returned !== type ? returned : undefined;
}

/** `T[]`, `Array<T>`, `readonly T[]`, `ReadonlyArray<T>`. */
export const arrayShape: Shape = {
  name: "array",
  supports: (type, context) => context.checker.isArrayType(type),
  create(type, context, written) {
    const [element] = context.checker.getTypeArguments(type as ts.TypeReference);
    // `return { items: [] }` infers never[]: an array that is always empty.
    if (element!.flags & ts.TypeFlags.Never) return { type: "array", maxItems: 0 };
    return { type: "array", items: context.schemaOf(element!, elementNode(written)) };
  },
};

/** Where the element type of `T[]`, `readonly T[]` or `Array<T>` is written. */
function elementNode(node: ts.Node | undefined): ts.Node | undefined {
  if (!node) return undefined;
  if (ts.isParenthesizedTypeNode(node) || (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)) return elementNode(node.type);
  if (ts.isArrayTypeNode(node)) return node.elementType;
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) return node.typeArguments[0];
  return undefined;
}

/**
 * Tuples: `prefixItems` (OpenAPI 3.1), `minItems` for the required elements,
 * `maxItems` unless a rest element (`...T[]`) continues it as `items`. A
 * rest element in the middle cannot be said with `prefixItems`: every
 * element type is then allowed anywhere.
 */
export const tupleShape: Shape = {
  name: "tuple",
  supports: (type, context) => context.checker.isTupleType(type),
  create(type, context) {
    const target = (type as ts.TypeReference).target as ts.TupleType;
    const elements = context.checker.getTypeArguments(type as ts.TypeReference).map((element) => context.schemaOf(element));
    const flags = target.elementFlags;
    const rest = flags.findIndex((f) => f & ts.ElementFlags.Variable);
    const schema: JsonSchema = { type: "array" };
    if (rest === -1) {
      if (elements.length > 0) schema.prefixItems = elements;
      schema.maxItems = elements.length;
    } else if (rest === elements.length - 1) {
      if (rest > 0) schema.prefixItems = elements.slice(0, rest);
      schema.items = elements[rest];
    } else {
      schema.items = elements.length === 1 ? elements[0] : { anyOf: elements };
    }
    if (target.minLength > 0) schema.minItems = target.minLength;
    return schema;
  },
};

/** `` `user-${string}` ``: a string with a `pattern`. */
export const templateLiteralShape: Shape = {
  name: "template literal",
  supports: (type) => !!(type.flags & ts.TypeFlags.TemplateLiteral),
  create: (type) => ({ type: "string", pattern: `^${templatePattern(type as ts.TemplateLiteralType)}$` }),
};

function templatePattern(type: ts.TemplateLiteralType): string {
  const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
  let pattern = escape(type.texts[0]!);
  type.types.forEach((placeholder, i) => {
    pattern += placeholderPattern(placeholder) + escape(type.texts[i + 1]!);
  });
  return pattern;
}

function placeholderPattern(type: ts.Type): string {
  if (type.flags & ts.TypeFlags.Number) return "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?";
  if (type.flags & ts.TypeFlags.BigInt) return "-?[0-9]+";
  if (type.flags & ts.TypeFlags.TemplateLiteral) return templatePattern(type as ts.TemplateLiteralType);
  return ".*";
}
