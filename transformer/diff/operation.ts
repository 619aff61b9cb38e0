import { type Direction, flip, writerOf } from "./change";
import { child, isObject, jsonPath, keysOf, type Located, resolve, sameJson, show } from "./location";
import { pairBy } from "./match";
import { compareSchemas } from "./schema";
import { type Context, record, walk, type Walk } from "./walk";

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** An operation found in a document: under `paths`, `webhooks`, or a parent operation's `callbacks`. */
export interface OperationAt {
  /** How the report names it: `POST /invoices/`, `webhook new-subscription (POST)`. */
  label: string;
  method: string;
  /** The path, the callback's runtime expression, or the webhook's name. */
  key: string;
  /** The callback's or webhook's name. */
  name?: string;
  operation: Located;
  pathItem: Located;
}

/** The operations of a path item map (`paths`, `webhooks`, one callback), in document order. */
export function operationsOf(document: object, items: Located, label: (key: string, method: string) => string, name?: string): OperationAt[] {
  return keysOf(items).flatMap((key) => {
    const pathItem = resolve(document, child(items, key));
    return METHODS.filter((method) => isObject(pathItem.value?.[method])).map((method) => ({
      label: label(key, method),
      method,
      key,
      name: name ?? key,
      operation: child(pathItem, method),
      pathItem,
    }));
  });
}

const operationId = (o: OperationAt): string | undefined => (typeof o.operation.value.operationId === "string" ? `id:${o.operation.value.operationId}` : undefined);

/**
 * Pairs the operations of two lists by `keys` (strongest first), reports
 * those removed (breaking: clients use them) and added, and compares each pair.
 */
export function compareOperationLists(
  context: Context,
  base: OperationAt[],
  head: OperationAt[],
  keys: ReadonlyArray<(o: OperationAt) => string | undefined>,
  direction: Direction,
  describeMove: (w: Walk, base: OperationAt, head: OperationAt) => void,
): void {
  const { pairs, removed, added } = pairBy(base, head, [...keys, operationId]);
  for (const o of removed) context.changes.add(true, o.label, "operation removed", jsonPath(o.operation.path));
  for (const o of added) context.changes.add(false, o.label, "operation added", jsonPath(o.operation.path));
  for (const [b, h] of pairs) {
    describeMove(walk(context, h.label, writerOf("request", direction), ""), b, h);
    compareOperations(context, b, h, direction);
  }
}

const DOCS = new Set(["summary", "description", "tags", "externalDocs"]);
const STRUCTURED = new Set(["parameters", "requestBody", "responses", "callbacks", "operationId", "deprecated"]);

/** One operation, before and after. `direction` says who sends its request. */
export function compareOperations(context: Context, base: OperationAt, head: OperationAt, direction: Direction): void {
  const b = base.operation;
  const h = head.operation;
  const w = walk(context, head.label, writerOf("request", direction), "");
  const keys = new Set([...keysOf(b), ...keysOf(h)]);
  for (const key of keys) {
    if (STRUCTURED.has(key) || sameJson(b.value[key], h.value[key])) continue;
    // security, servers and anything else this diff does not model may break clients: say so.
    const effect = DOCS.has(key) || key.startsWith("x-") ? "docs" : "changed";
    record(w, effect, "", `${key} ${key in b.value ? (key in h.value ? "changed" : "removed") : "added"}`, key in h.value ? child(h, key) : child(b, key));
  }
  const [bId, hId] = [b.value.operationId, h.value.operationId];
  if (bId !== hId) {
    if (bId === undefined) record(w, "docs", "", `operationId ${show(hId)} added`, child(h, "operationId"));
    else record(w, "changed", "", hId === undefined ? `operationId ${show(bId)} removed` : `operationId changed from ${show(bId)} to ${show(hId)}`, child(h, "operationId"));
  }
  if (!!b.value.deprecated !== !!h.value.deprecated) record(w, "docs", "", h.value.deprecated ? "now deprecated" : "no longer deprecated", child(h, "deprecated"));
  compareParameters(context, base, head, direction);
  compareRequestBodies(walk(context, head.label, writerOf("request", direction), "request body"), child(b, "requestBody"), child(h, "requestBody"));
  compareResponses(context, head.label, child(b, "responses"), child(h, "responses"), direction);
  compareCallbacks(context, base, head, direction);
}

