/**
 * The request body: JSON only, within a size limit, parsed safely. Every
 * failure is an HttpError (413, 415) or a 422 with FastAPI's `json_invalid`,
 * decided before any handler runs.
 */
import { HttpError, ValidationFailed } from "./errors";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** `application/json`, `application/problem+json`, … (any charset parameter must be UTF-8). No header: read as JSON, as FastAPI does. */
export function checkContentType(contentType: string | undefined): void {
  if (contentType === undefined || contentType === "" || contentType === "application/json") return;
  const [type = "", ...parameters] = contentType.toLowerCase().split(";").map((part) => part.trim());
  const isJson = type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
  const charset = parameters.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (!isJson || (charset !== undefined && charset !== "utf-8" && charset !== "utf8")) {
    throw new HttpError(415, `Unsupported Media Type "${contentType}": send the body as JSON with the header "Content-Type: application/json".`);
  }
}

export function tooLarge(limit: number): HttpError {
  return new HttpError(413, `The request body is larger than ${limit} bytes, the limit of this server (the App's bodyLimit option).`, { connection: "close" });
}

/** The body as a value; undefined for an empty body. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ValidationFailed([
      { type: "json_invalid", loc: position === undefined ? ["body"] : ["body", Number(position)], msg: "JSON decode error", input: {}, ctx: { error: (error as Error).message } },
    ]);
  }
  // `\u` escapes can spell a key, so any of these strings means: look closer.
  if (text.includes("__proto__") || text.includes("constructor") || text.includes("\\u")) rejectPrototypeKeys(value);
  return value;
}

/**
 * A `__proto__` key (or `constructor.prototype`) in a body is never data: code
 * that merges the body into another object (`Object.assign`, a deep merge)
 * would change that object's prototype, or every object's. Refused with a 422.
 */
function rejectPrototypeKeys(root: unknown): void {
  const stack: [unknown, (string | number)[]][] = [[root, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (Object.hasOwn(value, "__proto__") || (Object.hasOwn(value, "constructor") && isObject((value as { constructor: unknown }).constructor) && Object.hasOwn((value as { constructor: object }).constructor, "prototype"))) {
      const key = Object.hasOwn(value, "__proto__") ? "__proto__" : "constructor";
      throw new ValidationFailed([
        { type: "forbidden_key", loc: ["body", ...path, key], msg: `The key "${key}" is not allowed in a request body: it could change the prototype of the objects it is merged into.`, input: null },
      ]);
    }
    for (const [key, inner] of Object.entries(value)) stack.push([inner, [...path, Array.isArray(value) ? Number(key) : key]]);
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object";
}
