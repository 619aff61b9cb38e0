/**
 * Explicit parameter locations (binding rule 4), overriding the defaults:
 * `x_request_id: Header<string>`. Only types: at run time the value is the
 * plain `T`. The transformer reads the location from the brand.
 */

declare const parameterLocation: unique symbol;

export type ParameterLocation = "query" | "header" | "cookie" | "path" | "body";

/** The brand the transformer looks for; `T & In<"header">` is a header parameter of type `T`. */
export interface In<L extends ParameterLocation> {
  readonly [parameterLocation]?: L;
}

/** A query parameter, even if `T` is an object. */
export type Query<T> = T & In<"query">;
/** An HTTP header; the parameter's name with `_` as `-` (`x_request_id` is `x-request-id`), as FastAPI does. */
export type Header<T> = T & In<"header">;
/** A cookie of the parameter's name. */
export type Cookie<T> = T & In<"cookie">;
/** A path parameter (the default for a name in the path). */
export type Path<T> = T & In<"path">;
/** The JSON body (or one embedded part of it), even if `T` is a scalar. */
export type Body<T> = T & In<"body">;
