import ts from "typescript";
import { libraryName } from "./schema/types";

/**
 * What a handler's return type resolves to: `checker.getAwaitedType`, with a
 * shortcut for the common `Model` and `Promise<Model>`. For a plain object
 * type without `then`, outside any generic scope, the checker's answer is
 * that object type itself; but on its way there an internal assertion asks
 * whether the object is assignable to each primitive, which was a fifth of
 * the garbage the plugin made on a large app. Anything else asks the checker.
 */
export function awaitedReturnType(returned: ts.Type, handler: ts.Node, checker: ts.TypeChecker): ts.Type {
  const resolved = promisedType(returned, checker) ?? returned;
  if (resolved.flags & ts.TypeFlags.Object && !checker.getPropertyOfType(resolved, "then") && !inGenericScope(handler)) return resolved;
  return checker.getAwaitedType(returned) ?? returned;
}

/** `T` of the library's `Promise<T>`. */
function promisedType(type: ts.Type, checker: ts.TypeChecker): ts.Type | undefined {
  if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
  if (libraryName(type) !== "Promise") return undefined;
  const [inner, ...more] = checker.getTypeArguments(type as ts.TypeReference);
  return inner && more.length === 0 ? inner : undefined;
}

/** Inside a class (whose `this` is a type parameter) or anything with type parameters: the checker decides. */
function inGenericScope(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isClassLike(current)) return true;
    const parameters = (current as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (parameters && parameters.length > 0) return true;
  }
  return false;
}
