/**
 * Trino's grammar as a check: Athena's SYNTAX_ERROR for what Trino would not parse. Runs in the
 * account's engine process (worker/engine-main.ts): a statement whose parse is costly (deep
 * nesting makes ANTLR's prediction look far ahead) costs its own account's process, not the server.
 */
import { syntaxError } from '../errors.js';
import { parseTrinoStatement, TrinoSyntaxError } from './grammar.js';
import { analyzeQuery, type AnalysisCatalog } from './analysis/analyze.js';

/**
 * @throws QueryFailure `SYNTAX_ERROR: line L:C: …` (USER) where Trino's parser stops
 * @example
 * assertTrinoSyntax('SELECT cid, FROM t'); // SYNTAX_ERROR: line 1:13: mismatched input 'FROM'. Expecting: '*', <expression>
 */
export function assertTrinoSyntax(sql: string): void {
  try {
    parseTrinoStatement(sql);
  } catch (e) {
    if (e instanceof TrinoSyntaxError) throw syntaxError(e.message, e.line, e.column);
    throw e;
  }
}

/**
 * Trino's type rules over a query that parsed (analysis/analyze.ts), with the Glue tables it names.
 * @throws QueryFailure TYPE_MISMATCH or FUNCTION_NOT_FOUND where Trino's analysis refuses it
 */
export function assertTrinoTypes(sql: string, catalog: AnalysisCatalog): void {
  let statement;
  try {
    statement = parseTrinoStatement(sql);
  } catch (e) {
    if (e instanceof TrinoSyntaxError) throw syntaxError(e.message, e.line, e.column);
    throw e;
  }
  analyzeQuery(statement, catalog);
}
