/**
 * Branded string formats. `Schema<S>` attaches JSON Schema keywords to a type;
 * the transformer reads `S` (a literal object type) and writes it into the
 * document. Only the type exists: at run time these are plain strings.
 */

declare const schemaKeywords: unique symbol;

/** Attaches JSON Schema keywords to a primitive: `string & Schema<{ format: "ipv4" }>`. */
export interface Schema<S extends Record<string, string | number | boolean>> {
  readonly [schemaKeywords]: S;
}

/** A string with a JSON Schema `format`: `type Ipv4 = string & Format<"ipv4">`. */
export type Format<F extends string> = Schema<{ format: F }>;

/** An absolute URL, as pydantic's HttpUrl: `{type: string, format: uri, minLength: 1, maxLength: 2083}`. */
export type HttpUrl = string & Schema<{ format: "uri"; minLength: 1; maxLength: 2083 }>;
