import ts from "typescript";
import { Code } from "./diagnostics";
import type { BoundRoute, TypedParameter } from "./bind";
import { parseCallbackKey, standardExpression, type Expression } from "../runtime/expressions";
import type { OperationContext } from "./operation";
import { shorthandParameter } from "../runtime/parameters";

/** A piece of a mounted path: a router's prefix or the route's own path, with where it was written. */
export interface PathPiece {
  text: string;
  node?: ts.Expression;
}

/** The operation a callback belongs to, as its expressions see it. */
export interface CallbackParent {
  /** For messages: `POST /invoices/ (create_invoice)`. */
  label: string;
  operationId: string;
  /** Its binding: the types expressions are checked against, and the keys checked before. */
  bound: BoundRoute;
}

/**
 * The key of a callback under `parent`: its runtime expressions parsed,
 * FastAPI's shorthand resolved, each checked against the parent's types
 * (parameters, request body, response), and written in OpenAPI's standard
 * form unless the user asked for the text as written. A wrong expression is a
 * diagnostic pointing into the string literal where it was written.
 */
export function callbackKey(pieces: PathPiece[], parent: CallbackParent, context: OperationContext): string {
  const written = pieces.map((p) => p.text).join("");
  // A key checked against the same binding before comes out the same: only one without a mistake is remembered.
  const remembered = `${context.expressions}\u0000${written}`;
  const checked = parent.bound.callbackKeys.get(remembered);
  if (checked !== undefined) return checked;
  // Checked by the last run: this run's keys are the ones the next run gets.
  const before = parent.bound.checkedBefore?.get(remembered);
  if (before !== undefined) {
    parent.bound.callbackKeys.set(remembered, before);
    return before;
  }
  const reported = context.diagnostics.length;
  const key = checkedKey(written, pieces, parent, context);
  if (context.diagnostics.length === reported) parent.bound.callbackKeys.set(remembered, key);
  return key;
}

function checkedKey(written: string, pieces: PathPiece[], parent: CallbackParent, context: OperationContext): string {
  const { parts, errors } = parseCallbackKey(written);
  for (const error of errors) report(pieces, error.offset, error.length, Code.InvalidExpression, error.message, context);
  let standard = "";
  for (const part of parts) {
    if ("text" in part) {
      standard += part.text;
      continue;
    }
    const checked = checkExpression(part.expression, parent, context.checker);
    if (typeof checked === "string") {
      report(pieces, part.offset, part.written.length, Code.InvalidExpression, `"${part.written}": ${checked}; checked against ${parent.label}.`, context);
      standard += `{${part.written}}`;
    } else {
      standard += `{${standardExpression(checked)}}`;
    }
  }
  return context.expressions === "as-written" ? written : standard;
}

/** The expression with shorthand resolved, or what is wrong with it. */
function checkExpression(expression: Expression, parent: CallbackParent, checker: ts.TypeChecker): Expression | string {
  const { parameters, body, response } = parent.bound.typed;
  switch (expression.kind) {
    case "url":
    case "method":
    case "statusCode":
      return expression;
    case "parameter": {
      const found = shorthandParameter(parameters, expression.name);
      if (!found) return `the operation has no parameter "${expression.name}" (has: ${listOrNone(parameters.map((p) => p.name))})`;
      if (found.in === "cookie") return `"${expression.name}" is a cookie, and runtime expressions cannot read cookies: pass the value as a query parameter or header`;
      return { kind: "request", source: found.in, name: found.name };
    }
    case "request":
    case "response":
      if (expression.source !== "body") {
        if (expression.kind === "response") return expression; // response headers are not described by the types
        const sameIn = parameters.filter((p) => p.in === expression.source);
        const matches = (p: TypedParameter) => (p.in === "header" ? p.name.toLowerCase() === expression.name.toLowerCase() : p.name === expression.name);
        if (sameIn.some(matches)) return expression;
        return `the operation has no ${expression.source} parameter "${expression.name}" (has: ${listOrNone(sameIn.map((p) => p.name))})`;
      }
      if (expression.kind === "response") {
        if (!response) return `the operation's response has no body`;
        const problem = walkPointer(response, expression.pointer, checker);
        return problem ?? expression;
      }
      if (!body) return `the operation has no request body`;
      if ("type" in body) return walkPointer(body.type, expression.pointer, checker) ?? expression;
      // Several body parameters are embedded under their names: the pointer starts with one.
      const [first, ...rest] = expression.pointer;
      if (first === undefined) return expression;
      const embedded = body.embedded.get(first);
      if (!embedded) return `the body has no property "${first}" (has: ${[...body.embedded.keys()].join(", ")})`;
      return walkPointer(embedded, rest, checker) ?? expression;
  }
}

