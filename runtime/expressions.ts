/**
 * OpenAPI 3.1 runtime expressions, as they appear in callback keys: literal
 * text with `{expression}` parts. Also FastAPI's shorthand: `{$name}` for a
 * parameter of the parent operation, `$request.body.a.b` for `$request.body#/a/b`.
 *
 *   expression = "$url" / "$method" / "$statusCode" / "$request." source / "$response." source
 *   source     = "header." token / "query." name / "path." name / "body" ["#" json-pointer]
 */

export type Expression =
  | { kind: "url" | "method" | "statusCode" }
  | { kind: "request" | "response"; source: "header" | "query" | "path"; name: string }
  | { kind: "request" | "response"; source: "body"; pointer: string[] }
  /** FastAPI's `{$callback_url}`: a parameter of the parent operation, resolved when checked. */
  | { kind: "parameter"; name: string };

export interface ExpressionPart {
  expression: Expression;
  /** The text between the braces, as written. */
  written: string;
  /** Offset of the text between the braces in the key. */
  offset: number;
}

export type KeyPart = { text: string } | ExpressionPart;

export interface ParseError {
  offset: number;
  length: number;
  message: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const RESERVED = new Set(["url", "method", "statusCode", "request", "response"]);

/** Splits a callback key into literal text and parsed expressions. */
export function parseCallbackKey(key: string): { parts: KeyPart[]; errors: ParseError[] } {
  const parts: KeyPart[] = [];
  const errors: ParseError[] = [];
  let text = "";
  for (let i = 0; i < key.length; i++) {
    const char = key[i]!;
    if (char === "}") {
      errors.push({ offset: i, length: 1, message: `"}" without a "{" before it: expressions are written as {$request.body#/id}.` });
      continue;
    }
    if (char !== "{") {
      text += char;
      continue;
    }
    const end = key.indexOf("}", i + 1);
    if (end === -1) {
      errors.push({ offset: i, length: key.length - i, message: `"{" is never closed: write {$…} around each expression.` });
      break;
    }
    if (text) parts.push({ text });
    text = "";
    const written = key.slice(i + 1, end);
    const parsed = parseExpression(written);
    if (typeof parsed === "string") errors.push({ offset: i + 1, length: written.length, message: `"${written}" ${parsed}` });
    else parts.push({ expression: parsed, written, offset: i + 1 });
    i = end;
  }
  if (text) parts.push({ text });
  return { parts, errors };
}

/** One expression, or why it is not one. */
export function parseExpression(written: string): Expression | string {
  if (!written.startsWith("$")) {
    return `is not a runtime expression: callback keys take {$request.query.name}, {$request.path.name}, {$request.header.name}, {$request.body#/pointer}, {$response.body#/pointer}, {$url}, {$method}, {$statusCode}, or {$name} for a parameter.`;
  }
  const body = written.slice(1);
  if (body === "url" || body === "method" || body === "statusCode") return { kind: body };
  const dot = body.indexOf(".");
  const head = dot === -1 ? body : body.slice(0, dot);
  if (head !== "request" && head !== "response") {
    if (RESERVED.has(head) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(body)) {
      return `is not a runtime expression: after "$" comes url, method, statusCode, request.…, response.…, or a parameter name.`;
    }
    return { kind: "parameter", name: body };
  }
  const rest = dot === -1 ? "" : body.slice(dot + 1);
  const sourceMatch = /^(header|query|path)\.(.+)$/.exec(rest);
  if (sourceMatch) {
    const [, source, name] = sourceMatch as unknown as [string, "header" | "query" | "path", string];
    if (source === "header" && !TOKEN.test(name)) return `is not a runtime expression: "${name}" is not a valid header name.`;
    return { kind: head, source, name };
  }
  if (rest === "body") return { kind: head, source: "body", pointer: [] };
  if (rest.startsWith("body#")) {
    const pointer = parsePointer(rest.slice("body#".length));
    return typeof pointer === "string" ? `is not a runtime expression: ${pointer}` : { kind: head, source: "body", pointer };
  }
  if (rest.startsWith("body.")) return { kind: head, source: "body", pointer: rest.slice("body.".length).split(".") };
  return `is not a runtime expression: after "$${head}." comes header.<name>, query.<name>, path.<name> or body, optionally with #/a/json/pointer.`;
}

/** RFC 6901: "" or "/a/b", with "~1" for "/" and "~0" for "~". */
function parsePointer(pointer: string): string[] | string {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return `a JSON pointer starts with "/" (#/id), not "${pointer}".`;
  const segments = pointer.slice(1).split("/");
  if (segments.some((s) => /~[^01]|~$/.test(s))) return `"~" in a JSON pointer must be written ~0 (and "/" as ~1).`;
  return segments.map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The standard text of an expression (after a parameter shorthand has been resolved). */
export function standardExpression(expression: Expression): string {
  switch (expression.kind) {
    case "url":
    case "method":
    case "statusCode":
      return `$${expression.kind}`;
    case "parameter":
      return `$${expression.name}`;
    case "request":
    case "response":
      if (expression.source === "body") {
        const pointer = expression.pointer.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
        return `$${expression.kind}.body${pointer ? "#" + pointer : ""}`;
      }
      return `$${expression.kind}.${expression.source}.${expression.name}`;
  }
}
