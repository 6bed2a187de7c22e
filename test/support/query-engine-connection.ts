/**
 * Test support: a real DuckDB connection prepared as the Athena engine prepares its own, and
 * helpers that run Trino SQL through translateQuery and render the answer as Athena would.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { renderResult } from '../../src/query-engine/results/render.js';
import type { ResultColumn } from '../../src/query-engine/types.js';
import { prepareConnection } from '../../src/query-engine/dialect/setup.js';
import { translateQuery } from '../../src/query-engine/dialect/translate.js';

/** A new in-memory DuckDB (no extension downloads) with one prepared connection. */
export async function openAthenaConnection(): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  const conn = await instance.connect();
  await prepareConnection(conn);
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs a Trino query; columns and rows as Athena renders them. */
export async function runTrino(conn: DuckDBConnection, trinoSql: string): Promise<{ columns: ResultColumn[]; rows: Array<Array<string | null>> }> {
  return renderResult(await conn.runAndReadAll(translateQuery(trinoSql)));
}

/** The one value of `SELECT <expression>`, as Athena prints it. */
export async function evaluate(conn: DuckDBConnection, trinoExpression: string): Promise<string | null> {
  const { rows } = await runTrino(conn, `SELECT ${trinoExpression}`);
  return rows[0]![0]!;
}

/** The Athena type name of `SELECT <expression>`'s column. */
export async function typeOf(conn: DuckDBConnection, trinoExpression: string): Promise<string> {
  const { columns } = await runTrino(conn, `SELECT ${trinoExpression}`);
  return columns[0]!.type;
}
