/**
 * TEST SUPPORT ONLY: an engine over a real SQLite Glue catalog and a directory standing in for
 * S3, Parquet/CSV/JSON objects written for it, and Glue table definitions like the ones
 * SageMaker, crawlers and CREATE EXTERNAL TABLE make.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { FixedClock } from '../../core/clock.js';
import type { CatalogColumn, TableDefinition } from '../../storage/catalog.js';
import { SqliteAccountStore } from '../../storage/sqlite/account-store.js';
import { SqliteCatalogStore } from '../../storage/sqlite/catalog-store.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import { DuckDbQueryEngine } from '../engine.js';
import type { QueryRequest } from '../types.js';
import { DirectoryQueryStorage, StoreQueryCatalog } from './local-access.js';

export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
export const OPEN_CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde';
export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';

const cols = (spec: string): CatalogColumn[] =>
  spec.split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
    const [name, ...type] = c.split(/\s+/);
    return { Name: name!, Type: type.join(' ') };
  });

/**
 * A Glue table definition. `columns` like `'id string, amount double'`.
 *
 * @example
 * glueTable('orders', 's3://data/orders', 'id string, amount double', { partitions: 'year string' })
 */
export function glueTable(name: string, location: string, columns: string, over: { partitions?: string; serde?: string; serdeParameters?: Record<string, string>; parameters?: Record<string, string> } = {}): TableDefinition {
  const serde = over.serde ?? PARQUET_SERDE;
  const parquet = serde === PARQUET_SERDE;
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', ...(parquet ? { classification: 'parquet' } : {}), ...over.parameters },
    PartitionKeys: cols(over.partitions ?? ''),
    StorageDescriptor: {
      Columns: cols(columns),
      Location: location,
      InputFormat: parquet ? 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' : 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: parquet ? 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat' : 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: { SerializationLibrary: serde, Parameters: over.serdeParameters ?? { 'serialization.format': '1' } },
    },
  };
}

/** An engine, a catalog with account `111111111111`-like id, a directory S3, and a request maker. */
export interface EngineFixture {
  root: string;
  engine: DuckDbQueryEngine;
  catalog: StoreQueryCatalog;
  storage: DirectoryQueryStorage;
  engineTmp: string;
  request(sql: string, over?: Partial<QueryRequest>): QueryRequest;
  /** Writes the rows of a DuckDB SELECT as a Parquet object. */
  writeParquet(s3Uri: string, select: string): Promise<void>;
  /** What is left in the engine's scratch directory once the engine is idle (DuckDB's spill folder aside). */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

/** `engineTmpName`: the engine's scratch folder's name (a name with `=` makes the engine lay out partitions differently). */
export async function engineFixture(options: { engineTmpName?: string } = {}): Promise<EngineFixture> {
  const root = mkdtempSync(join(tmpdir(), 'sagelite-qe-'));
  const db = openDatabase(join(root, 'data'));
  const clock = new FixedClock(new Date(Date.UTC(2024, 5, 1)));
  const { account } = new SqliteAccountStore(db, clock).createAccount({});
  const catalog = new StoreQueryCatalog(new SqliteCatalogStore(db, clock), account.accountId, 'us-east-1');
  const storage = new DirectoryQueryStorage(join(root, 's3'));
  const engineTmp = join(root, options.engineTmpName ?? 'engine-tmp');
  const engine = new DuckDbQueryEngine({ tmpDir: engineTmp, threads: 1 });
  const writer = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  const conn = await writer.connect();
  const scratch = join(root, 'writer');
  return {
    root,
    engine,
    catalog,
    storage,
    engineTmp,
    request: (sql, over = {}) => ({
      queryExecutionId: randomUUID(),
      sql,
      catalog: 'AwsDataCatalog',
      database: 'sales',
      outputLocation: 's3://results/athena',
      catalogAccess: catalog,
      storage,
      signal: new AbortController().signal,
      ...over,
    }),
    async writeParquet(s3Uri, select) {
      const file = join(scratch, `${randomUUID()}.parquet`);
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true });
      await conn.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
      storage.write(s3Uri, readFileSync(file));
    },
    leftovers: async () => {
      await engine.idle();
      return readdirSync(engineTmp).filter((n) => n !== 'duckdb-spill');
    },
    async close() {
      await engine.close();
      conn.closeSync();
      writer.closeSync();
      db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
