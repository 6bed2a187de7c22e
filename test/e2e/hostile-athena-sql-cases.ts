/**
 * The attack statements of hostile-athena-sql.test.ts: an attacker account's Athena SQL that tries
 * to reach the server's files through DuckDB's file and metadata functions, or to smuggle a second
 * DuckDB statement past the Trino lexer. Statements are templates: the test fills in the paths of
 * the running server ({@link Placeholders}) when it runs them, so the case names stay stable.
 *
 * What each case must end in is its {@link Expectation}; where Athena's exact answer is known it is
 * asserted exactly (Trino's "Function 'x' not registered", Athena's "Only one sql statement is
 * allowed"), elsewhere any Athena-worded failure will do — never SUCCEEDED.
 */

/** Filled in by the test: `{{PASSWD}}` etc. in a case's SQL. */
export interface Placeholders {
  /** /etc/passwd */
  PASSWD: string;
  /** The server's data directory. */
  DATA: string;
  /** The server's SQLite database file (every account's keys). */
  SQLITE: string;
  /** The file on disk that holds the victim's secret object. */
  BLOB: string;
  /** A fresh directory the attacks try to write into; nothing may appear in it. */
  OUT: string;
}

export type Expectation =
  /** FAILED with exactly `FUNCTION_NOT_FOUND: line L:C: Function '<fn>' not registered`, at the name's position. */
  | { kind: 'function'; fn: string }
  /**
   * A DuckDB table function in FROM: Trino has no such relation syntax (its parser stops at the
   * '(' after the name) or no such function, so a parse error or FUNCTION_NOT_FOUND naming it.
   */
  | { kind: 'table-function'; fn: string }
  /**
   * A parse error at line 1, column `column` (Trino's "mismatched input …"; SYNTAX_ERROR prefix
   * optional), by default the column of the first single quote (the string literal in FROM).
   */
  | { kind: 'syntax'; column?: number }
  /** StartQueryExecution answers InvalidRequestException "Only one sql statement is allowed. Got: <sql>". */
  | { kind: 'one-statement' }
  /** Refused at StartQueryExecution (one-statement) or FAILED with an Athena-worded reason. */
  | { kind: 'refused' }
  /**
   * Text that hides a second DuckDB statement from the Trino lexer: refused at StartQueryExecution,
   * or FAILED as a parse/analysis error of the one Trino statement — never an error of running it.
   */
  | { kind: 'smuggled' }
  /**
   * Text both lexers read alike, which Athena answers: refused or rejected as `smuggled` is, or
   * SUCCEEDED with exactly these rows (header first; `{{…}}` filled in as in the SQL).
   */
  | { kind: 'harmless'; rows: string[][] }
  /** May succeed (Athena has the statement), but nothing of another account or of the server shows. */
  | { kind: 'no-leak'; forbidden: string[] };

export interface AttackCase {
  name: string;
  sql: string;
  expect: Expectation;
}

/** DuckDB's functions that read files, each with the first argument it reads. */
const FILE_FUNCTIONS = [
  'read_text', 'read_blob', 'read_csv', 'read_csv_auto', 'read_parquet', 'parquet_scan', 'read_json', 'read_json_auto',
  'read_ndjson', 'read_ndjson_auto', 'read_json_objects', 'read_ndjson_objects', 'glob', 'parquet_metadata', 'parquet_schema',
  'parquet_file_metadata', 'parquet_kv_metadata', 'sniff_csv', 'sqlite_scan', 'read_duckdb',
];

/** Files the attacker aims at: the OS's, the server's keys, the victim's object bytes, a glob over the data. */
const TARGETS = ["'{{PASSWD}}'", "'{{SQLITE}}'", "'{{BLOB}}'", "'{{DATA}}/**'", "'{{DATA}}/operator.json'", "['{{PASSWD}}', '{{BLOB}}']"];

