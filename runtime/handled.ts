/**
 * Which route's parameters a RequestContext was bound with. The context a
 * handler receives says nothing of the route that handled it, yet `send()`
 * needs that route's parameters to resolve FastAPI's `{$name}` in a callback
 * key as the document does. Kept beside the context, not on it, so the
 * handler's view of the request stays what RequestContext says it is.
 */
import type { CompiledParameter } from "./compiled";
import type { RequestContext } from "./parameters";

// Weak: a context, and this entry with it, lives only as long as the handler keeps it.
const handledBy = new WeakMap<RequestContext, readonly CompiledParameter[]>();

/** Called by the dispatcher for each context it builds; returns the context. */
export function rememberParameters(context: RequestContext, parameters: readonly CompiledParameter[]): RequestContext {
  handledBy.set(context, parameters);
  return context;
}

/** The parameters of the route that handled the request; undefined for a context not built by an App (by hand, or a copy). */
export function parametersOf(context: RequestContext): readonly CompiledParameter[] | undefined {
  return handledBy.get(context);
}
