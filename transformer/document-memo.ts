/** Something made of `parts` (objects compared by identity, strings and numbers by value). */
interface Made {
  parts: readonly unknown[];
  value: unknown;
}

/** What an object of the document gave last time: its canonical text at the depth it sits at, the components it refers to, and the entries it leads. */
interface Piece {
  text?: string;
  refs?: readonly string[];
  /** The text of each entry it leads, by key: `"/items/{id}": { "get": …, "put": … }` for an operation, `"Item": {…}` for a schema (write.ts). */
  entries?: Map<string, Made>;
}

/** How deep operations (`paths` → path → method) and component schemas (`components` → `schemas` → name) sit in a document. */
export const PIECE_DEPTH = 3;

/**
 * What one run's documents leave for the next run of the same project (under
 * `tspc --watch`, with schema/reuse.ts), so that a rebuild does not make again
 * what a one-line change leaves as it was. Each run has its own, made from
 * the last run's (`new DocumentMemo(last)`).
 *
 * - What a run made of a registration call's binding (`made`): its
 *   operation, by call and by the binding's objects and the rest it is built
 *   from (one call may be built several ways in a run: served, and as a
 *   callback of each parent that qualifies its operationId); an operation
 *   with callbacks, a copy, by the operation and its callbacks' operations;
 *   the runtime's metadata, by the binding. A route whose binding was taken
 *   as it was (bind.ts) gets the very same objects. Only what this run made
 *   or took is left for the next: nothing piles up.
 * - The canonical text (write.ts) and the component references
 *   (reachable.ts) of each operation and component schema, and the text of
 *   each entry of `paths`, `webhooks` and `components.schemas`, by object
 *   (they go with the object).
 *
 * The second rests on one rule: an object that lives from one run to the
 * next (a kept schema, a kept binding's parameters, an operation above) only
 * ever changes where it refers to a component, and those references are
 * renamed to the same names as long as every component keeps its name. So the
 * pieces are forgotten as soon as one does not (`forgetPieces`).
 */
export class DocumentMemo {
  /** What this run made, by owner; and what the last run made (read, never written). */
  readonly #made = new WeakMap<object, Made[]>();
  readonly #lastMade: WeakMap<object, Made[]> | undefined;
  #pieces: WeakMap<object, Piece>;

  constructor(last?: DocumentMemo) {
    // The last run's own store only, not what it read from: one generation back, never a chain.
    this.#lastMade = last && last.#made;
    this.#pieces = last ? last.#pieces : new WeakMap();
  }

  /**
   * What `make` makes for `owner` from `parts`: made by this run or the last
   * from the same parts, else made now. The caller must not change it.
   */
  made<T>(owner: object, parts: readonly unknown[], make: () => T): T {
    const mine = this.#made.get(owner);
    const found = find(mine, parts);
    if (found) return found.value as T;
    const before = find(this.#lastMade?.get(owner), parts);
    const made = before ?? { parts, value: make() };
    if (mine) mine.push(made);
    else this.#made.set(owner, [made]);
    return made.value as T;
  }

  /** A component was renamed: every text and list of references may name it the old way. */
  forgetPieces(): void {
    this.#pieces = new WeakMap();
  }

  /** The components `value` refers to directly: known from before, else found by `find`. */
  refs(value: object, find: () => readonly string[]): readonly string[] {
    const piece = this.#piece(value);
    return (piece.refs ??= find());
  }

  /** The canonical text of `value` at `PIECE_DEPTH`: known from before, else written by `write` (undefined: left out, not kept). */
  text(value: object, write: () => string | undefined): string | undefined {
    const piece = this.#piece(value);
    return (piece.text ??= write());
  }

  /**
   * The text of the entry keyed `key` whose value is made of `parts` (a path
   * item's operations, or one schema): the last one written from the same parts, else
   * written by `write` (undefined: left out, not kept). Kept by its first
   * part, so that it goes when that part does. A path item's methods need no
   * check: an operation is one registration call's, so its method is always
   * the same.
   */
  entryText(key: string, parts: readonly object[], write: () => string | undefined): string | undefined {
    const piece = this.#piece(parts[0]!);
    const kept = piece.entries?.get(key);
    if (kept && sameParts(kept.parts, parts)) return kept.value as string;
    const text = write();
    if (text !== undefined) (piece.entries ??= new Map()).set(key, { parts, value: text });
    return text;
  }

  #piece(value: object): Piece {
    let piece = this.#pieces.get(value);
    if (!piece) this.#pieces.set(value, (piece = {}));
    return piece;
  }
}

/** The one of `list` made of the same parts. */
function find(list: readonly Made[] | undefined, parts: readonly unknown[]): Made | undefined {
  if (list) for (const made of list) if (sameParts(made.parts, parts)) return made;
  return undefined;
}

/** The same parts, in the same order. */
function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
