/**
 * What a change does to the set of values a piece of the API allows, and
 * whether that breaks the API's clients. The effect says nothing about who
 * is hurt; `isBreaking` decides that from who writes the data.
 */
export type Effect =
  /** Something the client relied on is gone (an operation, a parameter, a property). */
  | "removed"
  /** Something new that no client has to use (an operation, an optional parameter or property). */
  | "added"
  /** Fewer values are valid: a new required field, an enum value or a type removed, a tighter bound. */
  | "narrowed"
  /** More values are valid: a field made optional, an enum value or a type added, a looser bound. */
  | "widened"
  /** Neither a subset nor a superset (a new operationId, pattern or runtime expression). */
  | "changed"
  /** The value assumed when the writer leaves a field out. */
  | "default-changed"
  /** Names, descriptions, examples, deprecation: nothing on the wire. */
  | "docs";

/**
 * `inbound`: an operation of our API, which clients call. `outbound`: a
 * callback or webhook, which our API calls and the client's server receives.
 */
export type Direction = "inbound" | "outbound";

/** Who produces a piece of data: the API's client (or its server, for callbacks), or the API. */
export type Writer = "client" | "api";

/** Requests of our operations are written by clients; callbacks and webhooks run the other way. */
export function writerOf(part: "request" | "response", direction: Direction): Writer {
  return (part === "request") === (direction === "inbound") ? "client" : "api";
}

export function flip(direction: Direction): Direction {
  return direction === "inbound" ? "outbound" : "inbound";
}

/**
 * The one rule. Removing what a client uses or changing a contract breaks it,
 * whichever way the data flows. Narrowing breaks the writer (the API now
 * rejects or ignores what it sends); widening breaks the reader (it may now
 * receive what it does not expect). A new default changes what an omitted
 * field means to the writer.
 */
export function isBreaking(effect: Effect, writer: Writer): boolean {
  switch (effect) {
    case "removed":
    case "changed":
      return true;
    case "narrowed":
    case "default-changed":
      return writer === "client";
    case "widened":
      return writer === "api";
    case "added":
    case "docs":
      return false;
  }
}

/** One line of the report: the same change seen from several operations is one change. */
export interface Change {
  breaking: boolean;
  /** The operations it affects, e.g. `POST /invoices/`, in document order. */
  operations: string[];
  /** What changed, e.g. `request body "customer": now required`. */
  message: string;
  /** Where, as a JSONPath into the head document (the base document for what was removed). */
  path: string;
}

/** Collects changes in the order they are found and merges repeats. */
export class Changes {
  readonly #byKey = new Map<string, Change>();

  add(breaking: boolean, operation: string, message: string, path: string): void {
    const key = `${breaking}\u0000${message}\u0000${path}`;
    const existing = this.#byKey.get(key);
    if (!existing) this.#byKey.set(key, { breaking, operations: [operation], message, path });
    else if (!existing.operations.includes(operation)) existing.operations.push(operation);
  }

  /** Breaking changes first; otherwise in the order of the documents. */
  list(): Change[] {
    const all = [...this.#byKey.values()];
    return [...all.filter((c) => c.breaking), ...all.filter((c) => !c.breaking)];
  }
}