/**
 * Follows a JSON pointer through a type: properties (optional ones too),
 * array and tuple elements by index, union members that have the property.
 * Returns what is wrong, naming what exists, or undefined when the pointer is real.
 */
function walkPointer(root: ts.Type, pointer: string[], checker: ts.TypeChecker): string | undefined {
  let types = [root];
  for (const segment of pointer) {
    const next: ts.Type[] = [];
    const present = dataMembers(types);
    for (const type of present) {
      if (checker.isArrayType(type) || checker.isTupleType(type)) {
        if (!/^(0|[1-9][0-9]*)$/.test(segment)) continue;
        const elements = checker.getTypeArguments(type as ts.TypeReference);
        const element = checker.isArrayType(type) ? elements[0] : elements[Number(segment)];
        if (element) next.push(element);
        continue;
      }
      if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) continue;
      const property = checker.getPropertyOfType(type, segment);
      if (property) next.push(checker.getTypeOfSymbol(property));
    }
    if (next.length === 0) {
      const described = present.map((t) => checker.typeToString(t)).join(" | ") || "it";
      if (present.length > 0 && present.every((t) => checker.isArrayType(t) || checker.isTupleType(t))) {
        return `${described} is an array: the next step is an index such as /0, not "${segment}"`;
      }
      const names = [...new Set(present.flatMap((t) => (t.flags & ts.TypeFlags.Object || t.isIntersection() ? checker.getPropertiesOfType(t).map((p) => p.name) : [])))];
      return names.length > 0 ? `${described} has no property "${segment}" (has: ${names.join(", ")})` : `${described} is not an object, so it has no "${segment}"`;
    }
    types = next;
  }
  return undefined;
}

/** The members of the types that can hold data: `undefined` and `null` of optional properties dropped. */
function dataMembers(types: ts.Type[]): ts.Type[] {
  // Only objects, arrays and tuples have members in JSON: `#/id/length` of a string is nothing.
  return types
    .flatMap((t) => (t.isUnion() ? t.types : [t]))
    .filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
}

function listOrNone(names: string[]): string {
  return names.length > 0 ? names.join(", ") : "none";
}

/**
 * A diagnostic at `offset` of the key. The key may be glued from a prefix and
 * a path written in different places: point into the literal it came from.
 */
function report(pieces: PathPiece[], offset: number, length: number, code: number, message: string, context: OperationContext): void {
  let start = 0;
  let piece = pieces[pieces.length - 1]!;
  for (const candidate of pieces) {
    if (offset < start + candidate.text.length) {
      piece = candidate;
      break;
    }
    start += candidate.text.length;
  }
  if (piece === pieces[pieces.length - 1]) start = pieces.slice(0, -1).reduce((n, p) => n + p.text.length, 0);
  // A prefix written where no node is known: point at the route's own path instead.
  const node = piece.node ?? [...pieces].reverse().find((p) => p.node)?.node;
  if (!node) return;
  const file = node.getSourceFile();
  const literalStart = node.getStart(file);
  // Inside a plain literal (no escapes), point at the expression itself.
  const exact = piece.node === node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.getText(file).slice(1, -1) === piece.text;
  context.diagnostics.push({
    file,
    start: exact ? literalStart + 1 + (offset - start) : literalStart,
    length: exact ? Math.max(1, Math.min(length, piece.text.length - (offset - start))) : node.getWidth(file),
    messageText: message,
    category: ts.DiagnosticCategory.Error,
    code,
    source: "callspec",
  });
}
