/**
 * Validation with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1),
 * compiled once at start-up, and ajv's errors in FastAPI's shape:
 * `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}` with pydantic's
 * error types and messages where there is one.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { JsonSchema } from "./compiled";
import { DATA_KEYWORDS, isSchemaObject, SCHEMA_MAPS } from "./schema-keywords";

export type Location = (string | number)[];

/** One entry of a 422's `detail`: FastAPI's ValidationError. */
export interface ValidationIssue {
  type: string;
  loc: Location;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type Check = (value: unknown, loc: Location) => ValidationIssue[];

/**
 * One ajv per App: every schema compiled once, when the App starts (a
 * union's branches on its first invalid input). Each
 * table of components (one per file the transformer emitted, shared by its
 * routes) is added to ajv once, so a component is compiled once however many
 * parameters refer to it; parameters with the same schema share a validator.
 */
export function createValidator(): (schema: JsonSchema, components: Record<string, JsonSchema>) => Check {
  // verbose: a union's error carries its branches (`schema`) and its value (`data`), to check them one by one.
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, logger: false });
  addFormats(ajv);
  const tables = new WeakMap<Record<string, JsonSchema>, (schema: JsonSchema) => Check>();
  let added = 0;
  return (schema, components) => {
    let checkFor = tables.get(components);
    if (!checkFor) {
      checkFor = tableChecks(ajv, components, `callspec:components-${++added}`);
      tables.set(components, checkFor);
    }
    return checkFor(schema);
  };
}

/** The checks of the schemas that refer to one table of components, the table added to ajv under `id`. */
function tableChecks(ajv: Ajv2020, components: Record<string, JsonSchema>, id: string): (schema: JsonSchema) => Check {
  // The table sits where "#/components/schemas/<name>" finds it, as in the document.
  ajv.addSchema({ $id: id, components: { schemas: components } });
  const checks = new Map<string, Check>();
  const branchErrors = branchValidation(ajv, id);
  return (schema) => {
    const key = JSON.stringify(schema);
    let check = checks.get(key);
    if (!check) {
      const validate: ValidateFunction = ajv.compile(anchored(schema, id));
      check = (value, loc) => (validate(value) ? [] : withoutUnionNoise(validate.errors ?? [], branchErrors).map((error) => issueOf(error, value, loc)));
      checks.set(key, check);
    }
    return check;
  };
}

/** A union's branch validated alone: ajv's errors for `value`, found at `at` in the whole input. */
type BranchErrors = (branch: JsonSchema | boolean, value: unknown, at: string) => ErrorObject[];

/** Branches are compiled when a union first fails, then kept: only invalid input pays for them. */
function branchValidation(ajv: Ajv2020, id: string): BranchErrors {
  const validators = new Map<JsonSchema | boolean, ValidateFunction>();
  return (branch, value, at) => {
    let validate = validators.get(branch);
    if (!validate) {
      validate = ajv.compile(typeof branch === "boolean" ? branch : anchored(branch, id));
      validators.set(branch, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => ({ ...error, instancePath: at + error.instancePath }));
  };
}

/** A copy of `schema` whose `$ref`s into the components point into the table added as `id`. */
function anchored(schema: JsonSchema, id: string): JsonSchema {
  const copy: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === "$ref" && typeof value === "string" && value.startsWith("#/components/")) copy[keyword] = id + value;
    else if (DATA_KEYWORDS.has(keyword) || value === null || typeof value !== "object") copy[keyword] = value;
    else if (Array.isArray(value)) copy[keyword] = value.map((item) => (isSchemaObject(item) ? anchored(item, id) : item));
    else if (SCHEMA_MAPS.has(keyword)) copy[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isSchemaObject(sub) ? anchored(sub, id) : sub]));
    else copy[keyword] = anchored(value as JsonSchema, id);
  }
  return copy;
}

export function missing(loc: Location): ValidationIssue {
  return { type: "missing", loc, msg: "Field required", input: null };
}

