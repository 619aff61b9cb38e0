/** A value of a document with the place it was found, so every change can name its JSON path. */
export interface Located {
  value: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  path: readonly (string | number)[];
}

export type OpenApiDocument = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const root = (document: OpenApiDocument): Located => ({ value: document, path: [] });

export function child(node: Located, ...keys: (string | number)[]): Located {
  let value = node.value;
  for (const key of keys) value = value === undefined || value === null ? undefined : value[key];
  return { value, path: [...node.path, ...keys] };
}

export function isObject(value: unknown): value is Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The keys of an object node in their document order (none for anything else). */
export function keysOf(node: Located): string[] {
  return isObject(node.value) ? Object.keys(node.value) : [];
}

/**
 * Follows local `$ref`s (`#/components/schemas/Invoice`) to what they point
 * at; the result's path is the target's. `names` collects the component
 * names passed through, which is how renames are recognised.
 */
export function resolve(document: OpenApiDocument, node: Located, names: string[] = []): Located {
  let current = node;
  for (let hops = 0; isObject(current.value) && typeof current.value.$ref === "string" && hops < 32; hops++) {
    const ref: string = current.value.$ref;
    if (!ref.startsWith("#/")) break;
    const path = ref
      .slice(2)
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~"));
    names.push(path.join("/"));
    current = child(root(document), ...path);
  }
  return current;
}

/** `$.paths['/invoices/'].post.requestBody`: dots for plain names, brackets for the rest. */
export function jsonPath(path: readonly (string | number)[]): string {
  return (
    "$" +
    path
      .map((segment) =>
        typeof segment === "number"
          ? `[${segment}]`
          : /^[A-Za-z_$][\w$]*$/.test(segment)
            ? `.${segment}`
            : `['${segment.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`,
      )
      .join("")
  );
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
}

/** A JSON value as it is quoted in messages. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
