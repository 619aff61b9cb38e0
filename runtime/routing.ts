/**
 * Path matching: static segments and `{param}` segments, by method. A tree of
 * segments; a static segment wins over a parameter whatever the order of
 * registration (`/users/me` before `/users/{id}`), and matching backtracks, so
 * `/users/{id}/posts` is still found when `/users/me` exists.
 */

export type Found<T> =
  | { kind: "found"; value: T; params: Record<string, string> }
  /** The path exists, not for this method: answer 405 with `Allow`. */
  | { kind: "method"; allowed: string[] }
  | { kind: "none" };

interface Node<T> {
  static: Map<string, Node<T>>;
  param?: { name: string; node: Node<T> };
  methods: Map<string, T>;
}

const node = <T>(): Node<T> => ({ static: new Map(), methods: new Map() });

/**
 * A route that cannot be added. The transformer adds an App's routes the
 * same way at compile time, so that these are build errors at the path
 * (TS91020), not start-up errors; a duplicate it reports in its own words.
 */
export class RouteConflict extends Error {
  constructor(
    method: string,
    path: string,
    readonly kind: "duplicate" | "parameter-name" | "partial-segment",
    readonly reason: string,
  ) {
    super(`${method} ${path}${kind === "duplicate" ? " " : ": "}${reason}`);
  }
}

export class Routes<T> {
  readonly #root: Node<T> = node();

  /** `method` in upper case; `path` like "/items/{item_id}". Throws on a second route for one method and path. */
  add(method: string, path: string, value: T): void {
    let current = this.#root;
    for (const segment of segmentsOf(path)) {
      const param = /^\{([A-Za-z_$][\w$]*)\}$/.exec(segment);
      if (param) {
        const name = param[1]!;
        if (current.param && current.param.name !== name) {
          throw new RouteConflict(method, path, "parameter-name", `{${name}} is at the place of {${current.param.name}} in another route; give both the same name.`);
        }
        current.param ??= { name, node: node() };
        current = current.param.node;
      } else {
        if (segment.includes("{") || segment.includes("}")) {
          throw new RouteConflict(method, path, "partial-segment", `a path parameter must be a whole segment, like "/items/{item_id}", not "${segment}".`);
        }
        let next = current.static.get(segment);
        if (!next) current.static.set(segment, (next = node()));
        current = next;
      }
    }
    if (current.methods.has(method)) throw new RouteConflict(method, path, "duplicate", "is registered twice: remove one of them.");
    current.methods.set(method, value);
  }

  /**
   * The route for `method` at `path` (as received: percent-encoded). Parameter
   * values are decoded; a value that is not valid percent-encoding throws URIError.
   */
  find(method: string, path: string): Found<T> {
    const segments = segmentsOf(path);
    const taken: [name: string, value: string][] = [];
    const allowed = new Set<string>();
    let value: T | undefined;
    const walk = (current: Node<T>, index: number): boolean => {
      if (index === segments.length) {
        value = current.methods.get(method) ?? (method === "HEAD" ? current.methods.get("GET") : undefined);
        if (value !== undefined) return true;
        for (const m of current.methods.keys()) allowed.add(m);
        return false;
      }
      const segment = segments[index]!;
      const next = current.static.get(segment);
      if (next && walk(next, index + 1)) return true;
      if (current.param && segment !== "") {
        taken.push([current.param.name, segment]);
        if (walk(current.param.node, index + 1)) return true;
        taken.pop();
      }
      return false;
    };
    if (walk(this.#root, 0)) {
      const params: Record<string, string> = Object.create(null);
      for (const [name, raw] of taken) params[name] = raw.includes("%") ? decodeURIComponent(raw) : raw;
      return { kind: "found", value: value!, params };
    }
    if (allowed.size === 0) return { kind: "none" };
    if (allowed.has("GET")) allowed.add("HEAD");
    return { kind: "method", allowed: [...allowed].sort() };
  }
}

/** "/items/{id}/" -> ["items", "{id}", ""]: a trailing slash is a segment of its own, so "/items" and "/items/" differ. */
function segmentsOf(path: string): string[] {
  return path.split("/").slice(1);
}
