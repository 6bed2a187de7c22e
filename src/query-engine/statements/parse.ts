/**
 * Recognises one Athena statement and parses it. Athena runs DDL, SHOW, DESCRIBE and MSCK
 * through Hive's parser and queries, CTAS and EXPLAIN through Trino's; which one applies is
 * decided from the leading words, and the statement is then tokenized in that dialect (the two
 * quote differently, see lexer.ts) and its errors are worded as that parser words them.
 */
import { Cursor } from './cursor.js';
import { MultipleStatementsError, notSupported } from './errors.js';
import { blankComments, leadingTokens, tokenize, type Dialect, type Token } from './lexer.js';
import { parseCreateTable } from './parse-create-table.js';
import { parseCtas } from './parse-ctas.js';
import { parseAlterTable, parseCreateDatabase, parseDrop, parseMsck } from './parse-ddl.js';
import { parseDescribe, parseShow } from './parse-show.js';
import type { Statement } from './types.js';

const QUERY_STARTS = ['SELECT', 'WITH', 'VALUES', 'TABLE'];

/** What Trino expects first, in its words (Athena shows this list for an unknown statement). */
const STATEMENT_STARTS = ['ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC',
  'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK',
  'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', '<query>'];

/** Statements Athena has and sagelite does not run: their leading words, as the failure names them. */
const UNSUPPORTED: Array<[string[], string]> = [
  [['INSERT'], 'INSERT INTO'], [['UPDATE'], 'UPDATE'], [['DELETE'], 'DELETE'], [['MERGE'], 'MERGE INTO'],
  [['UNLOAD'], 'UNLOAD'], [['PREPARE'], 'PREPARE'], [['EXECUTE'], 'EXECUTE'], [['DEALLOCATE'], 'DEALLOCATE'],
  [['CREATE', 'VIEW'], 'CREATE VIEW'], [['CREATE', 'OR', 'REPLACE'], 'CREATE OR REPLACE VIEW'],
  [['CREATE', 'TEMPORARY'], 'CREATE TEMPORARY TABLE'], [['CREATE', 'FUNCTION'], 'CREATE FUNCTION'],
  [['CREATE', 'MATERIALIZED'], 'CREATE MATERIALIZED VIEW'], [['ALTER', 'DATABASE'], 'ALTER DATABASE'],
  [['ALTER', 'SCHEMA'], 'ALTER SCHEMA'], [['ALTER', 'VIEW'], 'ALTER VIEW'], [['ANALYZE'], 'ANALYZE'], [['CALL'], 'CALL'],
  [['VACUUM'], 'VACUUM'], [['OPTIMIZE'], 'OPTIMIZE'], [['GRANT'], 'GRANT'], [['REVOKE'], 'REVOKE'], [['DENY'], 'DENY'],
  [['SET'], 'SET'], [['RESET'], 'RESET'], [['USE'], 'USE'], [['START'], 'START TRANSACTION'], [['COMMIT'], 'COMMIT'],
  [['ROLLBACK'], 'ROLLBACK'], [['TRUNCATE'], 'TRUNCATE'], [['COMMENT'], 'COMMENT ON'], [['REFRESH'], 'REFRESH'],
  [['LOAD'], 'LOAD DATA'], [['EXPORT'], 'EXPORT'], [['IMPORT'], 'IMPORT'],
];

const upper = (t: Token | undefined) => (t?.kind === 'word' ? t.value.toUpperCase() : t?.value ?? '');

function isQueryStart(t: Token | undefined): boolean {
  return t !== undefined && ((t.kind === 'punct' && t.value === '(') || (t.kind === 'word' && QUERY_STARTS.includes(t.value.toUpperCase())));
}

/**
 * CREATE TABLE is Trino's CTAS when the name is followed by WITH, AS or a list of bare column
 * aliases; otherwise (a column list with types, or Hive clauses) it is Hive's CREATE TABLE.
 */
function createTableIsCtas(lead: Token[]): boolean {
  let i = 2;
  if (['IF', 'NOT', 'EXISTS'].every((w, k) => upper(lead[i + k]) === w)) i += 3;
  i++;
  while (lead[i]?.value === '.' && lead[i]?.kind === 'punct') i += 2;
  const next = lead[i];
  if (next?.kind === 'punct' && next.value === '(') {
    const after = lead[i + 2];
    return lead[i + 1]?.kind !== 'punct' && after?.kind === 'punct' && (after.value === ',' || after.value === ')');
  }
  return ['WITH', 'AS', 'COMMENT'].includes(upper(next));
}

function dialectOf(lead: Token[]): Dialect {
  const [first, second] = [upper(lead[0]), upper(lead[1])];
  if (['SHOW', 'DESCRIBE', 'DESC', 'MSCK', 'ALTER', 'DROP'].includes(first)) return 'hive';
  if (first === 'CREATE') {
    if (['EXTERNAL', 'DATABASE', 'SCHEMA'].includes(second)) return 'hive';
    if (second === 'TABLE') return createTableIsCtas(lead) ? 'trino' : 'hive';
  }
  return 'trino';
}

