import { PIECE_DEPTH, type DocumentMemo } from "./document-memo";
import { COMPONENTS, type JsonSchema } from "./schema";

/**
 * Which components a value (a document, a route's parameters) refers to, and
 * those they refer to, transitively. Each component's own `$ref`s are found
 * once per graph: the routes of a large app share their components, and
 * walking the shared schemas again for every route was a hot spot.
 */
export class ComponentGraph {
  readonly #refs = new Map<string, readonly string[]>();

  /**
   * `memo`, under watch: the references of operations and schemas that the
   * last run found, and that this run finds again (document-memo.ts).
   */
  constructor(
    private readonly all: ReadonlyMap<string, JsonSchema>,
    private readonly memo?: DocumentMemo,
  ) {}

  /** The components `value` reaches, by key (in no particular order: callers sort). */
  reachable(value: unknown): Map<string, JsonSchema> {
    return this.#closure(refsIn(value));
  }

  /** The components a document reaches: `reachable`, with the memo's references of its operations (`PIECE_DEPTH` down). */
  reachableFromDocument(document: object): Map<string, JsonSchema> {
    return this.#closure(refsIn(document, [], this.memo, 0));
  }

  #closure(pending: string[]): Map<string, JsonSchema> {
    const reached = new Map<string, JsonSchema>();
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (reached.has(name)) continue;
      const schema = this.all.get(name);
      if (!schema) continue;
      reached.set(name, schema);
      let refs = this.#refs.get(name);
      if (!refs) this.#refs.set(name, (refs = this.memo ? memoizedRefs(schema, this.memo) : refsIn(schema)));
      for (const ref of refs) if (!reached.has(ref)) pending.push(ref);
    }
    return reached;
  }
}

/** The references of `value` the memo kept, else found and kept for the next run. */
function memoizedRefs(value: object, memo: DocumentMemo): readonly string[] {
  return memo.refs(value, () => refsIn(value));
}

/**
 * The component keys `value` refers to directly, without following them.
 * With a `memo` and the `depth` of `value` in a document, what sits at
 * `PIECE_DEPTH` (operations) is taken from the memo.
 */
function refsIn(value: unknown, found: string[] = [], memo?: DocumentMemo, depth = -1): string[] {
  if (typeof value !== "object" || value === null) return found;
  if (memo && depth === PIECE_DEPTH) {
    for (const ref of memoizedRefs(value, memo)) found.push(ref);
    return found;
  }
  const below = depth < 0 ? depth : depth + 1;
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found, memo, below);
    return found;
  }
  for (const key in value) {
    const inner = (value as Record<string, unknown>)[key];
    if (key === "$ref" && typeof inner === "string" && inner.startsWith(COMPONENTS)) found.push(inner.slice(COMPONENTS.length));
    else refsIn(inner, found, memo, below);
  }
  return found;
}