/** Where a call is placed, and what Athena answers for it there. */
const POSITIONS: Array<{ label: string; sql: (call: string) => string; scalar: boolean }> = [
  { label: 'select list', sql: (c) => `SELECT ${c}`, scalar: true },
  { label: 'function argument', sql: (c) => `SELECT length(CAST(${c} AS varchar))`, scalar: true },
  { label: 'FROM', sql: (c) => `SELECT * FROM ${c}`, scalar: false },
  { label: 'scalar subquery', sql: (c) => `SELECT (SELECT count(*) FROM ${c}) AS n`, scalar: false },
  { label: 'CTE', sql: (c) => `WITH leaked AS (SELECT * FROM ${c}) SELECT * FROM leaked`, scalar: false },
  { label: 'lateral join', sql: (c) => `SELECT * FROM (VALUES 1) AS v(x) CROSS JOIN LATERAL (SELECT * FROM ${c})`, scalar: false },
  { label: 'join', sql: (c) => `SELECT * FROM (VALUES 1) AS v(x) JOIN ${c} ON true`, scalar: false },
  { label: 'IN subquery', sql: (c) => `SELECT 1 WHERE 1 IN (SELECT 1 FROM ${c})`, scalar: false },
  { label: 'UNION', sql: (c) => `SELECT NULL UNION ALL SELECT * FROM ${c}`, scalar: false },
];

function fileFunctionCases(): AttackCase[] {
  const cases: AttackCase[] = [];
  let n = 0;
  for (const fn of FILE_FUNCTIONS) {
    for (const pos of POSITIONS) {
      const target = TARGETS[n++ % TARGETS.length]!;
      const call = `${fn}(${target})`;
      cases.push({ name: `${fn} in ${pos.label} on ${target}`, sql: pos.sql(call), expect: pos.scalar ? { kind: 'function', fn } : { kind: 'table-function', fn } });
    }
  }
  return cases;
}

/** DuckDB's metadata, settings, secrets and SQL-running table functions, none of which Trino has. */
const METADATA_TABLE_FUNCTIONS = [
  'duckdb_settings()', 'duckdb_secrets()', 'duckdb_functions()', 'duckdb_tables()', 'duckdb_views()', 'duckdb_databases()',
  'duckdb_extensions()', 'duckdb_columns()', 'duckdb_schemas()', 'duckdb_temporary_files()', 'duckdb_memory()',
  'duckdb_dependencies()', 'duckdb_constraints()', 'duckdb_indexes()', 'duckdb_sequences()', 'duckdb_types()',
  'pragma_database_list()', "pragma_table_info('athena:victim_db.secrets')", 'pragma_version()', 'pragma_platform()',
  "pragma_storage_info('x')", "query('SELECT * FROM read_text(''{{PASSWD}}'')')", "query_table('duckdb_settings')",
  "which_secret('s3://victim/x', 's3')", "json_execute_serialized_sql(json_serialize_sql('SELECT * FROM read_text(''{{PASSWD}}'')'))",
  'test_all_types()', "icu_calendar_names()", "checkpoint()", "force_checkpoint()",
];

/** DuckDB-only scalar functions that read the process's environment or settings. */
const SCALAR_FUNCTIONS = [
  "getenv('HOME')", "getenv('PATH')", "current_setting('temp_directory')", "current_setting('home_directory')",
  "current_setting('enable_external_access')", "getvariable('x')", "json_serialize_sql('SELECT 1')", "read_text('{{PASSWD}}')",
];

function metadataCases(): AttackCase[] {
  const cases: AttackCase[] = [];
  for (const call of METADATA_TABLE_FUNCTIONS) {
    const fn = call.slice(0, call.indexOf('('));
    cases.push({ name: `${fn} in FROM`, sql: `SELECT * FROM ${call}`, expect: { kind: 'table-function', fn } });
    cases.push({ name: `${fn} in a scalar subquery`, sql: `SELECT (SELECT count(*) FROM ${call})`, expect: { kind: 'table-function', fn } });
  }
  for (const call of SCALAR_FUNCTIONS) {
    const fn = call.slice(0, call.indexOf('('));
    cases.push({ name: `scalar ${call}`, sql: `SELECT ${call}`, expect: { kind: 'function', fn } });
    cases.push({ name: `scalar ${call} in WHERE`, sql: `SELECT 1 AS x WHERE ${call} IS NOT NULL`, expect: { kind: 'function', fn } });
  }
  return cases;
}

