import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * How many rows Parquet files hold, read by an embedded DuckDB (the bytes go through a temporary
 * directory: DuckDB reads files). The demo uses it to wait until every ingested row is in the
 * offline store, not just the first object: the writer may split one ingest over several flushes.
 *
 * @example
 * await parquetRowCount([bytesOfObject1, bytesOfObject2]) // 10
 */
export async function parquetRowCount(files: readonly Uint8Array[]): Promise<number> {
  if (files.length === 0) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-demo-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  const connection = await instance.connect();
  try {
    const paths = files.map((bytes, i) => {
      const path = join(dir, `${i}.parquet`);
      writeFileSync(path, bytes);
      return `'${path.replace(/'/g, "''")}'`;
    });
    const result = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet([${paths.join(', ')}])`);
    return Number(result.getRows()[0]![0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
