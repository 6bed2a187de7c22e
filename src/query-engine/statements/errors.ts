/**
 * The failures statement parsing reports, worded as Athena words them:
 * - Hive DDL: `FAILED: ParseException line 1:7 cannot recognize input near 'x' 'y' 'z' in …`
 *   (1-based line, 0-based column);
 * - Trino statements: `line 1:8: mismatched input 'x'. Expecting: 'A', 'B'` (1-based column).
 *
 * ErrorTypes are from Athena's error catalog: 1006 "Syntax error", 1202 "Query type not
 * supported", 1103 "Invalid table property provided", 1000 "User error" (Hive's semantic checks).
 */
import { ErrorCategory, QueryFailure } from '../types.js';

export const SYNTAX_ERROR = 1006;
export const NOT_SUPPORTED = 1202;
export const INVALID_TABLE_PROPERTY = 1103;
export const USER_ERROR = 1000;

/**
 * A syntax error at a position, in the dialect's form. `column` is 0-based, as tokens carry it.
 * @example
 * syntaxError('trino', 1, 7, "mismatched input 'EXTERNAL'. Expecting: 'TABLE'").message
 * // "line 1:8: mismatched input 'EXTERNAL'. Expecting: 'TABLE'"
 */
export function syntaxError(dialect: 'hive' | 'trino', line: number, column: number, text: string): QueryFailure {
  const message = dialect === 'hive' ? `FAILED: ParseException line ${line}:${column} ${text}` : `line ${line}:${column + 1}: ${text}`;
  return new QueryFailure(ErrorCategory.User, SYNTAX_ERROR, message);
}

/** Hive's semantic checks after parsing: `FAILED: SemanticException …`. */
export function semanticError(text: string): QueryFailure {
  return new QueryFailure(ErrorCategory.User, USER_ERROR, `FAILED: SemanticException ${text}`);
}

/**
 * A statement Athena has but sagelite does not run.
 * @example
 * notSupported('INSERT INTO').message // 'NOT_SUPPORTED: INSERT INTO is not supported by sagelite'
 */
export function notSupported(what: string): QueryFailure {
  return new QueryFailure(ErrorCategory.User, NOT_SUPPORTED, `NOT_SUPPORTED: ${what} is not supported by sagelite`);
}

/**
 * More than one statement in the text. Athena refuses this at StartQueryExecution with
 * InvalidRequestException (HTTP 400) and this message, before any query exists; the Athena
 * service should answer that way when it sees this class (it is a QueryFailure for callers that
 * only parse).
 */
export class MultipleStatementsError extends QueryFailure {
  constructor(sql: string) {
    super(ErrorCategory.User, SYNTAX_ERROR, `Only one sql statement is allowed. Got: ${sql}`);
  }
}

/**
 * SHOW PARTITIONS of a table without partition keys, in the words of Hive's DDL task (Hive's
 * ErrorMsg TABLE_NOT_PARTITIONED, error 10241, "Table {0} is not a partitioned table"), which
 * Athena runs SHOW PARTITIONS with. Athena's exact text is not documented.
 * @example
 * notPartitioned('sales.orders').message
 * // 'FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Table sales.orders is not a partitioned table'
 */
export function notPartitioned(qualifiedName: string): QueryFailure {
  return new QueryFailure(
    ErrorCategory.User,
    USER_ERROR,
    `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Table ${qualifiedName} is not a partitioned table`,
  );
}
