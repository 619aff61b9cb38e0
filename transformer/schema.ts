/**
 * TypeScript types to JSON Schema: the registry (schema/registry.ts) and the
 * shapes it is made of live in schema/; this module is what the rest of the
 * transformer imports.
 */
export { SchemaRegistry } from "./schema/registry";
export { COMPONENTS, normalize, type JsonSchema } from "./schema/normalize";
