/**
 * Branded formats. `Schema<S>` attaches JSON Schema keywords to a primitive
 * type; the transformer reads `S` (a literal object type) and writes it into
 * the document. Only the type exists: at run time these are plain strings
 * and numbers, so a value needs a cast (`"a@b.io" as Email`) or a check.
 */

declare const schemaKeywords: unique symbol;

/** Attaches JSON Schema keywords to a primitive: `string & Schema<{ pattern: "^[A-Z]{3}$" }>`. */
export interface Schema<S extends Record<string, string | number | boolean>> {
  readonly [schemaKeywords]: S;
}

/** A string (or number) with a JSON Schema `format`: `type Ipv4 = string & Format<"ipv4">`. */
export type Format<F extends string> = Schema<{ format: F }>;

/** An absolute URL, as pydantic's HttpUrl: `{type: string, format: uri, minLength: 1, maxLength: 2083}`. */
export type HttpUrl = string & Schema<{ format: "uri"; minLength: 1; maxLength: 2083 }>;

/** Any absolute URI (pydantic's AnyUrl): `{type: string, format: uri, minLength: 1}`. */
export type Url = string & Schema<{ format: "uri"; minLength: 1 }>;

/** An e-mail address: `{type: string, format: email}`. */
export type Email = string & Format<"email">;

/** A UUID (`6f1c…-…`): `{type: string, format: uuid}`. */
export type UUID = string & Format<"uuid">;

/** A calendar date, `2024-05-31`: `{type: string, format: date}`. (A `Date` is a date-time.) */
export type DateString = string & Format<"date">;

/** A 32-bit integer: `{type: integer, format: int32}`. */
export type Int32 = number & Schema<{ type: "integer"; format: "int32" }>;

/** A 64-bit integer: `{type: integer, format: int64}`. JSON numbers beyond 2^53 lose precision in JavaScript. */
export type Int64 = number & Schema<{ type: "integer"; format: "int64" }>;
