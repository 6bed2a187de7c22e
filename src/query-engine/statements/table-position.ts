/**
 * Where a query names a table, for the `line L:C:` Trino puts before TABLE_NOT_FOUND and
 * SCHEMA_NOT_FOUND (the position of the first part of the qualified name as written).
 */
import { tokenize, type Token } from './lexer.js';

/** A 1-based line and column in the statement's text. */
export interface TextPosition {
  line: number;
  column: number;
}

const isName = (t: Token | undefined) => t !== undefined && (t.kind === 'word' || (t.kind === 'quoted' && t.quote === '"'));
const isDot = (t: Token | undefined) => t?.kind === 'punct' && t.value === '.';
const RELATION_KEYWORDS = new Set(['FROM', 'JOIN', 'TABLE', ',']);

/**
 * The position of the first reference to `table` (of `database`, or unqualified) that follows
 * FROM, JOIN, TABLE or a comma — without `table`, of the first name qualified by `database`;
 * undefined when the text does not tokenize or names it nowhere.
 *
 * @example
 * tablePosition('SELECT * FROM nope', { database: 'corpus', table: 'nope' }); // { line: 1, column: 15 }
 * tablePosition('SELECT 1\nFROM awsdatacatalog.db.t', { database: 'db', table: 't' }); // { line: 2, column: 6 }
 */
export function tablePosition(sql: string, ref: { database: string; table?: string }): TextPosition | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(sql, 'trino').tokens;
  } catch {
    return undefined;
  }
  for (let i = 1; i < tokens.length; i++) {
    const before = tokens[i - 1]!;
    const lead = before.kind === 'punct' ? before.value : before.value.toUpperCase();
    if (!RELATION_KEYWORDS.has(lead) || !isName(tokens[i])) continue;
    const parts: string[] = [tokens[i]!.value.toLowerCase()];
    let j = i;
    while (isDot(tokens[j + 1]) && isName(tokens[j + 2])) {
      parts.push(tokens[j + 2]!.value.toLowerCase());
      j += 2;
    }
    const [table, database] = [parts[parts.length - 1], parts[parts.length - 2]];
    const found = ref.table === undefined ? database === ref.database : table === ref.table && (database === undefined || database === ref.database);
    if (found) {
      return { line: tokens[i]!.line, column: tokens[i]!.column + 1 };
    }
  }
  return undefined;
}
