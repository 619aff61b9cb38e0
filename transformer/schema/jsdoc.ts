import ts from "typescript";
import { isEmpty, type JsonSchema } from "./normalize";
import { hasJsDoc, hasOwnJsDocOnly, parseInheritedJsDoc, parseJsDocOf } from "./parsed-jsdoc";

/** No keywords: shared, so frozen (callers spread it, never change it). */
export const NO_KEYWORDS: JsonSchema = Object.freeze({});

/** A JSDoc tag whose text is not what its keyword takes. */
export interface TagProblem {
  node: ts.Node;
  message: string;
}

export interface Annotations {
  keywords: JsonSchema;
  problems: TagProblem[];
}

type Reader = (text: string) => { value: unknown } | { error: string };

const number: Reader = (text) => (text.trim() !== "" && Number.isFinite(Number(text)) ? { value: Number(text) } : { error: "a number" });
const positive: Reader = (text) => (Number(text) > 0 ? { value: Number(text) } : { error: "a number greater than 0" });
const count: Reader = (text) => (/^\s*\d+\s*$/.test(text) ? { value: Number(text) } : { error: "a whole number, 0 or more" });
const json: Reader = (text) => ({ value: parseJsonOrText(text) });
const flag: Reader = (text) => (text.trim() === "" || text.trim() === "true" ? { value: true } : { error: "nothing (the tag alone)" });
const word: Reader = (text) => (/^\S+$/.test(text.trim()) ? { value: text.trim() } : { error: "one word, such as email or uuid" });
const pattern: Reader = (text) => {
  try {
    new RegExp(text.trim(), "u");
    return text.trim() ? { value: text.trim() } : { error: "a regular expression" };
  } catch (error) {
    return { error: `a valid regular expression (${(error as Error).message})` };
  }
};

/** The JSDoc tags Callspec reads, the keyword each becomes, and what kind of schema it applies to. */
const TAGS: Record<string, { keyword: string; read: Reader; appliesTo?: "number" | "string" | "array" | "object" }> = {
  example: { keyword: "examples", read: json },
  default: { keyword: "default", read: json },
  deprecated: { keyword: "deprecated", read: () => ({ value: true }) },
  minimum: { keyword: "minimum", read: number, appliesTo: "number" },
  maximum: { keyword: "maximum", read: number, appliesTo: "number" },
  exclusiveMinimum: { keyword: "exclusiveMinimum", read: number, appliesTo: "number" },
  exclusiveMaximum: { keyword: "exclusiveMaximum", read: number, appliesTo: "number" },
  multipleOf: { keyword: "multipleOf", read: positive, appliesTo: "number" },
  minLength: { keyword: "minLength", read: count, appliesTo: "string" },
  maxLength: { keyword: "maxLength", read: count, appliesTo: "string" },
  pattern: { keyword: "pattern", read: pattern, appliesTo: "string" },
  format: { keyword: "format", read: word },
  minItems: { keyword: "minItems", read: count, appliesTo: "array" },
  maxItems: { keyword: "maxItems", read: count, appliesTo: "array" },
  uniqueItems: { keyword: "uniqueItems", read: flag, appliesTo: "array" },
  minProperties: { keyword: "minProperties", read: count, appliesTo: "object" },
  maxProperties: { keyword: "maxProperties", read: count, appliesTo: "object" },
};

/** What most properties have: nothing (shared, so frozen: callers spread it, never change it). */
const NONE: Annotations = Object.freeze({ keywords: NO_KEYWORDS, problems: Object.freeze([]) as unknown as TagProblem[] });

/** The tags that apply to one kind of schema only. */
const KIND_TAGS = Object.entries(TAGS).filter(([, spec]) => spec.appliesTo);

/** The tags Callspec reads, for messages and the README. */
export const SUPPORTED_TAGS = Object.keys(TAGS);

/**
 * The schema keywords a symbol's JSDoc gives: its text becomes `description`,
 * and the tags above their keywords (`@example` may repeat: `examples`).
 * JSDoc of TypeScript's library and of Callspec's runtime is not the user's
 * documentation and is left out.
 */
export function jsDocAnnotations(symbol: ts.Symbol, checker: ts.TypeChecker, isForeign: (file: ts.SourceFile) => boolean): Annotations {
  const all = symbol.declarations ?? [];
  const declarations = all.every((d) => !isForeign(d.getSourceFile())) ? all : all.filter((d) => !isForeign(d.getSourceFile()));
  if (declarations.length === 0) return NONE;
  // Every declaration's: the documentation lookup reads the library's too (augmentations), as it always has.
  for (const declaration of all) parseJsDocOf(declaration);
  if (declarations === all && declarations.every(undocumented)) return NONE;
  for (const declaration of all) parseInheritedJsDoc(declaration, checker);
  const keywords: JsonSchema = {};
  const problems: TagProblem[] = [];
  const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (description) keywords.description = description;
  for (const declaration of declarations) {
    for (const tag of ts.getJSDocTags(declaration)) {
      const name = tag.tagName.text;
      const spec = Object.prototype.hasOwnProperty.call(TAGS, name) ? TAGS[name]! : undefined;
      if (!spec) continue;
      const text = (ts.getTextOfJSDocComment(tag.comment) ?? "").trim();
      const read = spec.read(text);
      if ("error" in read) {
        problems.push({ node: tag, message: `The JSDoc tag @${name} takes ${read.error}, not "${text}".` });
      } else if (spec.keyword === "examples") {
        keywords.examples = [...((keywords.examples as unknown[]) ?? []), read.value];
      } else if (!(spec.keyword in keywords)) {
        keywords[spec.keyword] = read.value;
      }
    }
  }
  return { keywords, problems };
}

/**
 * No JSDoc of its own and none to inherit: most properties. Asking the
 * language service for their documentation would come back empty, after
 * looking for base types (`getDocumentationComment` inherits the docs of a
 * member of a base class or interface).
 */
function undocumented(declaration: ts.Declaration): boolean {
  // Only kinds whose JSDoc can only be their own (a variable's sits on its statement, a parameter's on its function;
  // `limit = /** @maximum 100 *\/ (10)`: JSDoc on a parenthesized initializer counts as the property's).
  if (!hasOwnJsDocOnly(declaration) || hasJsDoc(declaration)) return false;
  const container = declaration.parent;
  return !(ts.isClassLike(container) || ts.isInterfaceDeclaration(container)) || !container.heritageClauses?.length;
}

/** Tags set on a schema of the wrong type do nothing in JSON Schema: say so (`@minLength` on a number). */
export function misappliedTags(keywords: JsonSchema, schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type !== "string" || isEmpty(keywords)) return [];
  const kind = type === "integer" ? "number" : type;
  return KIND_TAGS.filter(([, spec]) => spec.appliesTo !== kind && spec.keyword in keywords)
    .map(([name, spec]) => `@${name} applies to ${spec.appliesTo === "array" ? "arrays" : `${spec.appliesTo}s`}, and this is ${type === "array" || type === "object" ? "an" : "a"} ${type}`);
}

/** `@example {"id": 1}` is JSON; `@example Ada Lovelace` is a string. */
function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
