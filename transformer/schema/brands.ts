import ts from "typescript";
import { literalOfType } from "../literals";
import type { JsonSchema } from "./normalize";
import type { SchemaContext } from "./shapes";
import { PRIMITIVE } from "./types";

/**
 * A branded primitive: `string & Schema<{ format: "uri" }>` (the runtime's
 * `HttpUrl`, `Email`, `Int32`, a user's `Format<"ipv4">`) is the primitive
 * plus the keywords of every `Schema<…>` in it. Any other object in the
 * intersection (`string & { readonly __brand: "UserId" }`) exists only at
 * compile time: it adds nothing to the JSON.
 */
export function brandedSchema(type: ts.Type, context: SchemaContext): JsonSchema | undefined {
  if (!type.isIntersection()) return undefined;
  // `Body<T>` and friends (`T & From<"body">`) say where a parameter comes from, not what it is.
  const kept = type.types.filter((member) => context.runtime.typeNameOf(member.getSymbol()) !== "From");
  if (kept.length === 1) return context.schemaOf(kept[0]!);
  const primitives = type.types.filter((member) => member.flags & PRIMITIVE);
  if (primitives.length !== 1) return undefined;
  const keywords: JsonSchema = {};
  for (const member of type.types) {
    if (member === primitives[0]) continue;
    if (!(member.flags & ts.TypeFlags.Object)) return undefined;
    if (context.runtime.typeNameOf(member.getSymbol()) !== "Schema") continue;
    const [argument] = context.checker.getTypeArguments(member as ts.TypeReference);
    for (const property of argument ? context.checker.getPropertiesOfType(argument) : []) {
      const value = literalOfType(context.checker.getTypeOfSymbol(property));
      if (value !== undefined) keywords[property.name] = value;
    }
  }
  return { ...context.schemaOf(primitives[0]!), ...keywords };
}
