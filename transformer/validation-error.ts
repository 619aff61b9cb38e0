import type { OpenAPIV3_1 } from "openapi-types";
import type { JsonSchema } from "./schema";

/**
 * The runtime answers invalid input with 422 and FastAPI's error shape
 * (runtime/validation.ts); the document says so as FastAPI does: a 422
 * response on every operation that takes input (not on callbacks: the
 * receiver validates those), and the two components, word for word FastAPI's.
 */
export const VALIDATION_COMPONENTS: ReadonlyMap<string, JsonSchema> = new Map<string, JsonSchema>([
  [
    "HTTPValidationError",
    {
      title: "HTTPValidationError",
      type: "object",
      properties: { detail: { title: "Detail", type: "array", items: { $ref: "#/components/schemas/ValidationError" } } },
    },
  ],
  [
    "ValidationError",
    {
      title: "ValidationError",
      type: "object",
      properties: {
        loc: { title: "Location", type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
        msg: { title: "Message", type: "string" },
        type: { title: "Error Type", type: "string" },
        input: { title: "Input" },
        ctx: { title: "Context", type: "object" },
      },
      required: ["loc", "msg", "type"],
    },
  ],
]);

/**
 * The 422 response of every route we serve that takes input (bind.ts adds it
 * to the route's responses, once per binding): one object, which nothing
 * changes (its `$ref` is final already).
 */
export const VALIDATION_ERROR_RESPONSE: OpenAPIV3_1.ResponseObject = {
  description: "Validation Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
};
