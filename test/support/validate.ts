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
 * A JSON Schema 2020-12 validator for the schema at `pointer` in `document`
 * (`#/components/schemas/Item`, `#/paths/~1items/get/parameters/0/schema`), so
 * that tests can check real values against what the spec promises; its refs
 * resolve inside the document.
 */
export function schemaValidator(document: { components?: { schemas?: Record<string, unknown> } }, pointer: string) {
  const schema = resolvePointer(document, pointer);
  if (typeof schema !== "object" || schema === null) throw new Error(`${pointer} is not a schema of the document`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ ...schema, components: document.components });
}

function resolvePointer(document: unknown, pointer: string): unknown {
  const parts = pointer.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], document);
}