/** Ways to name a file table function that a filter on the exact text `read_csv(` would miss. */
function disguisedCallCases(): AttackCase[] {
  const t = (name: string, sql: string, fn = 'read_text'): AttackCase => ({ name, sql, expect: { kind: 'table-function', fn } });
  return [
    t('upper-case name', "SELECT * FROM READ_TEXT('{{PASSWD}}')", 'READ_TEXT'),
    t('space before (', "SELECT * FROM read_text ('{{PASSWD}}')"),
    t('comment before (', "SELECT * FROM read_text/**/('{{PASSWD}}')"),
    t('newline before (', "SELECT * FROM read_text\n('{{PASSWD}}')"),
    t('path by concatenation', "SELECT * FROM read_csv('/etc/' || 'passwd')", 'read_csv'),
    t('path by concat()', "SELECT * FROM read_csv(concat('/et', 'c/passwd'))", 'read_csv'),
    t('path by chr()', "SELECT * FROM read_csv(chr(47) || 'etc' || chr(47) || 'passwd')", 'read_csv'),
    t('named parameters', "SELECT * FROM read_csv('{{PASSWD}}', delim = ':', header = false)", 'read_csv'),
    t('list of paths', "SELECT * FROM read_text(['{{PASSWD}}', '{{SQLITE}}'])"),
    t('TABLE(...) syntax', "SELECT * FROM TABLE(read_text('{{PASSWD}}'))"),
    t('schema-qualified', "SELECT * FROM main.read_text('{{PASSWD}}')"),
    t('catalog-qualified', "SELECT * FROM system.main.read_text('{{PASSWD}}')"),
    t('quoted name', "SELECT * FROM \"read_text\"('{{PASSWD}}')"),
    { name: 'quoted name in select list', sql: "SELECT \"read_text\"('{{PASSWD}}')", expect: { kind: 'function', fn: 'read_text' } },
    t('file:// URL', "SELECT * FROM read_text('file://{{PASSWD}}')"),
    t('relative path', "SELECT * FROM read_text('../../../../../../etc/passwd')"),
    t('victim object through s3://', "SELECT * FROM read_csv('s3://victim-b/secret/data.csv')", 'read_csv'),
    t('victim object through http', "SELECT * FROM read_csv('http://127.0.0.1:1/victim-b/secret/data.csv')", 'read_csv'),
  ];
}

/** FROM a string, or a quoted identifier that DuckDB would read as a file (a replacement scan). */
function replacementScanCases(): AttackCase[] {
  const fromString = (target: string): AttackCase => ({ name: `FROM '${target}'`, sql: `SELECT * FROM '${target}'`, expect: { kind: 'syntax' } });
  const fromIdent = (target: string): AttackCase => ({ name: `FROM "${target}"`, sql: `SELECT * FROM "${target}"`, expect: { kind: 'refused' } });
  return [
    ...['{{PASSWD}}', '{{SQLITE}}', '{{BLOB}}', '{{DATA}}/**', 'x.parquet', 'data.csv'].map(fromString),
    ...['{{PASSWD}}', '{{SQLITE}}', '{{BLOB}}', '{{DATA}}/**', 'x.parquet', '{{PASSWD}}.csv', '{{BLOB}}.csv', 'data.csv', 'victim.json'].map(fromIdent),
    { name: 'FROM-first with a string', sql: "FROM '{{PASSWD}}'", expect: { kind: 'syntax', column: 1 } },
    { name: 'FROM-first with a table', sql: 'FROM victim_db.secrets', expect: { kind: 'syntax', column: 1 } },
    { name: 'FROM-first SELECT', sql: "FROM '{{PASSWD}}' SELECT *", expect: { kind: 'syntax', column: 1 } },
    { name: 'string in a join', sql: "SELECT * FROM (VALUES 1) AS v(x) JOIN '{{PASSWD}}' ON true", expect: { kind: 'syntax' } },
    { name: 'quoted path in a CTE', sql: 'WITH p AS (SELECT * FROM "{{PASSWD}}") SELECT * FROM p', expect: { kind: 'refused' } },
    { name: 'string in a subquery', sql: "SELECT (SELECT count(*) FROM '{{PASSWD}}')", expect: { kind: 'syntax' } },
    { name: 'qualified quoted path', sql: 'SELECT * FROM awsdatacatalog."{{PASSWD}}"', expect: { kind: 'refused' } },
    { name: 'victim\'s table by name', sql: 'SELECT * FROM victim_db.secrets', expect: { kind: 'refused' } },
    { name: 'victim\'s table through the shared catalog', sql: 'SELECT * FROM awsdatacatalog.victim_db.secrets', expect: { kind: 'refused' } },
    { name: 'victim\'s table view by its engine name', sql: 'SELECT * FROM "athena:victim_db.secrets"', expect: { kind: 'refused' } },
    { name: 'victim\'s table view in temp', sql: 'SELECT * FROM temp.main."athena:victim_db.secrets"', expect: { kind: 'refused' } },
  ];
}

