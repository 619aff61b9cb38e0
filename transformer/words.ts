/**
 * A handler's name in words, as FastAPI turns `create_invoice` into
 * "Create Invoice"; camelCase and PascalCase split the same way.
 */
export function nameInWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2") // createInvoice -> create Invoice
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2") // HTTPStatus -> HTTP Status
    .split(/[\s_\-$]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}