interface Parameter {
  key: string;
  node: Located;
  name: string;
  in: string;
}

/** Path-level and operation-level parameters; a path parameter is known by its place in the path, not its name. */
function parametersOf(document: object, o: OperationAt): Parameter[] {
  const placeholders = [...o.key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const list = (node: Located) => (Array.isArray(node.value) ? node.value.map((_: unknown, i: number) => resolve(document, child(node, i))) : []);
  const byKey = new Map<string, Parameter>();
  for (const node of [...list(child(o.pathItem, "parameters")), ...list(child(o.operation, "parameters"))]) {
    const { name, in: where } = node.value ?? {};
    if (typeof name !== "string" || typeof where !== "string") continue;
    const key = where === "path" ? `path#${placeholders.indexOf(name)}` : `${where}:${where === "header" ? name.toLowerCase() : name}`;
    byKey.set(key, { key, node, name, in: where });
  }
  return [...byKey.values()];
}

function compareParameters(context: Context, base: OperationAt, head: OperationAt, direction: Direction): void {
  const writer = writerOf("request", direction);
  const subject = (p: Parameter) => `${p.in} parameter "${p.name}"`;
  const { pairs, removed, added } = pairBy(parametersOf(context.base, base), parametersOf(context.head, head), [(p) => p.key]);
  for (const p of removed) record(walk(context, head.label, writer, subject(p)), "removed", "", "removed", p.node);
  for (const p of added) {
    const required = p.in === "path" || p.node.value.required === true;
    record(walk(context, head.label, writer, subject(p)), required ? "narrowed" : "added", "", required ? "added (required)" : "added (optional)", p.node);
  }
  for (const [b, h] of pairs) {
    const w = walk(context, head.label, writer, subject(h));
    if (b.name !== h.name) record(w, "docs", "", `renamed from "${b.name}"`, child(h.node, "name"));
    const [wasRequired, isRequired] = [b.node.value.required === true, h.node.value.required === true];
    if (wasRequired !== isRequired) record(w, isRequired ? "narrowed" : "widened", "", isRequired ? "now required" : "now optional", child(h.node, "required"));
    for (const key of ["style", "explode", "allowReserved", "allowEmptyValue"]) {
      if (!sameJson(b.node.value[key], h.node.value[key])) record(w, "changed", "", `${key} changed`, child(h.node, key));
    }
    for (const key of ["description", "example", "examples"]) {
      if (!sameJson(b.node.value[key], h.node.value[key])) record(w, "docs", "", `${key} changed`, child(h.node, key));
    }
    if (!!b.node.value.deprecated !== !!h.node.value.deprecated) record(w, "docs", "", h.node.value.deprecated ? "now deprecated" : "no longer deprecated", child(h.node, "deprecated"));
    compareSchemas(w, child(b.node, "schema"), child(h.node, "schema"));
    compareContent(w, child(b.node, "content"), child(h.node, "content"));
  }
}

function compareRequestBodies(w: Walk, baseNode: Located, headNode: Located): void {
  const b = resolve(w.base, baseNode);
  const h = resolve(w.head, headNode);
  if (b.value === undefined && h.value === undefined) return;
  if (h.value === undefined) return record(w, "removed", "", "removed", b);
  if (b.value === undefined) return record(w, h.value.required ? "narrowed" : "added", "", h.value.required ? "added (required)" : "added (optional)", h);
  if (!!b.value.required !== !!h.value.required) record(w, h.value.required ? "narrowed" : "widened", "", h.value.required ? "now required" : "now optional", child(h, "required"));
  if (!sameJson(b.value.description, h.value.description)) record(w, "docs", "", "description changed", child(h, "description"));
  compareContent(w, child(b, "content"), child(h, "content"));
}

/** Media types: one removed is gone for whoever used it; each kept one's schema is compared. */
function compareContent(w: Walk, b: Located, h: Located): void {
  for (const type of keysOf(b)) {
    if (!(type in (h.value ?? {}))) record(w, "removed", "", `media type "${type}" removed`, child(b, type));
    else compareSchemas(w, child(b, type, "schema"), child(h, type, "schema"));
  }
  for (const type of keysOf(h)) if (!(type in (b.value ?? {}))) record(w, "added", "", `media type "${type}" added`, child(h, type));
}

/** A success status removed breaks whoever expected it; an error status removed only changes the documentation. */
function compareResponses(context: Context, label: string, b: Located, h: Located, direction: Direction): void {
  const writer = writerOf("response", direction);
  for (const status of keysOf(b)) {
    const w = walk(context, label, writer, `response ${status}`);
    const bResponse = resolve(context.base, child(b, status));
    if (!(status in (h.value ?? {}))) {
      record(w, /^2/.test(status) ? "removed" : "docs", "", "removed", bResponse);
      continue;
    }
    const hResponse = resolve(context.head, child(h, status));
    if (!sameJson(bResponse.value?.description, hResponse.value?.description)) record(w, "docs", "", "description changed", child(hResponse, "description"));
    const [bContent, hContent] = [child(bResponse, "content"), child(hResponse, "content")];
    if (bContent.value !== undefined && hContent.value === undefined) record(w, "removed", "", "content removed", bContent);
    else if (bContent.value === undefined && hContent.value !== undefined) record(w, "narrowed", "", "content added", hContent);
    else compareContent(w, bContent, hContent);
    compareHeaders(context, label, writer, status, child(bResponse, "headers"), child(hResponse, "headers"));
  }
  for (const status of keysOf(h)) {
    if (!(status in (b.value ?? {}))) record(walk(context, label, writer, `response ${status}`), "added", "", "added", child(h, status));
  }
}

function compareHeaders(context: Context, label: string, writer: Walk["writer"], status: string, b: Located, h: Located): void {
  const names = [...new Set([...keysOf(b), ...keysOf(h)])];
  for (const name of names) {
    const w = walk(context, label, writer, `response ${status} header "${name}"`);
    const bHeader = resolve(context.base, child(b, name));
    const hHeader = resolve(context.head, child(h, name));
    if (hHeader.value === undefined) record(w, "removed", "", "removed", bHeader);
    else if (bHeader.value === undefined) record(w, hHeader.value.required ? "narrowed" : "added", "", hHeader.value.required ? "added (required)" : "added (optional)", hHeader);
    else compareSchemas(w, child(bHeader, "schema"), child(hHeader, "schema"));
  }
}

/**
 * Callbacks run the other way: our API sends their request and reads their
 * response. Paired by name, runtime expression and method; a new expression
 * or method sends the request somewhere else, which breaks receivers.
 */
function compareCallbacks(context: Context, base: OperationAt, head: OperationAt, direction: Direction): void {
  const list = (document: object, o: OperationAt) =>
    keysOf(child(o.operation, "callbacks")).flatMap((name) =>
      operationsOf(document, resolve(document, child(o.operation, "callbacks", name)), (expression, method) => `${head.label} -> callback ${name} (${method.toUpperCase()} ${expression})`, name),
    );
  const by = (...parts: Array<keyof OperationAt>) => (o: OperationAt) => parts.map((p) => o[p]).join(" ");
  compareOperationLists(context, list(context.base, base), list(context.head, head), [by("name", "key", "method"), by("key", "method"), by("name", "method"), by("name", "key")], flip(direction), (w, b, h) => {
    if (b.name !== h.name) record(w, "docs", "", `callback renamed from "${b.name}"`, h.operation);
    if (b.key !== h.key) record(w, "changed", "", `runtime expression changed from "${b.key}" to "${h.key}"`, h.pathItem);
    if (b.method !== h.method) record(w, "changed", "", `method changed from ${b.method.toUpperCase()} to ${h.method.toUpperCase()}`, h.operation);
  });
}
