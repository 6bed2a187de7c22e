/**
 * DuckDB errors → Athena's FAILED reason: Trino's `ERROR_NAME: line L:C: message` text, with
 * Athena's ErrorCategory and ErrorType. Positions are mapped back from the translated SQL to the
 * Trino text the user wrote, and sagelite's macro names never show (`trino_from_unixtime` reads
 * `from_unixtime`). Where Trino's wording is unknown, DuckDB's explanation is kept.
 */
import { trinoFunctionName } from './dialect/functions.js';
import { trinoPosition } from './dialect/translate.js';
import { ErrorCategory, QueryFailure, type TableRef } from './types.js';

/**
 * Athena ErrorTypes used by sagelite (Athena's error catalog: 1000-range values are USER errors).
 * Analysis errors (syntax, unknown table/column/function, types) are 1006; errors raised by data
 * while running (casts, division, bad function arguments) are 1001; unsupported features 1000.
 */
export const ErrorTypes = {
  analysis: 1006,
  data: 1001,
  user: 1000,
  internal: 200,
} as const;

/** A DuckDB error, parsed from its JSON form (`SET errors_as_json`) or its text form. */
export interface DuckError {
  exceptionType: string;
  message: string;
  subtype?: string;
  position?: number;
  fields: Record<string, string>;
}

/** Reads a DuckDB error thrown by @duckdb/node-api. */
export function parseDuckError(error: unknown): DuckError {
  const raw = error instanceof Error ? error.message : String(error);
  const json = raw.indexOf('{"exception_type"');
  if (json >= 0) {
    try {
      const fields = JSON.parse(raw.slice(json)) as Record<string, string>;
      const position = fields.position !== undefined ? Number(fields.position) : undefined;
      return {
        exceptionType: fields.exception_type ?? 'Unknown',
        message: fields.exception_message ?? raw,
        subtype: fields.error_subtype,
        position: position !== undefined && Number.isFinite(position) ? position : undefined,
        fields,
      };
    } catch {
      // fall through to the text form
    }
  }
  const m = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(raw);
  const message = (m?.[2] ?? raw).replace(/\n\nLINE \d+:[\s\S]*$/, '');
  return { exceptionType: m?.[1] ?? 'Unknown', message, fields: {} };
}

/** DuckDB's wording with sagelite's macro names and DuckDB-only hints taken out. */
export function sanitizeMessage(message: string): string {
  return message
    .replace(/\bDid you mean "[^"]*"\?/g, '')
    .replace(/\n?\s*Candidate (functions|macros|bindings):[\s\S]*$/, '')
    .replace(/"?\d+_macro_parameters[A-Za-z0-9_]*"?\./g, '')
    .replace(/\btrino_([a-z0-9_]+)/g, (whole) => trinoFunctionName(whole))
    .replace(/\s+$/g, '')
    .replace(/\n+/g, ' ');
}

