import ts from "typescript";
import "./single-typescript"; // before typescript-json-schema: it must load our TypeScript
import * as TJS from "typescript-json-schema";
import { Code, diagnosticAt, where, withRelated } from "./diagnostics";
import { literalOfType, literalValue } from "./literals";
import { RuntimeSymbols } from "./runtime-symbols";

export type JsonSchema = { [keyword: string]: unknown };

/** The private surface of typescript-json-schema's generator that we build on. */
interface Generator {
  getTypeDefinition(
    type: ts.Type,
    asRef?: boolean,
    unionModifier?: string,
    prop?: ts.Symbol,
    reffedType?: ts.Symbol,
    pairedSymbol?: ts.Symbol,
    forceNotRef?: boolean,
    ignoreUndefined?: boolean,
  ): JsonSchema;
  getTypeName(type: ts.Type): string;
  getDefinitionForProperty(property: ts.Symbol, node: ts.Node): JsonSchema | null;
  getReferencedTypeSymbol(property: ts.Symbol): ts.Symbol | undefined;
  ReffedDefinitions: Record<string, JsonSchema>;
}

const DEFINITIONS = "#/definitions/";
export const COMPONENTS = "#/components/schemas/";

/**
 * Turns TypeScript types into JSON Schema with typescript-json-schema, built
 * on the program's own checker (no second Program, no whole-program walk).
 * Our layer over it: component names of our own (stable, readable, clashes
 * reported), branded formats from the runtime, and diagnostics instead of
 * crashes for types that cannot be JSON.
 */
