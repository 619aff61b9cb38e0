import { type Changes, type Effect, isBreaking, type Writer } from "./change";
import { jsonPath, type Located, type OpenApiDocument } from "./location";

/** What every comparison needs: both documents and where the changes go. */
export interface Context {
  base: OpenApiDocument;
  head: OpenApiDocument;
  changes: Changes;
}

/** Comparing one piece of data of one operation (a parameter, a body, a response). */
export interface Walk extends Context {
  operation: string;
  /** Who writes this data: decides which effects break clients. */
  writer: Writer;
  /** What the data is, for messages: `request body`, `response 200`, `query parameter "limit"`. */
  subject: string;
  /** `$ref` pairs already compared here: recursive schemas end. */
  seen: Set<string>;
}

export function walk(context: Context, operation: string, writer: Writer, subject: string): Walk {
  return { ...context, operation, writer, subject, seen: new Set() };
}

/** Records a change of `field` (a property path such as `items[].sku`, or "" for the whole) at `node`. */
export function record(w: Walk, effect: Effect, field: string, predicate: string, node: Located): void {
  const subject = [w.subject, field && `"${field}"`].filter(Boolean).join(" ");
  w.changes.add(isBreaking(effect, w.writer), w.operation, subject ? `${subject}: ${predicate}` : predicate, jsonPath(node.path));
}