/**
 * DuckDB statements an attacker wants run. `{{OUT}}` paths must not exist afterwards; `$q$` quoting
 * keeps single quotes out so the Trino lexer's view of the text stays one string (the real attack).
 */
const dq = (text: string): string => `$q$${text}$q$`;

// Ordered so that payloads which would change the shared engine for everyone (macros, SET,
// DETACH) come last: on an engine that runs them, the cases before still show their own outcome.
const PAYLOADS: Array<{ label: string; sql: (n: number) => string; forms?: 'few' }> = [
  { label: 'COPY TO a file', sql: (n) => `COPY (SELECT 1 AS x) TO ${dq(`{{OUT}}/copy-${n}.csv`)}` },
  { label: 'COPY a file out', sql: (n) => `COPY (SELECT * FROM read_text(${dq(`{{PASSWD}}`)})) TO ${dq(`{{OUT}}/passwd-${n}.csv`)}` },
  { label: 'ATTACH a new file', sql: (n) => `ATTACH ${dq(`{{OUT}}/attach-${n}.db`)} AS pwn${n}` },
  { label: 'ATTACH the server database', sql: (n) => `ATTACH ${dq(`{{SQLITE}}`)} AS keys${n} (READ_ONLY)` },
  { label: 'secret', sql: (n) => `CREATE SECRET pwn_secret${n} (TYPE s3, KEY_ID $q$AKIAPWN$q$, SECRET $q$pwn$q$)` },
  { label: 'shared table', sql: () => 'CREATE OR REPLACE TABLE pwn_table AS SELECT $q$pwned$q$ AS x' },
  { label: 'shared view', sql: () => 'CREATE OR REPLACE VIEW memory.main.pwn_view AS SELECT $q$pwned$q$ AS x' },
  { label: 'EXPORT DATABASE', sql: (n) => `EXPORT DATABASE ${dq(`{{OUT}}/export-${n}`)}` },
  { label: 'INSTALL', sql: () => 'INSTALL httpfs', forms: 'few' },
  { label: 'LOAD', sql: () => 'LOAD httpfs', forms: 'few' },
  { label: 'macro over greatest', sql: () => 'CREATE OR REPLACE MACRO greatest(a, b) AS $q$pwned$q$' },
  { label: 'macro over trino_greatest', sql: () => 'CREATE OR REPLACE MACRO trino_greatest(a, b) AS $q$pwned$q$' },
  { label: 'macro over abs', sql: () => 'CREATE OR REPLACE MACRO abs(a) AS $q$pwned$q$' },
  { label: 'RESET integer division', sql: () => 'SET GLOBAL integer_division = false' },
  { label: 'PRAGMA', sql: () => 'PRAGMA memory_limit = $q$1MB$q$' },
  { label: 'USE another schema', sql: () => 'USE system.main', forms: 'few' },
  { label: 'SET external access off', sql: () => 'SET GLOBAL enable_external_access = false' },
  { label: 'DETACH the shared catalog', sql: () => 'DETACH awsdatacatalog', forms: 'few' },
];

