import type { OpenAPIV3_1 } from "openapi-types";
import type { JsonSchema } from "./schema";
import { responsesObject } from "./responses-object";

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

/** Adds the 422 response to an operation with parameters or a body, unless it documents 422, 4XX or default itself. */
export function documentValidationError(operation: OpenAPIV3_1.OperationObject): void {
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  const responses = operation.responses ?? {};
  if (!takesInput || "422" in responses || "4XX" in responses || "default" in responses) return;
  // A new object: `responses` is the route's binding, shared by every document that mounts it and by its metadata.
  operation.responses = responsesObject(responses);
  operation.responses["422"] = { description: "Validation Error", content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } } };
}
