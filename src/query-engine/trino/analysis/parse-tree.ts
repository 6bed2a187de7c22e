/**
 * Reading Trino's parse tree (the generated grammar's contexts) by the names of its rules:
 * children, identifiers as Trino reads them, qualified names, and the few shapes the analysis
 * asks about (a column reference, a row, a literal).
 */
import * as antlr from 'antlr4ng';

export type Ctx = antlr.ParserRuleContext;

export const kind = (ctx: antlr.ParseTree) => ctx.constructor.name.replace(/Context$/, '');
export const rules = (ctx: Ctx) => (ctx.children ?? []).filter((c): c is Ctx => c instanceof antlr.ParserRuleContext);
export const firstOf = (ctx: Ctx, k: string) => rules(ctx).find((c) => kind(c) === k);
export const allOf = (ctx: Ctx, k: string) => rules(ctx).filter((c) => kind(c) === k);

/** An identifier as Trino reads it: lower-cased unless double-quoted. */
export function identifierText(ctx: antlr.ParseTree): string {
  const text = ctx.getText();
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

/** A qualified name's parts (`db.t`, `o."Id"` → ['o', 'Id']), each as Trino reads it. */
export function qualifiedParts(ctx: Ctx): string[] {
  const name = ctx.getText().startsWith('"') || kind(ctx) === 'QualifiedName' ? ctx : (firstOf(ctx, 'QualifiedName') ?? ctx);
  const parts = rules(name).filter((c) => kind(c) !== 'QualifiedName');
  return parts.length > 0 ? parts.map(identifierText) : [identifierText(name)];
}

/** A string literal's value (`'it''s'` → `it's`; a prefix such as `U&` is skipped). */
export function literalValue(text: string): string {
  const quote = text.indexOf("'");
  return text.slice(quote + 1, -1).replace(/''/g, "'");
}

/** The name parts of a node that is exactly a (qualified) column name, else undefined. */
export function columnParts(ctx: Ctx): string[] | undefined {
  const name = findFirst(ctx, ['QualifiedName']);
  if (!name || name.getText() !== ctx.getText()) return undefined;
  return qualifiedParts(name);
}

/** A select item that is just a column reference: its name parts (for the output column's name). */
export function columnReference(ctx: Ctx): string[] | undefined {
  let node: Ctx = ctx;
  while (rules(node).length === 1 && !['QualifiedName'].includes(kind(node))) node = rules(node)[0]!;
  return kind(node) === 'QualifiedName' ? qualifiedParts(node) : undefined;
}

export function rowFields(expression: Ctx): Ctx[] | undefined {
  let node: Ctx = expression;
  while (rules(node).length === 1) node = rules(node)[0]!;
  return kind(node) === 'RowConstructor' ? rules(node).filter((c) => kind(c) === 'Expression') : undefined;
}

/** The first descendant (depth first) of one of these rule kinds. */
export function findFirst(ctx: Ctx, kinds: string[]): Ctx | undefined {
  for (const child of rules(ctx)) {
    if (kinds.includes(kind(child))) return child;
    const found = findFirst(child, kinds);
    if (found) return found;
  }
  return undefined;
}
