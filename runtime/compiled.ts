/**
 * What the transformer compiles into the emitted JS for the runtime: the
 * contract between the two halves of Callspec. `app.post(path, options, handler)`
 * is emitted as `app.post(path, options, handler, <CompiledRoute>)`, and
 * `new App(options)` as `new App(options, <CompiledApp>)`, so the server binds
 * and validates with no schema library and no file to find.
 */

/** Bumped when the format changes: a runtime refuses metadata it does not understand. */
export const COMPILED_VERSION = 1;

export type JsonSchema = { [keyword: string]: unknown };

/** Where a handler parameter's value comes from. `context` is the RequestContext, injected. */
export type ParameterSource = "path" | "query" | "header" | "cookie" | "body" | "context";

export interface CompiledParameter {
  /** The name in the request: the path `{name}`, the query key, the header (lowercase), the cookie, or the key of an embedded body. */
  name: string;
  in: ParameterSource;
  required: boolean;
  /** The JSON Schema of the value (`$ref`s point into the route's `components`); none for `context`. */
  schema?: JsonSchema;
}

export interface CompiledRoute {
  callspec: typeof COMPILED_VERSION;
  /** One per handler parameter, in the handler's order. */
  parameters: CompiledParameter[];
  /** The documented status of a plain return value (200, 204 for void, or the `statusCode` option). */
  status: number;
  /** The named schemas the parameters (and `response`) refer to, transitively (`#/components/schemas/<name>`). */
  components: Record<string, JsonSchema>;
  /**
   * Outbound routes (callbacks, webhooks) only: the schema of the receiver's
   * success response, which `route.send()` validates; absent when it has no body.
   */
  response?: JsonSchema;
}

export interface CompiledApp {
  callspec: typeof COMPILED_VERSION;
  /** The text of the OpenAPI document, exactly as written to openapi.json; null when the build reported Callspec errors. */
  openapi: string | null;
  /** Its text's SHA-256 (`sha256-` and base64; without a document, of no text), by which a later build tells whether the App's file holds the document it wrote. */
  digest?: string;
}
