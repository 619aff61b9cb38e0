import { type Change, Changes } from "./change";
import { child, jsonPath, keysOf, type OpenApiDocument, root, sameJson } from "./location";
import { compareOperationLists, operationsOf, type OperationAt } from "./operation";
import { record } from "./walk";

export { type Change } from "./change";
export { type OpenApiDocument } from "./location";

/**
 * Every change from `base` to `head`, each classified as breaking or not for
 * the API's clients. Operations under `paths` are called by clients; those
 * under `webhooks` and under an operation's `callbacks` are called by our API
 * (the rules swap, see change.ts). Components are compared where they are
 * used, through `$ref`, so a change is reported with the operations it affects.
 */
export function diffSpecs(base: OpenApiDocument, head: OpenApiDocument): Change[] {
  const context = { base, head, changes: new Changes() };

  // A path is the same path whatever its parameters are called: /items/{id} is /items/{item_id}.
  const pathOperations = (document: OpenApiDocument) => operationsOf(document, child(root(document), "paths"), (path, method) => `${method.toUpperCase()} ${path}`);
  const samePathAndMethod = (o: OperationAt) => `${o.key.replace(/\{[^}]*\}/g, "{}")} ${o.method}`;
  compareOperationLists(context, pathOperations(base), pathOperations(head), [samePathAndMethod], "inbound", (w, b, h) => {
    if (samePathAndMethod(b) !== samePathAndMethod(h)) record(w, "changed", "", `moved from ${b.label}`, h.operation);
  });

  const webhooks = (document: OpenApiDocument) => operationsOf(document, child(root(document), "webhooks"), (name, method) => `webhook ${name} (${method.toUpperCase()})`);
  compareOperationLists(context, webhooks(base), webhooks(head), [(o) => `${o.key} ${o.method}`, (o) => o.key], "outbound", (w, b, h) => {
    if (b.key !== h.key) record(w, "changed", "", `webhook renamed from "${b.key}"`, h.pathItem);
    if (b.method !== h.method) record(w, "changed", "", `method changed from ${b.method.toUpperCase()} to ${h.method.toUpperCase()}`, h.operation);
  });

  compareDocumentLevel(context.changes, base, head);
  return context.changes.list();
}

/** Outside the operations: `servers` and `security` change what every client does; `info` and `tags` only document. */
function compareDocumentLevel(changes: Changes, base: OpenApiDocument, head: OpenApiDocument): void {
  const breaking = new Set(["servers", "security", "jsonSchemaDialect"]);
  const followed = new Set(["paths", "webhooks", "components"]);
  const b = root(base);
  const h = root(head);
  for (const key of new Set([...keysOf(b), ...keysOf(h)])) {
    if (followed.has(key) || sameJson(base[key], head[key])) continue;
    if (key === "info") {
      for (const field of new Set([...keysOf(child(b, "info")), ...keysOf(child(h, "info"))])) {
        if (!sameJson(base.info?.[field], head.info?.[field])) changes.add(false, "document", `info.${field} changed`, jsonPath(["info", field]));
      }
    } else changes.add(breaking.has(key), "document", `${key} changed`, jsonPath([key]));
  }
  const schemes = (document: OpenApiDocument) => document.components?.securitySchemes;
  if (!sameJson(schemes(base), schemes(head))) changes.add(true, "document", "security schemes changed", jsonPath(["components", "securitySchemes"]));
}