export class SchemaRegistry {
  readonly diagnostics: ts.Diagnostic[] = [];
  readonly #generator: Generator;
  /** Component name -> the type and declaration that own it. */
  readonly #owners = new Map<string, { typeId: number; declaration?: ts.Node }>();
  readonly #nameOfType = new Map<number, string>();
  /** Where the root type being derived was written: for diagnostics without a property. */
  #site: ts.Node | undefined;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly runtime: RuntimeSymbols,
  ) {
    const settings: TJS.PartialArgs = { required: true, ref: true, ignoreErrors: true, titles: false, aliasRef: false };
    this.#generator = new TJS.JsonSchemaGenerator([], {}, {}, {}, checker, { ...TJS.getDefaultArgs(), ...settings }) as unknown as Generator;
    const derive = this.#generator.getTypeDefinition.bind(this.#generator);
    // The generator calls these through `this`, so instance properties intercept every nested type too.
    this.#generator.getTypeName = (type) => this.#componentName(type);
    this.#generator.getTypeDefinition = (type, ...rest) => this.#special(type, rest[2]) ?? derive(type, ...rest);
    this.#generator.getDefinitionForProperty = (property, node) => this.#propertySchema(property, node);
  }

  /** The schema of `type` as written at `site` (a parameter, a return type): `$ref`s for named types. */
  schemaFor(type: ts.Type, site: ts.Node): JsonSchema {
    this.#site = site;
    try {
      return normalize(this.#generator.getTypeDefinition(type, true));
    } catch (error) {
      // typescript-json-schema throws on shapes it does not know; that is the user's type, not a crash.
      this.diagnostics.push(
        diagnosticAt(
          site,
          Code.NotJsonSchema,
          `Cannot derive a JSON Schema for type "${this.checker.typeToString(type)}" (${(error as Error).message}). Use plain data: interfaces, arrays, strings, numbers, booleans, literal unions.`,
        ),
      );
      return {};
    } finally {
      this.#site = undefined;
    }
  }

  /** Every named schema derived so far, under its component name. */
  components(): Map<string, JsonSchema> {
    const result = new Map<string, JsonSchema>();
    for (const [name, schema] of Object.entries(this.#generator.ReffedDefinitions)) {
      const clean = decodeURIComponent(name);
      result.set(clean, { title: clean, ...normalize(schema) });
    }
    return result;
  }

  /**
   * A property's schema (replacing the generator's own, which prints warnings
   * and takes any initializer as a default): only a class field's literal
   * initializer is a default; `return { msg: "ok" }` is a value, not a default.
   */
  #propertySchema(property: ts.Symbol, node: ts.Node): JsonSchema | null {
    if (property.flags & ts.SymbolFlags.Method) return null;
    const type = this.checker.getTypeOfSymbolAtLocation(property, node);
    const definition = this.#generator.getTypeDefinition(type, undefined, undefined, property, this.#generator.getReferencedTypeSymbol(property));
    if ("ignore" in definition) return null;
    const declaration = property.valueDeclaration;
    if (declaration && ts.isPropertyDeclaration(declaration) && declaration.initializer && !("default" in definition)) {
      const value = literalValue(this.checker, declaration.initializer);
      if (value !== undefined) definition.default = value;
    }
    return definition;
  }

  /** Shapes we render ourselves, or refuse with a diagnostic, before the generator sees them. */
  #special(type: ts.Type, property: ts.Symbol | undefined): JsonSchema | undefined {
    const branded = this.#brandedSchema(type);
    if (branded) return branded;
    const problem = notJson(type, this.checker);
    if (!problem) return undefined;
    const site = property?.valueDeclaration ?? this.#site;
    const subject = property
      ? `Property "${property.name}" has type`
      : site && ts.isParameter(site) && ts.isIdentifier(site.name)
        ? `Parameter "${site.name.text}" has type`
        : `The handler returns type`;
    if (site) {
      this.diagnostics.push(
        diagnosticAt(site, Code.NotJsonSchema, `${subject} "${this.checker.typeToString(type)}", which cannot be JSON: ${problem}`),
      );
    }
    return {};
  }

  /** `string & Schema<{ format: "uri" }>` (HttpUrl and friends): the primitive plus the keywords. */
  #brandedSchema(type: ts.Type): JsonSchema | undefined {
    if (!type.isIntersection()) return undefined;
    let base: string | undefined;
    const keywords: JsonSchema = {};
    for (const member of type.types) {
      if (member.flags & ts.TypeFlags.String) base = "string";
      else if (member.flags & ts.TypeFlags.Number) base = "number";
      else if (member.flags & ts.TypeFlags.Boolean) base = "boolean";
      else if (this.runtime.typeNameOf(member.aliasSymbol ?? member.getSymbol()) === "Schema") {
        const [argument] = this.checker.getTypeArguments(member as ts.TypeReference);
        for (const property of argument ? this.checker.getPropertiesOfType(argument) : []) {
          const value = literalOfType(this.checker.getTypeOfSymbol(property));
          if (value !== undefined) keywords[property.name] = value;
        }
      } else {
        return undefined; // an intersection of objects: the generator's business
      }
    }
    return base && Object.keys(keywords).length > 0 ? { type: base, ...keywords } : undefined;
  }

  /**
   * The component name of a named type: its declared name, with type arguments
   * spelled into it (`Page<Invoice>` -> `Page_Invoice_`). Never `typeToString`:
   * it is slow and its output is not a valid component key. Two different
   * types with one name are reported, never silently renamed.
   */
  #componentName(type: ts.Type): string {
    const known = this.#nameOfType.get(typeId(type));
    if (known) return known;
    const name = this.#declaredName(type) ?? `anonymous_${typeId(type)}`;
    this.#nameOfType.set(typeId(type), name);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    const owner = this.#owners.get(name);
    if (!owner) {
      this.#owners.set(name, { typeId: typeId(type), declaration });
    } else if (owner.typeId !== typeId(type) && declaration && owner.declaration && declaration !== owner.declaration) {
      const [first, second] = [owner.declaration, declaration].sort((a, b) => (where(a) < where(b) ? -1 : 1)) as [ts.Node, ts.Node];
      const message = `Two different types would both be the schema component "${name}": this one and the one at ${where(first, second)}. Rename one of them.`;
      this.diagnostics.push(withRelated(diagnosticAt(second, Code.ComponentNameClash, message), first, `The other "${name}" is declared here.`));
    }
    return name;
  }

  #declaredName(type: ts.Type): string | undefined {
    const named = (symbol: ts.Symbol, args: readonly ts.Type[]) =>
      args.length === 0 ? symbol.name : `${symbol.name}_${args.map((a) => this.#argumentName(a)).join("_")}_`;
    if (type.aliasSymbol) return named(type.aliasSymbol, type.aliasTypeArguments ?? []);
    const symbol = type.getSymbol();
    if (!symbol || symbol.name.startsWith("__")) return undefined;
    const isReference = (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference;
    const args = isReference ? this.checker.getTypeArguments(type as ts.TypeReference) : [];
    // A class or interface's own type parameters show up as a trailing `this` argument: not part of the name.
    return named(symbol, args.filter((a) => !(a.flags & ts.TypeFlags.TypeParameter && (a as { isThisType?: boolean }).isThisType)));
  }

  #argumentName(type: ts.Type): string {
    const literal = literalOfType(type);
    if (literal !== undefined) return String(literal).replace(/[^A-Za-z0-9_.-]/g, "_");
    const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
    if (intrinsic) return intrinsic;
    if (this.checker.isArrayType(type)) return `${this.#argumentName(this.checker.getTypeArguments(type as ts.TypeReference)[0]!)}_Array`;
    return this.#declaredName(type) ?? "Anonymous";
  }
}

