import { COMPONENTS, type JsonSchema } from "./schema";

/**
 * Which components a value (a document, a route's parameters) refers to, and
 * those they refer to, transitively. Each component's own `$ref`s are found
 * once per graph: the routes of a large app share their components, and
 * walking the shared schemas again for every route was a hot spot.
 */
export class ComponentGraph {
  readonly #refs = new Map<string, string[]>();

  constructor(private readonly all: ReadonlyMap<string, JsonSchema>) {}

  /** The components `value` reaches, by key (in no particular order: callers sort). */
  reachable(value: unknown): Map<string, JsonSchema> {
    const reached = new Map<string, JsonSchema>();
    const pending = refsIn(value);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (reached.has(name)) continue;
      const schema = this.all.get(name);
      if (!schema) continue;
      reached.set(name, schema);
      let refs = this.#refs.get(name);
      if (!refs) this.#refs.set(name, (refs = refsIn(schema)));
      for (const ref of refs) if (!reached.has(ref)) pending.push(ref);
    }
    return reached;
  }
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