/** Quoting and comment forms that hide `;` from one lexer and not the other. */
const SMUGGLED: Expectation = { kind: 'smuggled' };
const FORMS: Array<{ label: string; wrap: (payload: string) => string; expect: (payload: string) => Expectation; few?: boolean }> = [
  { label: 'plain ;', wrap: (p) => `SELECT 1; ${p}`, expect: () => ({ kind: 'one-statement' }), few: true },
  { label: 'plain ; and a comment', wrap: (p) => `SELECT 1;\n${p}; -- done`, expect: () => ({ kind: 'one-statement' }) },
  { label: 'dollar quotes', wrap: (p) => `SELECT $$ ' $$; ${p}; SELECT $$ ' $$`, expect: () => SMUGGLED, few: true },
  { label: 'tagged dollar quotes', wrap: (p) => `SELECT $t$ ' $t$; ${p}; SELECT $t$ ' $t$`, expect: () => SMUGGLED },
  { label: "E'' escape string", wrap: (p) => `SELECT E'\\'' ; ${p}; SELECT '' --'`, expect: () => SMUGGLED, few: true },
  { label: "lower-case e'' escape string", wrap: (p) => `SELECT e'\\'' ; ${p}; SELECT '' --'`, expect: () => SMUGGLED },
  { label: 'nested block comment', wrap: (p) => `SELECT 1 /* /* */ ' */ ; ${p} ; SELECT 2 --'`, expect: () => SMUGGLED },
  { label: "U&'' string", wrap: (p) => `SELECT U&'\\'' ; ${p}; SELECT '' --'`, expect: () => SMUGGLED },
  { label: 'backticks', wrap: (p) => `SELECT 1 AS \`;\` ; ${p}; SELECT \`;\``, expect: () => SMUGGLED },
  // Both lexers agree on these (a backslash is no escape in a Trino or a standard DuckDB string;
  // Trino ends a -- comment at CR or LF only): Athena answers them, and the answer must be Trino's.
  {
    label: 'backslash in a plain string', wrap: (p) => `SELECT '\\'' ; ${p}; SELECT '' --'`,
    expect: (p) => ({ kind: 'harmless', rows: [['_col0'], [`\\' ; ${p}; SELECT ' --`]] }),
  },
  { label: 'comment ended by CR', wrap: (p) => `SELECT 1 --x\r; ${p}`, expect: () => ({ kind: 'harmless', rows: [['_col0'], ['1']] }) },
  { label: 'comment ended by U+2028', wrap: (p) => `SELECT 1 --x\u2028; ${p}`, expect: () => ({ kind: 'harmless', rows: [['_col0'], ['1']] }) },
  { label: 'whole statement', wrap: (p) => p, expect: () => ({ kind: 'refused' }), few: true },
];

function smugglingCases(): AttackCase[] {
  // Single DuckDB statements first: the payload forms below end with those that would change the
  // shared engine for everyone, and on an engine that runs them the cases after would fail for that.
  const cases: AttackCase[] = [];
  // The same payloads with ordinary single-quoted paths: the simplest smuggling.
  cases.push({ name: 'COPY with a quoted path after ;', sql: "SELECT 1; COPY (SELECT 1) TO '{{OUT}}/quoted.csv'", expect: { kind: 'one-statement' } });
  cases.push({ name: 'COPY to a relative path', sql: "COPY (SELECT 1) TO 'hostile-athena-relative.csv'", expect: { kind: 'syntax', column: 1 } });
  cases.push({ name: 'EXPORT DATABASE quoted', sql: "EXPORT DATABASE '{{OUT}}/export-quoted'", expect: { kind: 'refused' } });
  cases.push({ name: 'IMPORT DATABASE', sql: "IMPORT DATABASE '{{DATA}}'", expect: { kind: 'refused' } });
  cases.push({ name: 'CALL a pragma', sql: 'CALL pragma_version()', expect: { kind: 'refused' } });
  cases.push({ name: 'SUMMARIZE a file', sql: "SUMMARIZE SELECT * FROM read_text('{{PASSWD}}')", expect: { kind: 'syntax', column: 1 } });
  cases.push({ name: 'DESCRIBE a file', sql: "DESCRIBE SELECT * FROM '{{PASSWD}}'", expect: { kind: 'refused' } });
  cases.push({ name: 'DESCRIBE a path', sql: "DESCRIBE '{{PASSWD}}'", expect: { kind: 'refused' } });
  cases.push({ name: 'SHOW a path', sql: "SHOW '{{PASSWD}}'", expect: { kind: 'refused' } });
  cases.push({ name: 'EXPLAIN a file read', sql: "EXPLAIN SELECT * FROM read_text('{{PASSWD}}')", expect: { kind: 'table-function', fn: 'read_text' } });
  cases.push({ name: 'EXPLAIN ANALYZE a file read', sql: "EXPLAIN ANALYZE SELECT * FROM read_text('{{PASSWD}}')", expect: { kind: 'table-function', fn: 'read_text' } });
  cases.push({ name: 'CHECKPOINT', sql: 'CHECKPOINT', expect: { kind: 'syntax', column: 1 } });
  cases.push({ name: 'RESET', sql: 'RESET GLOBAL integer_division', expect: { kind: 'refused' } });
  cases.push({ name: 'CREATE TYPE', sql: "CREATE TYPE pwn_type AS ENUM ('a')", expect: { kind: 'refused' } });
  cases.push({ name: 'CREATE SEQUENCE', sql: 'CREATE SEQUENCE pwn_seq', expect: { kind: 'refused' } });
  cases.push({ name: 'CREATE TEMP MACRO', sql: "CREATE TEMP MACRO greatest(a, b) AS 'pwned'", expect: { kind: 'refused' } });
  cases.push({ name: 'CTAS from a file', sql: "CREATE TABLE attacker_db.stolen AS SELECT * FROM read_text('{{PASSWD}}')", expect: { kind: 'table-function', fn: 'read_text' } });
  cases.push({ name: 'CTAS from a string scan', sql: "CREATE TABLE attacker_db.stolen2 AS SELECT * FROM '{{PASSWD}}'", expect: { kind: 'refused' } });
  cases.push({ name: 'SET VARIABLE', sql: "SET VARIABLE x = 'pwned'", expect: { kind: 'refused' } });
  let n = 0;
  for (const payload of PAYLOADS) {
    for (const form of FORMS) {
      if (payload.forms === 'few' && !form.few) continue;
      const statement = payload.sql(++n);
      cases.push({ name: `${payload.label} via ${form.label}`, sql: form.wrap(statement), expect: form.expect(statement) });
    }
  }
  return cases;
}

