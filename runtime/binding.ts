/**
 * Binding: each handler parameter gets its value from where the transformer
 * said (runtime/compiled.ts), coerced from text where it came as text, and
 * validated against its schema. All problems are collected, so one 422 lists
 * them all, as FastAPI does.
 */
import type { CompiledParameter, CompiledRoute } from "./compiled";
import { coercionFor, type Coerce } from "./coercion";
import type { RequestContext } from "./parameters";
import { missing, type Check, type Location, type ValidationIssue } from "./validation";

/** What binding reads from a request. Lazy where reading costs something. */
export interface RequestInputs {
  params: Record<string, string>;
  query(): URLSearchParams;
  header(name: string): string | undefined;
  cookies(): Record<string, string>;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  context(): RequestContext;
}

export type Bind = (inputs: RequestInputs) => { args: unknown[] } | { issues: ValidationIssue[] };

type Read = (inputs: RequestInputs, issues: ValidationIssue[]) => unknown;

/** The binder of one route, compiled at start-up: schemas into validators, coercions chosen once. */
export function compileBinder(compiled: CompiledRoute, validatorFor: (schema: Record<string, unknown>, components: CompiledRoute["components"]) => Check): Bind {
  const bodies = compiled.parameters.filter((p) => p.in === "body");
  const readers = compiled.parameters.map((parameter): Read => {
    if (parameter.in === "context") return (inputs) => inputs.context();
    const check = validatorFor(parameter.schema ?? {}, compiled.components);
    if (parameter.in === "body") return bodyReader(parameter, bodies.length > 1, check);
    return textReader(parameter, coercionFor(parameter.schema ?? {}, compiled.components), check);
  });
  return (inputs) => {
    const issues: ValidationIssue[] = [];
    const args = readers.map((read) => read(inputs, issues));
    return issues.length > 0 ? { issues } : { args };
  };
}

/** Path, query, header and cookie values: text, coerced by the schema, then validated. */
function textReader(parameter: CompiledParameter, coerce: Coerce, check: Check): Read {
  const loc: Location = [parameter.in, parameter.name];
  const { name } = parameter;
  const texts = (inputs: RequestInputs): string[] => {
    switch (parameter.in) {
      case "path":
        return name in inputs.params ? [inputs.params[name]!] : [];
      case "query":
        return inputs.query().getAll(name);
      case "header": {
        const value = inputs.header(name);
        return value === undefined ? [] : [value];
      }
      default: {
        const cookies = inputs.cookies();
        return name in cookies ? [cookies[name]!] : [];
      }
    }
  };
  return (inputs, issues) => {
    const values = texts(inputs);
    if (values.length === 0) {
      if (parameter.required) issues.push(missing(loc));
      return undefined;
    }
    const value = coerce(values);
    issues.push(...check(value, loc));
    return value;
  };
}

/** The body, or one embedded member of it when the handler has several body parameters (FastAPI's `embed`). */
function bodyReader(parameter: CompiledParameter, embedded: boolean, check: Check): Read {
  const loc: Location = embedded ? ["body", parameter.name] : ["body"];
  return (inputs, issues) => {
    let value = inputs.body;
    if (embedded && value !== undefined) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        // Reported once, by the first embedded parameter.
        if (!issues.some((i) => i.loc.length === 1 && i.loc[0] === "body")) {
          issues.push({ type: "dict_type", loc: ["body"], msg: "Input should be a valid dictionary or object", input: value });
        }
        return undefined;
      }
      value = Object.hasOwn(value, parameter.name) ? (value as Record<string, unknown>)[parameter.name] : undefined;
    }
    if (value === undefined) {
      if (parameter.required) issues.push(missing(loc));
      return undefined;
    }
    issues.push(...check(value, loc));
    return value;
  };
}
