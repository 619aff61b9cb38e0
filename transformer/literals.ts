import ts from "typescript";

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/**
 * The compile-time value of an expression: a literal as written, anything
 * else read from its type, so that a `const PATH = "/items"` works as well
 * as the literal itself. `undefined` when the value is not known at compile time.
 */
export function literalValue(checker: ts.TypeChecker, expression: ts.Expression): Literal | undefined {
  const node = skipParentheses(expression);
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((element) => (ts.isSpreadElement(element) ? undefined : literalValue(checker, element)));
    return items.every((item) => item !== undefined) ? (items as Literal[]) : undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const result: { [key: string]: Literal } = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) || !propertyName(property.name)) return undefined;
      const value = literalValue(checker, property.initializer);
      if (value === undefined) return undefined;
      result[propertyName(property.name)!] = value;
    }
    return result;
  }
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  // Written literals are read as written: the checker would say the same, but a route's path
  // and options are mostly these, and asking it for each costs a large app some 10 ms.
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return node.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = literalValue(checker, span.expression);
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      text += String(value) + span.literal.text;
    }
    return text;
  }
  return literalOfType(checker.getTypeAtLocation(node));
}

export function literalOfType(type: ts.Type): Literal | undefined {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as { intrinsicName?: string }).intrinsicName === "true";
  return undefined;
}

export function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  return undefined;
}

export function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}
