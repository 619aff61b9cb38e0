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
  /** Everything else the operation is made of, as text. */
  rest: string;
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
 * - each route's operation, by registration call, with what it was built
 *   from: a route whose binding was taken as it was and whose options and
 *   tags are the same gets the very same object; so does its metadata for
 *   the runtime (metadata.ts);
 * - the canonical text (write.ts) and the component references
 *   (reachable.ts) of each operation and component schema, by object.
 *
 * The second rests on one rule: an object that lives from one run to the
 * next (a kept schema, a kept binding's parameters, an operation above) only
 * ever changes where it refers to a component, and those references are
 * renamed to the same names as long as every component keeps its name. So the
 * pieces are forgotten as soon as one does not (`forgetPieces`).
 */
export class DocumentMemo {
  readonly #operations = new WeakMap<ts.CallExpression, BuiltFrom>();
  /** An operation with its callbacks, by registration call, with the objects it was made of (operation.ts). */
  readonly #withCallbacks = new WeakMap<ts.CallExpression, { parts: readonly unknown[]; operation: OpenAPIV3_1.OperationObject }>();
  /** By the binding's list of parameters: the same list (a binding taken as it was) with the same responses gives the same metadata. */
  readonly #metadata = new WeakMap<object, { responses: unknown; status: number; isOutbound: boolean; metadata: RouteMetadata }>();
  #pieces = new WeakMap<object, Piece>();

  /** The operation built last time for `call` from the same things, if it was. */
  operation(call: ts.CallExpression, parameters: unknown, requestBody: unknown, responses: unknown, rest: string): OpenAPIV3_1.OperationObject | undefined {
    const built = this.#operations.get(call);
    return built && built.parameters === parameters && built.requestBody === requestBody && built.responses === responses && built.rest === rest ? built.operation : undefined;
  }

  /** Notes how `operation` was built for `call`; it must not change afterwards (callbacks go on a copy: `operationWithCallbacks`). */
  noteOperation(call: ts.CallExpression, operation: OpenAPIV3_1.OperationObject, parameters: unknown, requestBody: unknown, responses: unknown, rest: string): void {
    this.#operations.set(call, { operation, parameters, requestBody, responses, rest });
  }

  /** The operation with callbacks made last time for `call` from the same `parts` (the operation, then each callback's name, key, method and operation), if it was. */
  operationWithCallbacks(call: ts.CallExpression, parts: readonly unknown[]): OpenAPIV3_1.OperationObject | undefined {
    const made = this.#withCallbacks.get(call);
    if (!made || made.parts.length !== parts.length) return undefined;
    for (let i = 0; i < parts.length; i++) if (made.parts[i] !== parts[i]) return undefined;
    return made.operation;
  }

  noteOperationWithCallbacks(call: ts.CallExpression, parts: readonly unknown[], operation: OpenAPIV3_1.OperationObject): void {
    this.#withCallbacks.set(call, { parts, operation });
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
   * by its first part, so that it goes when that part does.
   */
  entryText(key: string, parts: readonly object[]): string | undefined {
    const entry = this.#pieces.get(parts[0]!)?.entry;
    if (!entry || entry.key !== key || entry.parts.length !== parts.length) return undefined;
    for (let i = 0; i < parts.length; i++) if (entry.parts[i] !== parts[i]) return undefined;
    return entry.text;
  }

  noteEntryText(key: string, parts: readonly object[], text: string): void {
    const entry = { key, parts, text };
    const piece = this.#pieces.get(parts[0]!);
    if (piece) piece.entry = entry;
    else this.#pieces.set(parts[0]!, { entry });
  }
}