/** `line L:C: ` for an offset into `sql` (1-based line and column, as Trino counts). */
export function linePrefix(sql: string, offset: number | undefined): string {
  if (offset === undefined || offset < 0 || offset > sql.length) return '';
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}:${column}: `;
}

/**
 * Trino's 1-based line and column of an offset (as {@link linePrefix} prints them).
 *
 * @example
 * linePrefixParts({ sql: 'SELECT *\nFROM t', position: 14 }); // { line: 2, column: 6 }
 */
export function linePrefixParts({ sql, position }: { sql: string; position: number }): { line: number; column: number } | undefined {
  if (position < 0 || position > sql.length) return undefined;
  const before = sql.slice(0, position);
  return { line: before.split('\n').length, column: position - (before.lastIndexOf('\n') + 1) + 1 };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Trino's TYPE_MISMATCH for a WHERE/HAVING condition that is not a boolean (DuckDB casts it and
 * fails on the first value instead): when `error` is DuckDB's failed cast to BOOL and a condition
 * of the parsed query is a bare column or a string constant. Undefined otherwise.
 *
 * @example
 * nonBooleanCondition(err, parsed.statements, duckSql)?.message; // "TYPE_MISMATCH: line 1:29: WHERE clause must evaluate to a boolean: actual type varchar"
 */
export function nonBooleanCondition(error: unknown, statements: Json[], duckSql: string): QueryFailure | undefined {
  const e = parseDuckError(error);
  const cast = /Could not convert string .* to BOOL|Unimplemented type for cast \((\w+) -> BOOLEAN\)/.exec(e.message);
  if (!cast) return undefined;
  let found: { clause: string; location: number } | undefined;
  const visit = (v: Json): void => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(visit);
    for (const [clause, key] of [['WHERE', 'where_clause'], ['HAVING', 'having']] as const) {
      const c = v[key];
      if (c && typeof c === 'object' && !Array.isArray(c) && (c.class === 'COLUMN_REF' || c.class === 'CONSTANT')) {
        found = { clause, location: Number(c.query_location) };
        return;
      }
    }
    Object.values(v).forEach(visit);
  };
  visit(statements);
  if (!found) return undefined;
  const mapped = Number.isSafeInteger(found.location) ? trinoPosition(duckSql, found.location) : undefined;
  const at = mapped ? linePrefix(mapped.sql, mapped.position) : '';
  const actual = cast[1] ? trinoTypeName(cast[1]) : 'varchar';
  return user(ErrorTypes.analysis, `TYPE_MISMATCH: ${at}${found.clause} clause must evaluate to a boolean: actual type ${actual}`);
}

const TRINO_CAST_TYPE: Record<string, string> = {
  INT8: 'TINYINT', INT16: 'SMALLINT', INT32: 'INT', INT64: 'BIGINT', INT128: 'BIGINT',
  FLOAT: 'REAL', DOUBLE: 'DOUBLE', BOOL: 'BOOLEAN', BOOLEAN: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP',
  UINT8: 'TINYINT', UINT16: 'SMALLINT', UINT32: 'INT', UINT64: 'BIGINT',
};

const user = (errorType: number, message: string) => new QueryFailure(ErrorCategory.User, errorType, message);

/** Our own `error('NAME: …')` calls in macros carry their Trino error name already. */
const OWN_ERROR = /^([A-Z_]{4,}): /;

/**
 * Maps an error thrown while running `sql` (the DuckDB SQL from translateQuery, or any SQL) to
 * the QueryFailure Athena would report. QueryFailures pass through unchanged.
 *
 * @example
 * failureFromDuckDb(err, translateQuery('SELECT x FROM t')).message; // "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved or requester is not authorized to access requested resources"
 */
export function failureFromDuckDb(error: unknown, sql: string): QueryFailure {
  if (error instanceof QueryFailure) return error;
  const e = parseDuckError(error);
  const mapped = e.position !== undefined && e.position <= sql.length ? trinoPosition(sql, e.position) : { sql, position: undefined };
  const at = linePrefix(mapped.sql, mapped.position);
  const text = sanitizeMessage(e.message);
  const name = e.fields.name !== undefined ? trinoFunctionName(e.fields.name) : undefined;
  const type = e.exceptionType.toLowerCase();

  const own = OWN_ERROR.exec(e.message);
  if (own) return user(own[1] === 'NOT_SUPPORTED' ? ErrorTypes.user : ErrorTypes.data, e.message);

  if (type === 'parser' || e.subtype === 'SYNTAX_ERROR') return user(ErrorTypes.analysis, `SYNTAX_ERROR: ${at}${trinoSyntaxWording(text)}`);
  if (e.subtype === 'COLUMN_NOT_FOUND' || /^Referenced column .* not found/.test(e.message) || QUALIFIED_COLUMN_NOT_FOUND.test(e.message)) {
    // Trino names the reference as written, qualified and lower-cased: read it where DuckDB points.
    const written = mapped.position !== undefined ? referenceAt(mapped.sql, mapped.position) : undefined;
    const column = (written ?? name ?? /column (?:named )?"([^"]+)"/.exec(e.message)?.[1] ?? '?').toLowerCase();
    // Athena adds the second half (with Lake Formation a column may exist and be hidden from the caller).
    return user(ErrorTypes.analysis, `COLUMN_NOT_FOUND: ${at}Column '${column}' cannot be resolved${NOT_AUTHORIZED}`);
  }
  if (type === 'catalog' && (e.fields.type === 'Table' || /^Table with name/.test(e.message))) {
    const table = name ?? /Table with name (\S+)/.exec(e.message)?.[1] ?? '?';
    return user(ErrorTypes.analysis, `TABLE_NOT_FOUND: ${at}Table '${table}' does not exist`);
  }
  if (type === 'catalog' && (e.fields.type === 'Schema' || /^Schema with name/.test(e.message))) {
    const schema = name ?? /Schema with name (\S+)/.exec(e.message)?.[1] ?? '?';
    return user(ErrorTypes.analysis, `SCHEMA_NOT_FOUND: ${at}Schema '${schema}' does not exist`);
  }
  if (type === 'catalog' && /Function/.test(e.fields.type ?? e.message)) {
    const fn = name ?? /Function with name (\S+)/.exec(e.message)?.[1] ?? '?';
    return user(ErrorTypes.analysis, `FUNCTION_NOT_FOUND: ${at}Function '${fn}' not registered`);
  }
  if (/Could not choose a best candidate function for the function call "([^a-z_"(][^"(]*)\(/.test(e.message)) {
    const operator = /function call "([^"(]+)\(([^)]*)\)"/.exec(e.message);
    const types = (operator?.[2] ?? '').split(', ').map(trinoTypeName);
    return user(ErrorTypes.analysis, `TYPE_MISMATCH: ${at}Cannot apply operator: ${types.join(` ${operator?.[1] ?? '?'} `)}`);
  }
  if (e.subtype === 'NO_MATCHING_FUNCTION' || /No function matches|Could not choose a best candidate|does not support the supplied arguments/.test(e.message)) {
    const called = calledFunctionAt(mapped.sql, mapped.position) ?? name ?? 'function';
    return user(ErrorTypes.analysis, `FUNCTION_NOT_FOUND: ${at}Unexpected parameters for function ${called}: ${text}`);
  }
  if (/must appear in the GROUP BY clause/.test(e.message)) {
    const column = /column "([^"]+)"/.exec(e.message)?.[1] ?? '?';
    return user(ErrorTypes.analysis, `EXPRESSION_NOT_AGGREGATE: ${at}'${column}' must be an aggregate expression or appear in GROUP BY clause`);
  }
  if (/Ambiguous reference to column name "([^"]+)"/.test(e.message)) {
    const column = /Ambiguous reference to column name "([^"]+)"/.exec(e.message)![1];
    return user(ErrorTypes.analysis, `AMBIGUOUS_NAME: ${at}Column '${column}' is ambiguous`);
  }
  if (type === 'conversion') {
    const cast = /Could not convert string '([\s\S]*)' to ([A-Z0-9]+)/.exec(e.message);
    if (cast) return user(ErrorTypes.data, `INVALID_CAST_ARGUMENT: Cannot cast '${cast[1]}' to ${TRINO_CAST_TYPE[cast[2]!] ?? cast[2]}`);
    const field = /(date|timestamp) field value out of range: "([^"]*)"|invalid (date|timestamp) field format: "([^"]*)"/i.exec(e.message);
    if (field) return user(ErrorTypes.data, `INVALID_CAST_ARGUMENT: Value cannot be cast to ${(field[1] ?? field[3])!.toLowerCase()}: ${field[2] ?? field[4]}`);
    if (/Could not parse string/.test(e.message)) return user(ErrorTypes.data, `INVALID_FUNCTION_ARGUMENT: ${text}`);
    return user(ErrorTypes.data, `INVALID_CAST_ARGUMENT: ${text}`);
  }
  if (/More than one row returned by a subquery/.test(e.message)) return user(ErrorTypes.data, 'SUBQUERY_MULTIPLE_ROWS: Scalar sub-query has returned multiple rows');
  if (/division by zero/i.test(e.message)) return user(ErrorTypes.data, 'DIVISION_BY_ZERO: Division by zero');
  if (type === 'out of range' || /overflow/i.test(e.message)) return user(ErrorTypes.data, `NUMERIC_VALUE_OUT_OF_RANGE: ${text}`);
  if (type === 'not implemented') return user(ErrorTypes.user, `NOT_SUPPORTED: ${at}${text}`);
  if (type === 'invalid input') return user(ErrorTypes.data, `INVALID_FUNCTION_ARGUMENT: ${text}`);
  if (type === 'binder' || type === 'catalog') return user(ErrorTypes.analysis, `SYNTAX_ERROR: ${at}${text}`);
  if (type === 'interrupt') return user(ErrorTypes.user, 'USER_CANCELLED: Query was canceled');
  if (type === 'out of memory') return new QueryFailure(ErrorCategory.System, 0, `EXCEEDED_LOCAL_MEMORY_LIMIT: ${text}`, true);
  if (type === 'internal' || type === 'fatal' || type === 'io' || type === 'unknown') {
    return new QueryFailure(ErrorCategory.System, ErrorTypes.internal, `GENERIC_INTERNAL_ERROR: ${text}`, true);
  }
  return user(ErrorTypes.user, `GENERIC_USER_ERROR: ${at}${text}`);
}

/** DuckDB's (PostgreSQL's) parser wording as Trino's parser words the same failure. */
function trinoSyntaxWording(text: string): string {
  const near = /^syntax error at or near "([\s\S]*)"$/.exec(text);
  if (near) return `mismatched input '${near[1]}'`;
  if (/^syntax error at end of input$/.test(text)) return "mismatched input '<EOF>'";
  return text;
}

/** The name of the function called at `offset` in `sql` (a word followed by `(`), if any. */
function calledFunctionAt(sql: string, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(sql.slice(offset));
  return m ? m[1]!.toLowerCase() : undefined;
}

/** A DuckDB type name in an error message as Trino would write it. */
function trinoTypeName(duck: string): string {
  const t = duck.trim().toUpperCase();
  if (t === 'STRING_LITERAL' || t === 'VARCHAR') return 'varchar';
  if (t === 'INTEGER_LITERAL' || t === 'INTEGER') return 'integer';
  return t.toLowerCase().replace(/^hugeint$/, 'bigint').replace(/^float$/, 'real').replace(/^blob$/, 'varbinary');
}

/**
 * TABLE_NOT_FOUND for a table the catalog does not have.
 *
 * @example
 * throw tableNotFound({ database: 'db', table: 't' }, 1, 15); // TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist
 */
export function tableNotFound(ref: TableRef, line?: number, column?: number): QueryFailure {
  return user(ErrorTypes.analysis, `TABLE_NOT_FOUND: ${at(line, column)}Table '${ref.catalog ?? 'awsdatacatalog'}.${ref.database}.${ref.table}' does not exist`);
}

/** CATALOG_NOT_FOUND for a catalog a query names that the caller has not registered (Trino: "Catalog 'x' does not exist"). */
export function catalogNotFound(catalog: string, line?: number, column?: number): QueryFailure {
  return user(ErrorTypes.analysis, `CATALOG_NOT_FOUND: ${at(line, column)}Catalog '${catalog}' does not exist`);
}

/** SCHEMA_NOT_FOUND for a database the catalog does not have. */
export function schemaNotFound(database: string, line?: number, column?: number): QueryFailure {
  return user(ErrorTypes.analysis, `SCHEMA_NOT_FOUND: ${at(line, column)}Schema '${database}' does not exist`);
}

/** NOT_SUPPORTED for a statement or feature sagelite does not implement. */
export function notSupported(what: string, line?: number, column?: number): QueryFailure {
  return user(ErrorTypes.user, `NOT_SUPPORTED: ${at(line, column)}${what}`);
}

/** SYNTAX_ERROR with Trino's position prefix. */
export function syntaxError(message: string, line?: number, column?: number): QueryFailure {
  return user(ErrorTypes.analysis, `SYNTAX_ERROR: ${at(line, column)}${message}`);
}

/** DuckDB's words for a qualified reference whose table or column is not there (`o.nope`, `people.id` with people aliased). */
const QUALIFIED_COLUMN_NOT_FOUND = /^(?:Values list "[^"]*" does not have a column named "[^"]*"|Referenced table "[^"]*" not found!)/;

/** The (qualified) name starting at `position`: `o.nope`, `"P"."Id"` → `P.Id` (quotes dropped). */
function referenceAt(sql: string, position: number): string | undefined {
  const m = /^(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*))*/.exec(sql.slice(position));
  return m ? m[0].split(/\s*\.\s*/).map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part)).join('.') : undefined;
}

const NOT_AUTHORIZED = ' or requester is not authorized to access requested resources';

const at = (line?: number, column?: number) => (line !== undefined && column !== undefined ? `line ${line}:${column}: ` : '');
