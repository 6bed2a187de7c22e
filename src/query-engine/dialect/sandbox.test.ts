// The structural layer of the sandbox, on DuckDB's own parse tree of the translated text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { QueryFailure } from '../types.js';
import { checkSandboxed } from './sandbox.js';
import { parseQuery } from './tables.js';
import { translateQuery } from './translate.js';

describe('checkSandboxed: one query, allowed functions, tables only by name', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
    conn = await instance.connect();
  });
  after(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function check(trino: string): Promise<void> {
    const duck = translateQuery(trino);
    checkSandboxed(await parseQuery(conn, duck), duck);
  }

  async function refused(trino: string, pattern: RegExp): Promise<void> {
    await assert.rejects(check(trino), (e: unknown) => e instanceof QueryFailure && pattern.test(e.message), trino);
  }

  it('passes Trino queries: functions, aggregates, windows, lambdas, UNNEST, VALUES, set operations, CTEs', async () => {
    for (const sql of [
      'SELECT 1',
      "SELECT upper(a), date_format(ts, '%Y'), count(*), sum(x) OVER (PARTITION BY a) FROM db.t GROUP BY 1, 2",
      'SELECT transform(ARRAY[1, 2], x -> x * 2), reduce(ARRAY[1], 0, (s, x) -> s + x, s -> s)',
      'SELECT x FROM UNNEST(ARRAY[1, 2]) AS u(x) CROSS JOIN (VALUES 1, 2) v(y)',
      'WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION ALL SELECT 2 EXCEPT SELECT 3',
      'SELECT * FROM awsdatacatalog.db.t JOIN db.u ON t.id = u.id WHERE t.x IN (SELECT x FROM db.v)',
      'SELECT CAST(x AS varchar), try_cast(y AS bigint), from_unixtime(0), greatest(1, 2) FROM t',
    ]) await check(sql);
  });

  it("refuses DuckDB's file, table, settings and metadata functions wherever they stand", async () => {
    for (const fn of ['read_text', 'read_blob', 'read_csv', 'read_csv_auto', 'read_parquet', 'parquet_scan', 'read_json', 'read_json_auto', 'read_ndjson', 'glob', 'parquet_metadata', 'parquet_schema', 'sniff_csv', 'query_table', 'query', 'duckdb_settings', 'duckdb_secrets', 'duckdb_tables', 'pragma_table_info', 'range', 'generate_series']) {
      await refused(`SELECT * FROM ${fn}('/etc/passwd')`, /^SYNTAX_ERROR: line 1:\d+: mismatched input '\('/);
      await refused(`SELECT a FROM t JOIN ${fn}('/etc/passwd') ON true`, /^SYNTAX_ERROR: line 1:\d+: mismatched input '\('/);
      await refused(`SELECT (SELECT max(x) FROM ${fn}('/etc/passwd') AS f(x))`, /^SYNTAX_ERROR: /);
      await refused(`SELECT ${fn}('/etc/passwd')`, new RegExp(`^FUNCTION_NOT_FOUND: line 1:8: Function '${fn}' not registered$`));
      await refused(`WITH c AS (SELECT upper(${fn}('x')) AS v) SELECT v FROM c`, new RegExp(`^FUNCTION_NOT_FOUND: line 1:\\d+: Function '${fn}' not registered$`));
    }
    for (const fn of ['current_setting', 'getvariable', 'setseed', 'nextval', 'currval', 'version', 'database_list', 'duckdb_extensions', 'txid_current']) {
      await refused(`SELECT ${fn}('x')`, /^FUNCTION_NOT_FOUND: line 1:8: Function '\w+' not registered$/);
    }
  });

  it("refuses a string where Trino's FROM takes a table (DuckDB would read the file it names)", async () => {
    await refused("SELECT * FROM '/etc/passwd'", /^SYNTAX_ERROR: line 1:15: mismatched input ''\/etc\/passwd''/);
    await refused("SELECT a FROM t, '/x.csv' AS f", /^SYNTAX_ERROR: line 1:18: mismatched input ''\/x\.csv''/);
    await check('SELECT * FROM "weird/name"');
  });

  it('refuses qualified function names (a macro of another schema) and DuckDB catalogs or schemas', async () => {
    await refused('SELECT memory.main.greatest(1, 2)', /^FUNCTION_NOT_FOUND: line 1:8: Function 'memory\.main\.greatest' not registered$/);
    await refused('SELECT main.upper(a) FROM t', /^FUNCTION_NOT_FOUND: /);
    await refused('SELECT * FROM system.main.duckdb_settings', /^CATALOG_NOT_FOUND: line 1:15: Catalog 'system' does not exist$/);
    await refused('SELECT * FROM information_schema.tables', /^SCHEMA_NOT_FOUND: line 1:15: Schema 'information_schema' does not exist$/);
    await refused('SELECT * FROM pg_catalog.pg_class', /^SCHEMA_NOT_FOUND: /);
    await refused('SELECT * FROM temp.main.t', /^CATALOG_NOT_FOUND: /);
  });

  it('refuses what DuckDB parses but Trino has not: DESCRIBE/SUMMARIZE as a table, PIVOT, non-queries', async () => {
    await refused('SELECT * FROM (DESCRIBE t)', /^SYNTAX_ERROR: /);
    await refused('SELECT * FROM (SUMMARIZE t)', /^SYNTAX_ERROR: /);
    await refused('SELECT * FROM t PIVOT (sum(x) FOR y IN (1))', /^SYNTAX_ERROR: /);
    for (const statement of ['COPY t TO \'/tmp/x\'', "ATTACH '/tmp/x' AS y", 'INSTALL httpfs', 'LOAD httpfs', 'SET threads = 1', 'PRAGMA version', 'CREATE MACRO greatest(a, b) AS 1', "EXPORT DATABASE '/tmp/x'", 'CHECKPOINT', 'DETACH y', 'CALL pragma_version()', 'USE memory']) {
      await refused(statement, /^SYNTAX_ERROR: /);
    }
  });
});
