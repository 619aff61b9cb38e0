import type ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import type { BoundRoute } from "./bind";
import type { RouteMetadata } from "./metadata";

/** An operation as built for a route, and what it was built from (operation.ts). */
interface BuiltFrom {
  operation: OpenAPIV3_1.OperationObject;
  /** The binding's own objects: a binding taken as it was from the last run (bind.ts) hands out the same ones. */
  parameters: unknown;
  requestBody: unknown;
  responses: unknown;
}

/** An operation with its callbacks (operation.ts `withCallbacks`): the objects it is made of, in order, and the copy made of them. */
interface WithCallbacks {
  parts: readonly unknown[];
  operation: OpenAPIV3_1.OperationObject;
}

/**
 * How many ways of building one registration call's operation are kept:
 * a call is built once per way it is mounted (inbound, as a callback of each
 * parent that qualifies its operationId, as a webhook); the oldest goes first.
 */
const WAYS_KEPT = 8;

/** `list` with `item` last, and without its oldest items beyond WAYS_KEPT. */
function keptLast<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > WAYS_KEPT) list.shift();
}

/** What an object of the document gave last time: its canonical text at the depth it sits at, and the components it refers to. */
interface Piece {
  text?: string;
  refs?: readonly string[];
  /** The text of the entry it leads: `"/items/{id}": { "get": …, "put": … }` for an operation, `"Item": {…}` for a schema (write.ts). */
  entry?: Entry;
}

/** One entry of `paths`, `webhooks` or `components.schemas`: its key, the objects its value is made of (in order), and its text. */
interface Entry {
  key: string;
  parts: readonly unknown[];
  text: string;
}

/** How deep operations (`paths` → path → method) and component schemas (`components` → `schemas` → name) sit in a document. */
export const PIECE_DEPTH = 3;

/**
 * What one run's documents leave for the next run of the same project (under
 * `tspc --watch`, with schema/reuse.ts), so that a rebuild does not make again
 * what a one-line change leaves as it was:
 *
 * - each route's operation, by registration call and by everything else
 *   it is built from (direction, tags, operationId: one call may be built
 *   several ways in a run), with the binding it was built from: a route whose
 *   binding was taken as it was gets the very same object; so does its
 *   metadata for the runtime (metadata.ts);
 * - an operation with callbacks, a copy of the route's operation: the very
 *   same copy when made of the same operation and callback operations;
 * - the canonical text (write.ts) and the component references
 *   (reachable.ts) of each operation and component schema, by object, and
 *   the text of each entry of `paths`, `webhooks` and `components.schemas`.
 *
 * The second rests on one rule: an object that lives from one run to the
 * next (a kept schema, a kept binding's parameters, an operation above) only
 * ever changes where it refers to a component, and those references are
 * renamed to the same names as long as every component keeps its name. So the
 * pieces are forgotten as soon as one does not (`forgetPieces`).
 */
export class DocumentMemo {
  /** By registration call, then by everything but the binding it is built from, as text (operation.ts). */
  readonly #operations = new WeakMap<ts.CallExpression, Map<string, BuiltFrom>>();
  /** By the operation they copy (a route mounted twice may get two sets of callbacks). */
  readonly #withCallbacks = new WeakMap<OpenAPIV3_1.OperationObject, WithCallbacks[]>();
  /** By the binding's list of parameters: the same list (a binding taken as it was) with the same responses gives the same metadata. */
  readonly #metadata = new WeakMap<object, { responses: unknown; status: number; isOutbound: boolean; metadata: RouteMetadata }>();
  #pieces = new WeakMap<object, Piece>();

  /** The operation built last time for `call` from the same things, if it was. */
  operation(call: ts.CallExpression, parameters: unknown, requestBody: unknown, responses: unknown, rest: string): OpenAPIV3_1.OperationObject | undefined {
    const built = this.#operations.get(call)?.get(rest);
    return built && built.parameters === parameters && built.requestBody === requestBody && built.responses === responses ? built.operation : undefined;
  }

  /** Notes how `operation` was built for `call`; it must not change afterwards (callbacks go on a copy: `operationWithCallbacks`). */
  noteOperation(call: ts.CallExpression, operation: OpenAPIV3_1.OperationObject, parameters: unknown, requestBody: unknown, responses: unknown, rest: string): void {
    let ways = this.#operations.get(call);
    if (!ways) this.#operations.set(call, (ways = new Map()));
    ways.delete(rest);
    ways.set(rest, { operation, parameters, requestBody, responses });
    if (ways.size > WAYS_KEPT) ways.delete(ways.keys().next().value!);
  }

  /** The copy of `operation` with callbacks made before from the same `parts` (the operation, then each callback's name, key, method and operation), if one was. */
  operationWithCallbacks(operation: OpenAPIV3_1.OperationObject, parts: readonly unknown[]): OpenAPIV3_1.OperationObject | undefined {
    return this.#withCallbacks.get(operation)?.find((made) => sameParts(made.parts, parts))?.operation;
  }

  noteOperationWithCallbacks(operation: OpenAPIV3_1.OperationObject, parts: readonly unknown[], copy: OpenAPIV3_1.OperationObject): void {
    let made = this.#withCallbacks.get(operation);
    if (!made) this.#withCallbacks.set(operation, (made = []));
    keptLast(made, { parts, operation: copy });
  }

  /** The runtime's metadata of a route bound as `route`: the last run's, when made from the same objects. */
  metadata(route: Pick<BoundRoute, "bindings" | "responses" | "status">, isOutbound: boolean, compile: (route: Pick<BoundRoute, "bindings" | "responses" | "status">, isOutbound: boolean) => RouteMetadata): RouteMetadata {
    const made = this.#metadata.get(route.bindings);
    if (made && made.responses === route.responses && made.status === route.status && made.isOutbound === isOutbound) return made.metadata;
    const metadata = compile(route, isOutbound);
    this.#metadata.set(route.bindings, { responses: route.responses, status: route.status, isOutbound, metadata });
    return metadata;
  }

  /** A component was renamed: every text and list of references may name it the old way. */
  forgetPieces(): void {
    this.#pieces = new WeakMap();
  }

  /** The components `value` refers to directly, if known from before. */
  refs(value: object): readonly string[] | undefined {
    return this.#pieces.get(value)?.refs;
  }

  noteRefs(value: object, refs: readonly string[]): void {
    const piece = this.#pieces.get(value);
    if (piece) piece.refs = refs;
    else this.#pieces.set(value, { refs });
  }

  /** The canonical text of `value` at `PIECE_DEPTH`, if known from before. */
  text(value: object): string | undefined {
    return this.#pieces.get(value)?.text;
  }

  noteText(value: object, text: string): void {
    const piece = this.#pieces.get(value);
    if (piece) piece.text = text;
    else this.#pieces.set(value, { text });
  }

  /**
   * The text of an entry keyed `key` whose value is made of `parts` (a path
   * item's operations, or one schema), if the last run wrote the same: kept
   * by its first part, so that it goes when that part does. A path item's
   * methods need no check: an operation is one registration call's, so its
   * method is always the same.
   */
  entryText(key: string, parts: readonly object[]): string | undefined {
    const entry = this.#pieces.get(parts[0]!)?.entry;
    return entry && entry.key === key && sameParts(entry.parts, parts) ? entry.text : undefined;
  }

  noteEntryText(key: string, parts: readonly object[], text: string): void {
    const entry = { key, parts, text };
    const piece = this.#pieces.get(parts[0]!);
    if (piece) piece.entry = entry;
    else this.#pieces.set(parts[0]!, { entry });
  }
}

/** The same objects, in the same order. */
function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