function typeId(type: ts.Type): number {
  return (type as unknown as { id: number }).id;
}

/** Why a type cannot be JSON, with what to use instead; undefined when it can. */
function notJson(type: ts.Type, checker: ts.TypeChecker): string | undefined {
  if (type.flags & ts.TypeFlags.BigIntLike) return `bigint has no JSON form; use number, or a string of digits.`;
  if (type.flags & ts.TypeFlags.ESSymbolLike) return `symbols are not data; use a string.`;
  if (type.flags & ts.TypeFlags.TypeParameter) return `it is an unresolved generic parameter; give the handler concrete types.`;
  if (type.flags & ts.TypeFlags.Object && checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 && type.getProperties().length === 0) {
    return `functions are not data; send the data the function would compute.`;
  }
  return undefined;
}

/**
 * Puts a generated schema in the shape we publish: `$ref`s into
 * components, `type: [T, "null"]` written as FastAPI/pydantic write it
 * (`anyOf` with `{type: "null"}`), and no draft-07 leftovers.
 */
export function normalize(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith(DEFINITIONS)) {
      result.$ref = COMPONENTS + decodeURIComponent(value.slice(DEFINITIONS.length));
    } else if (key === "$schema" || key === "definitions") {
      continue;
    } else if (Array.isArray(value)) {
      result[key] = value.map((item) => (isSchemaObject(item) ? normalize(item) : item));
    } else if (isSchemaObject(value)) {
      result[key] = SCHEMA_MAPS.has(key) ? mapValues(value, normalize) : normalize(value);
    } else {
      result[key] = value;
    }
  }
  if (Array.isArray(result.required) && isSchemaObject(result.properties)) {
    // Declaration order, as the properties are listed, not the generator's alphabetical order.
    const order = Object.keys(result.properties);
    result.required = [...result.required].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  const { type, ...rest } = result;
  if (Array.isArray(type) && type.includes("null") && type.length > 1 && Object.keys(rest).every((k) => ANNOTATIONS.has(k))) {
    const others = type.filter((t) => t !== "null");
    return inKeywordOrder({ anyOf: [...others.map((t) => ({ type: t })), { type: "null" }], ...rest });
  }
  return inKeywordOrder(result);
}

/** The order keywords are written in, so that a schema reads the same whatever built it. */
const KEYWORD_ORDER = [
  "$ref", "title", "description", "deprecated", "type", "format", "const", "enum",
  "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "pattern", "prefixItems", "items", "minItems", "maxItems", "uniqueItems",
  "properties", "required", "additionalProperties", "patternProperties",
  "anyOf", "oneOf", "allOf", "not", "discriminator", "default", "examples",
];
const KEYWORD_RANK = new Map(KEYWORD_ORDER.map((keyword, index) => [keyword, index]));

function inKeywordOrder(schema: JsonSchema): JsonSchema {
  const rank = (key: string) => KEYWORD_RANK.get(key) ?? KEYWORD_ORDER.length;
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, schema[key]]));
}

/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

const ANNOTATIONS = new Set(["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"]);

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapValues(object: JsonSchema, f: (schema: JsonSchema) => JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, isSchemaObject(v) ? f(v) : v]));
}
