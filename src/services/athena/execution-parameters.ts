import { ErrorCategory, QueryFailure } from '../../query-engine/types.js';

/**
 * Puts ExecutionParameters into a query's `?` placeholders, in order, as the SQL text they are
 * (Athena's parameters are literals as written: `'abc'`, `42`, `DATE '2024-01-01'`). A `?`
 * inside a string literal, a quoted identifier or a comment is not a placeholder.
 *
 * @throws QueryFailure when the counts differ, in Trino's words
 * @example
 * bindParameters("SELECT * FROM t WHERE id = ? AND d = ?", ['1', "'x'"]) // "SELECT * FROM t WHERE id = 1 AND d = 'x'"
 */
export function bindParameters(sql: string, parameters: readonly string[] | undefined): string {
  const params = parameters ?? [];
  let out = '';
  let used = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const skipTo = (end: number) => {
      out += sql.slice(i, end);
      i = end;
    };
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      skipTo(Math.min(j + 1, sql.length));
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      skipTo(nl < 0 ? sql.length : nl);
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      skipTo(end < 0 ? sql.length : end + 2);
    } else if (c === '?') {
      if (used < params.length) out += params[used];
      used++;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  if (used !== params.length) {
    throw new QueryFailure(ErrorCategory.User, 1006, `INVALID_PARAMETER_USAGE: line 1:1: Incorrect number of parameters: expected ${used} but found ${params.length}`);
  }
  return out;
}

/** What Athena's StatementType will be, guessed from the first keyword before the engine says (a running query shows it). */
export function guessStatementType(sql: string): { statementType: 'DML' | 'DDL' | 'UTILITY'; format: 'csv' | 'txt' } {
  const text = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '').toLowerCase();
  const word = /^[a-z]+/.exec(text)?.[0] ?? '';
  if (['select', 'with', 'values', 'insert', 'table', 'unload', 'update', 'delete', 'merge', 'explain', '('].includes(word) || text.startsWith('(')) return { statementType: 'DML', format: 'csv' };
  if (['show', 'describe', 'desc'].includes(word)) return { statementType: 'UTILITY', format: 'txt' };
  const ctas = word === 'create' && /^create\s+table\b[\s\S]*?\bas\s*(\(|select\b|with\b)/.test(text);
  return { statementType: 'DDL', format: ctas ? 'csv' : 'txt' };
}