/**
 * `anyOf` reports each branch's errors, then its own. A branch that is only
 * `{type: "null"}` (an optional value) is dropped: `string | null` given 5
 * says "Input should be a valid string", as pydantic does. Otherwise the
 * union's own error stands alone, listing the branches.
 *
 * Which branch an error came from cannot be read from its `schemaPath`: inside
 * a `$ref` (a named type) it is the path in the referenced schema. So each
 * branch is validated alone, and the union's own error is preceded by exactly
 * those errors, branch after branch (ajv stops at the first branch that
 * passes, and then reports nothing).
 */
function withoutUnionNoise(errors: ErrorObject[], branchErrors: BranchErrors): ErrorObject[] {
  const kept: ErrorObject[] = [];
  for (let at = errors.length - 1; at >= 0; at--) {
    const error = errors[at]!;
    if (error.keyword !== "anyOf" && error.keyword !== "oneOf") {
      kept.push(error);
      continue;
    }
    const branches = (error.schema as (JsonSchema | boolean)[]).map((branch) => branchErrors(branch, error.data, error.instancePath));
    at -= branches.reduce((count, branch) => count + branch.length, 0);
    kept.push(...unionReplacement(error, branches.map((branch) => withoutUnionNoise(branch, branchErrors))).reverse());
  }
  return kept.reverse();
}

/** What a failed union reports: its one real branch's errors, or its own error listing the branches. */
function unionReplacement(union: ErrorObject, branches: ErrorObject[][]): ErrorObject[] {
  // A branch that passed (oneOf with several matches) has no errors and no say.
  const real = branches.filter((b) => b.length > 0 && !(b.length === 1 && b[0]!.keyword === "type" && b[0]!.params.type === "null"));
  if (real.length === 1) return real[0]!;
  return [{ ...union, message: `Input should match one of the allowed forms: ${real.map((b) => issueOf(b[0]!, undefined, []).msg).join("; ")}` }];
}

function issueOf(error: ErrorObject, root: unknown, loc: Location): ValidationIssue {
  const path = segments(error.instancePath, root);
  const input = valueAt(root, error.instancePath);
  const at = [...loc, ...path];
  const p = error.params as Record<string, unknown>;
  const issue = (type: string, msg: string, ctx?: Record<string, unknown>, where = at): ValidationIssue =>
    ctx ? { type, loc: where, msg, input, ctx } : { type, loc: where, msg, input };
  switch (error.keyword) {
    case "required":
      return issue("missing", "Field required", undefined, [...at, String(p.missingProperty)]);
    case "additionalProperties":
      return { type: "extra_forbidden", loc: [...at, String(p.additionalProperty)], msg: "Extra inputs are not permitted", input: (input as Record<string, unknown>)?.[String(p.additionalProperty)] };
    case "type":
      return typeIssue(String(Array.isArray(p.type) ? p.type[0] : p.type), input, at);
    case "enum":
      return issue("enum", `Input should be ${alternatives(p.allowedValues as unknown[])}`, { expected: alternatives(p.allowedValues as unknown[]) });
    case "const":
      return issue("literal_error", `Input should be ${alternatives([p.allowedValue])}`, { expected: alternatives([p.allowedValue]) });
    case "format":
      return formatIssue(String(p.format), input, at);
    case "minLength":
      return issue("string_too_short", `String should have at least ${p.limit} character${p.limit === 1 ? "" : "s"}`, { min_length: p.limit });
    case "maxLength":
      return issue("string_too_long", `String should have at most ${p.limit} character${p.limit === 1 ? "" : "s"}`, { max_length: p.limit });
    case "pattern":
      return issue("string_pattern_mismatch", `String should match pattern '${p.pattern}'`, { pattern: p.pattern });
    case "minimum":
    case "exclusiveMinimum":
    case "maximum":
    case "exclusiveMaximum":
      return boundIssue(error.keyword, p.limit as number, issue);
    case "multipleOf":
      return issue("multiple_of", `Input should be a multiple of ${p.multipleOf}`, { multiple_of: p.multipleOf });
    case "minItems":
      return issue("too_short", `List should have at least ${p.limit} item${p.limit === 1 ? "" : "s"}`, { min_length: p.limit });
    case "maxItems":
      return issue("too_long", `List should have at most ${p.limit} item${p.limit === 1 ? "" : "s"}`, { max_length: p.limit });
    case "anyOf":
    case "oneOf":
      return issue("union_type", capitalized(error.message ?? "Input should match one of the allowed forms"));
    default:
      return issue(error.keyword, capitalized(error.message ?? `Input is not valid (${error.keyword})`));
  }
}