/** Athena statements that exist and may succeed, whose answers must not show the victim or the server. */
function catalogCases(): AttackCase[] {
  const forbidden = ['victim_db', 'secrets', 'awsdatacatalog', 'athena:'];
  return [
    { name: 'information_schema.tables', sql: 'SELECT table_schema, table_name FROM information_schema.tables', expect: { kind: 'no-leak', forbidden } },
    { name: 'information_schema.schemata', sql: 'SELECT schema_name FROM information_schema.schemata', expect: { kind: 'no-leak', forbidden } },
    { name: 'information_schema.columns', sql: 'SELECT table_name, column_name FROM information_schema.columns', expect: { kind: 'no-leak', forbidden: [...forbidden, 'payload'] } },
    { name: 'SHOW DATABASES', sql: 'SHOW DATABASES', expect: { kind: 'no-leak', forbidden } },
    { name: 'SHOW TABLES IN victim_db', sql: 'SHOW TABLES IN victim_db', expect: { kind: 'no-leak', forbidden: ['secrets'] } },
    { name: 'DESCRIBE victim_db.secrets', sql: 'DESCRIBE victim_db.secrets', expect: { kind: 'no-leak', forbidden: ['payload'] } },
  ];
}

export function attackCases(): AttackCase[] {
  return [...fileFunctionCases(), ...metadataCases(), ...disguisedCallCases(), ...replacementScanCases(), ...catalogCases(), ...smugglingCases()];
}

/** Honest SQL whose strings hold what the attacks use: the sandbox must keep answering it right. */
export const LEGITIMATE: Array<{ sql: string; rows: string[][] }> = [
  { sql: "SELECT ';' AS a, '--' AS b, '/*' AS c, '*/' AS d", rows: [['a', 'b', 'c', 'd'], [';', '--', '/*', '*/']] },
  { sql: "SELECT '$$' AS a, '$t$' AS b, 'x; DROP TABLE t' AS c", rows: [['a', 'b', 'c'], ['$$', '$t$', 'x; DROP TABLE t']] },
  { sql: "SELECT 'E''x' AS e, 'it''s' AS s", rows: [['e', 's'], ["E'x", "it's"]] },
  { sql: "SELECT '\\' AS backslash, '\\''' AS quoted", rows: [['backslash', 'quoted'], ['\\', "\\'"]] },
  { sql: "SELECT 'read_csv(''/etc/passwd'')' AS s", rows: [['s'], ["read_csv('/etc/passwd')"]] },
  { sql: "SELECT 'COPY (SELECT 1) TO ''/tmp/x''' AS s -- ; COPY", rows: [['s'], ["COPY (SELECT 1) TO '/tmp/x'"]] },
  { sql: 'SELECT 1 AS "a;b", 2 AS "it""s" /* ; */', rows: [['a;b', 'it"s'], ['1', '2']] },
  { sql: "SELECT 'grüße ✓ 日本' AS u, length('日本') AS n", rows: [['u', 'n'], ['grüße ✓ 日本', '2']] },
  { sql: "SELECT greatest(1, 2) AS g, 5 / 2 AS d, abs(-3) AS a", rows: [['g', 'd', 'a'], ['2', '2', '3']] },
  { sql: 'SELECT count(*) AS n FROM (VALUES 1, 2, 3) AS t(x) WHERE x > 1', rows: [['n'], ['2']] },
  { sql: "SELECT 1 AS x;", rows: [['x'], ['1']] },
];