/** The text from `token` on, everything before it blanked, so positions do not move. */
function textFrom(sql: string, token: Token): string {
  return sql.slice(0, token.offset).replace(/[^\n]/g, ' ') + sql.slice(token.offset);
}

function parseExplain(c: Cursor, sql: string): Statement {
  const statement: Statement = { kind: 'explain', sql: '' };
  if (c.acceptWords('ANALYZE')) {
    statement.analyze = true;
    c.acceptWords('VERBOSE');
  }
  if (c.isPunct('(') && !isQueryStart(c.peek(1))) {
    c.next();
    const options: { format?: string; type?: string } = {};
    do {
      if (c.acceptWords('FORMAT')) options.format = c.expectIdentifier('explain option').toUpperCase();
      else if (c.acceptWords('TYPE')) options.type = c.expectIdentifier('explain option').toUpperCase();
      else c.fail('explain option', ['FORMAT', 'TYPE']);
    } while (c.acceptPunct(','));
    c.expectPunct(')', 'explain options');
    statement.options = options;
  }
  const start = c.peek();
  if (!isQueryStart(start)) {
    if (start.kind === 'word') throw notSupported(`EXPLAIN of ${start.value.toUpperCase()}`);
    return c.fail('explain statement', ['(', 'SELECT', 'TABLE', 'VALUES', 'WITH']);
  }
  statement.sql = textFrom(sql, start);
  return statement;
}

function dispatch(c: Cursor, sql: string): Statement {
  const first = c.peek();
  if (first.kind === 'eof') return c.fail('statement', STATEMENT_STARTS);
  if (isQueryStart(first)) return { kind: 'query', sql };
  for (const [words, name] of UNSUPPORTED) if (c.isWords(...words)) throw notSupported(name);
  const word = upper(first);
  c.next();
  switch (word) {
    case 'EXPLAIN':
      return parseExplain(c, sql);
    case 'SHOW':
      return parseShow(c);
    case 'DESCRIBE':
    case 'DESC':
      return parseDescribe(c);
    case 'MSCK':
      return parseMsck(c);
    case 'DROP':
      return parseDrop(c);
    case 'ALTER':
      return parseAlterTable(c);
    case 'CREATE':
      if (c.isWords('DATABASE') || c.isWords('SCHEMA')) return parseCreateDatabase(c);
      return c.dialect === 'trino' ? parseCtas(c, sql) : parseCreateTable(c, sql);
  }
  c.seek(0);
  return c.fail('statement', STATEMENT_STARTS);
}

/**
 * Parses one Athena statement: comments are skipped, one trailing `;` is allowed.
 * @throws MultipleStatementsError when the text holds more than one statement
 * @throws QueryFailure (ErrorCategory.User) for a syntax error, worded as Athena words it, or a
 *   statement sagelite does not run (NOT_SUPPORTED)
 * @example
 * parseStatement("MSCK REPAIR TABLE sales;") // { kind: 'msck-repair', table: { table: 'sales' } }
 * parseStatement('SELECT 1') // { kind: 'query', sql: 'SELECT 1' }
 */
export function parseStatement(sql: string): Statement {
  const dialect = dialectOf(leadingTokens(sql, 12));
  const { tokens, comments } = tokenize(sql, dialect);
  const semicolon = tokens.findIndex((t) => t.kind === 'punct' && t.value === ';');
  let statementTokens = tokens;
  let end = sql.length;
  if (semicolon >= 0) {
    if (tokens[semicolon + 1]!.kind !== 'eof') throw new MultipleStatementsError(sql);
    const eof = tokens[semicolon + 1]!;
    statementTokens = [...tokens.slice(0, semicolon), { ...eof, offset: tokens[semicolon]!.offset }];
    end = tokens[semicolon]!.offset;
  }
  const text = blankComments(sql, comments).slice(0, end).trimEnd();
  const cursor = new Cursor(statementTokens, dialect);
  // A query's own syntax is the dialect translator's to check.
  return dispatch(cursor, text);
}

/**
 * Throws {@link MultipleStatementsError} when `sql` holds more than one statement (a `;` with
 * anything but comments after it), and nothing else: Athena refuses such text at
 * StartQueryExecution, before a query exists, while every other error is the query's own
 * (FAILED). Text that does not even tokenize is left to the query to fail.
 * @example
 * assertSingleStatement('SELECT 1;'); // fine
 * assertSingleStatement('DROP TABLE t; SELECT 1'); // throws MultipleStatementsError
 */
export function assertSingleStatement(sql: string): void {
  let tokens: Token[];
  try {
    tokens = tokenize(sql, dialectOf(leadingTokens(sql, 12))).tokens;
  } catch {
    return;
  }
  const semicolon = tokens.findIndex((t) => t.kind === 'punct' && t.value === ';');
  if (semicolon >= 0 && tokens[semicolon + 1]!.kind !== 'eof') throw new MultipleStatementsError(sql);
}
