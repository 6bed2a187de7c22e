/**
 * Trino's grammar as a check: Athena's SYNTAX_ERROR for what Trino would not parse. Runs in the
 * account's engine process (worker/engine-main.ts): a statement whose parse is costly (deep
 * nesting makes ANTLR's prediction look far ahead) costs its own account's process, not the server.
 */
import type { SingleStatementContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser.js';
import { syntaxError } from '../errors.js';
import { parseTrinoStatement, TrinoSyntaxError } from './grammar.js';
import { analyzeQuery, type AnalysisCatalog } from './analysis/analyze.js';

/**
 * The last statement parsed and what its parse gave: a query is checked at StartQueryExecution,
 * again as it starts to run, and analysed right after — the same text, parsed once.
 */
let last: { sql: string; tree?: SingleStatementContext; error?: unknown } | undefined;

function parsed(sql: string): SingleStatementContext {
  if (last?.sql !== sql) {
    try {
      last = { sql, tree: parseTrinoStatement(sql) };
    } catch (error) {
      last = { sql, error };
    }
  }
  const { tree, error } = last;
  if (error instanceof TrinoSyntaxError) throw syntaxError(error.message, error.line, error.column);
  if (!tree) throw error;
  return tree;
}

/**
 * @throws QueryFailure `SYNTAX_ERROR: line L:C: …` (USER) where Trino's parser stops
 * @example
 * assertTrinoSyntax('SELECT cid, FROM t'); // SYNTAX_ERROR: line 1:13: mismatched input 'FROM'. Expecting: '*', <expression>
 */
export function assertTrinoSyntax(sql: string): void {
  parsed(sql);
}

/**
 * Trino's type rules over a query that parsed (analysis/analyze.ts), with the Glue tables it names.
 * @throws QueryFailure TYPE_MISMATCH or FUNCTION_NOT_FOUND where Trino's analysis refuses it
 */
export function assertTrinoTypes(sql: string, catalog: AnalysisCatalog): void {
  analyzeQuery(parsed(sql), catalog);
}