const TYPE_MESSAGES: Record<string, [type: string, parsing: string, msg: string]> = {
  string: ["string_type", "string_type", "Input should be a valid string"],
  number: ["float_type", "float_parsing", "Input should be a valid number"],
  integer: ["int_type", "int_parsing", "Input should be a valid integer"],
  boolean: ["bool_type", "bool_parsing", "Input should be a valid boolean"],
  object: ["dict_type", "dict_type", "Input should be a valid dictionary or object"],
  array: ["list_type", "list_type", "Input should be a valid list"],
  null: ["none_required", "none_required", "Input should be None"],
};

/** pydantic says "parsing" when the input was text that could not be read as the type. */
function typeIssue(expected: string, input: unknown, loc: Location): ValidationIssue {
  const [type, parsing, msg] = TYPE_MESSAGES[expected] ?? [`${expected}_type`, `${expected}_type`, `Input should be of type ${expected}`];
  if (typeof input === "string" && parsing !== type) {
    const what = expected === "integer" ? "an integer" : expected === "number" ? "a number" : "a boolean";
    return { type: parsing, loc, msg: `${msg}, unable to parse string as ${what}`, input };
  }
  return { type, loc, msg, input };
}

const FORMATS: Record<string, [type: string, msg: string]> = {
  uri: ["url_parsing", "Input should be a valid URL"],
  "uri-reference": ["url_parsing", "Input should be a valid URL"],
  email: ["value_error", "value is not a valid email address"],
  uuid: ["uuid_parsing", "Input should be a valid UUID"],
  "date-time": ["datetime_parsing", "Input should be a valid datetime"],
  date: ["date_parsing", "Input should be a valid date"],
  time: ["time_parsing", "Input should be in a valid time format"],
};

function formatIssue(format: string, input: unknown, loc: Location): ValidationIssue {
  const [type, msg] = FORMATS[format] ?? ["string_format", `String should be in the format "${format}"`];
  return { type, loc, msg, input, ctx: { format } };
}

function boundIssue(keyword: string, limit: number, issue: (type: string, msg: string, ctx: Record<string, unknown>) => ValidationIssue): ValidationIssue {
  switch (keyword) {
    case "minimum":
      return issue("greater_than_equal", `Input should be greater than or equal to ${limit}`, { ge: limit });
    case "exclusiveMinimum":
      return issue("greater_than", `Input should be greater than ${limit}`, { gt: limit });
    case "maximum":
      return issue("less_than_equal", `Input should be less than or equal to ${limit}`, { le: limit });
    default:
      return issue("less_than", `Input should be less than ${limit}`, { lt: limit });
  }
}

/** 'a', 'b' or 'c' — pydantic's way of listing what was expected. */
function alternatives(values: unknown[]): string {
  const quoted = values.map((v) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v)));
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** "/items/0/name" -> ["items", 0, "name"]: indices of arrays are numbers, as in FastAPI's `loc`. */
function segments(pointer: string, root: unknown): Location {
  if (pointer === "") return [];
  const result: Location = [];
  let value = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const index = Array.isArray(value) ? Number(key) : NaN;
    result.push(Number.isInteger(index) ? index : key);
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  }
  return result;
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  if (pointer === "") return value;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
