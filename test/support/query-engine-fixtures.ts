/**
 * TEST SUPPORT ONLY: the engine's integration tests run against a real in-process sagelite
 * server. Objects go into S3 with PutObject and tables into Glue with CreateTable, both as the
 * account's root through sagelite's own operations, and every statement reads and writes through
 * the same CallerCatalog/CallerStorage the Athena service gives the engine — no stand-ins for
 * sagelite's services. Also Glue table definitions like the ones SageMaker, crawlers and
 * CREATE EXTERNAL TABLE make.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer, type RunningServer } from '../../src/app.js';
import { configFromEnv } from '../../src/core/config.js';
import { rootPrincipal, type Principal } from '../../src/core/principal.js';
import { CallerCatalog } from '../../src/services/athena/access/caller-catalog.js';
import { CallerStorage } from '../../src/services/athena/access/caller-storage.js';
import { parseS3Uri } from '../../src/services/athena/access/s3-uri.js';
import type { CatalogColumn, TableDefinition } from '../../src/storage/catalog.js';
import { DuckDbQueryEngine, type DuckDbQueryEngineOptions } from '../../src/query-engine/engine.js';
import type { LocalObject, QueryRequest } from '../../src/query-engine/types.js';

export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
export const OPEN_CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde';
export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
export const REGION = 'us-east-1';
/** The buckets every fixture's first account owns. */
export const BUCKETS = ['data', 'lake', 'results', 'scratch'];

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

/**
 * The real CallerStorage, remembering where each fetch put its objects so tests can check that
 * the engine removed every query's scratch directory afterwards.
 */
export class RecordingCallerStorage extends CallerStorage {
  readonly fetchedInto: string[] = [];
  override async fetchPrefix(uri: string, localDir: string): Promise<LocalObject[]> {
    this.fetchedInto.push(localDir);
    return super.fetchPrefix(uri, localDir);
  }
}

/** One account of the fixture's server, reached as its root. */
export interface Caller {
  principal: Principal;
  accountId: string;
  catalog: CallerCatalog;
  storage: RecordingCallerStorage;
  /** PutObject as this caller. */
  put(s3Uri: string, body: Buffer | string): Promise<void>;
  /** Keys and sizes under `s3://bucket/prefix`, from ListObjectsV2 as this caller. */
  list(s3Uri: string): Promise<Array<{ key: string; size: number }>>;
  request(sql: string, over?: Partial<QueryRequest>): QueryRequest;
}

/** A server, an engine, the first account's root as the caller, and helpers. */
export interface EngineFixture extends Caller {
  server: RunningServer;
  engine: DuckDbQueryEngine;
  engineTmp: string;
  /** Another account (own Glue catalog, own buckets `buckets`) on the same server. */
  otherCaller(buckets: string[]): Promise<Caller>;
  /** Writes the rows of a DuckDB SELECT as a Parquet object, put as `caller` (the first account's root by default). */
  writeParquet(s3Uri: string, select: string, caller?: Caller): Promise<void>;
  /** What is left in the engine's scratch directory once the engine is idle (DuckDB's spill folder aside). */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

async function makeCaller(server: RunningServer, buckets: string[]): Promise<Caller> {
  const { account, rootKey } = await server.state.accounts.createAccount({});
  const principal = rootPrincipal(account.accountId, rootKey.accessKeyId);
  const call = <O>(op: string, input: Record<string, unknown>) => server.state.internal.call<O>(principal, 's3', op, input, { region: REGION });
  for (const Bucket of buckets) await call('CreateBucket', { Bucket });
  const catalog = new CallerCatalog(server.state, principal, REGION);
  const storage = new RecordingCallerStorage(server.state, principal, REGION);
  return {
    principal,
    accountId: account.accountId,
    catalog,
    storage,
    async put(s3Uri, body) {
      const { bucket, key } = parseS3Uri(s3Uri);
      await call('PutObject', { Bucket: bucket, Key: key, Body: Buffer.from(body) });
    },
    async list(s3Uri) {
      const { bucket, key } = parseS3Uri(s3Uri);
      const out = await call<{ Contents?: Array<{ Key: string; Size: number }> }>('ListObjectsV2', { Bucket: bucket, Prefix: key });
      return (out.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size }));
    },
    request: (sql, over = {}) => ({
      queryExecutionId: randomUUID(),
      sql,
      tenant: account.accountId,
      catalog: 'AwsDataCatalog',
      database: 'sales',
      outputLocation: 's3://results/athena',
      catalogAccess: catalog,
      storage,
      signal: new AbortController().signal,
      ...over,
    }),
  };
}

/**
 * Starts a server (one per test file: start-up is the expensive part) and an engine beside it.
 * `engineTmpName`: the engine's scratch folder's name (a name with `=` makes the engine lay out
 * partitions differently).
 *
 * @example
 * const f = await engineFixture();
 * await f.catalog.createDatabase('sales');
 * await f.writeParquet('s3://data/t/a.parquet', 'SELECT 1 AS x');
 * await f.engine.execute(f.request('SELECT * FROM t'));
 */
export async function engineFixture(options: { engineTmpName?: string; engine?: Partial<DuckDbQueryEngineOptions> } = {}): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-qe-'));
  const server = await startServer({ ...configFromEnv({}), port: 0, dataDir: join(dir, 'server'), logLevel: 'silent' });
  const first = await makeCaller(server, BUCKETS);
  const engineTmp = join(dir, options.engineTmpName ?? 'engine-tmp');
  const engine = new DuckDbQueryEngine({ tmpDir: engineTmp, threads: 1, ...options.engine });
  const writer = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
  const conn = await writer.connect();
  const scratch = join(dir, 'writer');
  return {
    ...first,
    server,
    engine,
    engineTmp,
    otherCaller: (buckets) => makeCaller(server, buckets),
    async writeParquet(s3Uri, select, caller = first) {
      const file = join(scratch, `${randomUUID()}.parquet`);
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true });
      await conn.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
      await caller.put(s3Uri, readFileSync(file));
    },
    leftovers: async () => {
      await engine.idle();
      // One folder per account's DuckDB instance (its spill folder is DuckDB's own).
      if (!existsSync(engineTmp)) return [];
      return readdirSync(engineTmp).flatMap((account) => readdirSync(join(engineTmp, account)).filter((n) => !n.startsWith('duckdb-spill')).map((n) => `${account}/${n}`));
    },
    async close() {
      await engine.close();
      conn.closeSync();
      writer.closeSync();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
