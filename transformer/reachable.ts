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

  /** The components a document reaches: `reachable`, with the memo's references of its operations. */
  reachableFromDocument(document: object): Map<string, JsonSchema> {
    return this.#closure(this.memo ? memoizedRefsIn(document, this.memo) : refsIn(document));
  }

  #closure(pending: string[]): Map<string, JsonSchema> {
    const reached = new Map<string, JsonSchema>();
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (reached.has(name)) continue;
      const schema = this.all.get(name);
      if (!schema) continue;
      reached.set(name, schema);
      let refs = this.#refs.get(name);
      if (!refs) this.#refs.set(name, (refs = this.#schemaRefs(schema)));
      for (const ref of refs) if (!reached.has(ref)) pending.push(ref);
    }
    return reached;
  }

  #schemaRefs(schema: JsonSchema): readonly string[] {
    if (!this.memo) return refsIn(schema);
    let refs = this.memo.refs(schema);
    if (!refs) this.memo.noteRefs(schema, (refs = refsIn(schema)));
    return refs;
  }
}

/** `refsIn(document)`, taking the references of each operation (`PIECE_DEPTH` down) from the memo, and noting those it had not. */
function memoizedRefsIn(document: object, memo: DocumentMemo): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (typeof value !== "object" || value === null || Array.isArray(value) || depth === PIECE_DEPTH) {
      if (depth !== PIECE_DEPTH || typeof value !== "object" || value === null) return void refsIn(value, found);
      let refs = memo.refs(value);
      if (!refs) memo.noteRefs(value, (refs = refsIn(value)));
      for (const ref of refs) found.push(ref);
      return;
    }
    for (const key in value) {
      const inner = (value as Record<string, unknown>)[key];
      if (key === "$ref" && typeof inner === "string" && inner.startsWith(COMPONENTS)) found.push(inner.slice(COMPONENTS.length));
      else walk(inner, depth + 1);
    }
  };
  walk(document, 0);
  return found;
}

/** The component keys `value` refers to directly, without following them. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value !== "object" || value === null) return found;
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found);
    return found;
  }
  for (const key in value) {
    const inner = (value as Record<string, unknown>)[key];
    if (key === "$ref" && typeof inner === "string" && inner.startsWith(COMPONENTS)) found.push(inner.slice(COMPONENTS.length));
    else refsIn(inner, found);
  }
  return found;
}
