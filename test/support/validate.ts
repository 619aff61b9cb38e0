import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

/** Errors of `document` against the OpenAPI 3.1 schema (empty when valid). */
export async function openApiErrors(document: unknown): Promise<unknown[]> {
  // The validator is an ES module: load it with import(), which CommonJS keeps as is.
  const { Validator } = await import("@seriousme/openapi-schema-validator");
  const validator = new Validator();
  const result = await validator.validate(document as Parameters<typeof validator.validate>[0]);
  return result.valid ? [] : ([] as unknown[]).concat(result.errors ?? ["invalid"]);
}

/**
 * A JSON Schema validator for one component of `document`, so that tests can
 * check real values against what the spec promises (refs resolve inside the document).
 */
export function componentValidator(document: { components?: { schemas?: Record<string, unknown> } }, name: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $ref: `#/components/schemas/${name}`, components: document.components });
}
