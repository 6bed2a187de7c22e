import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, listValue, timestampValue, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { FeatureDefinition, FeatureGroup, FeatureType, FeatureValue, OutboxRow } from '../storage/feature-store.js';

/** A column of an offline-store file: its name and DuckDB type. */
export interface OfflineColumn {
  name: string;
  type: string;
  feature?: FeatureDefinition;
}

const SCALAR: Record<FeatureType, string> = { Integral: 'BIGINT', Fractional: 'DOUBLE', String: 'VARCHAR' };

/**
 * The columns of a group's Parquet files, in SageMaker's order: every feature in definition
 * order (Integral → BIGINT, Fractional → DOUBLE, String → VARCHAR, collections as lists of
 * those), then `write_time`, `api_invocation_time` (TIMESTAMP) and `is_deleted` (BOOLEAN). The
 * partition columns (year, month, day, hour) live only in the object's path, as in Hive layouts.
 */
export function offlineColumns(group: Pick<FeatureGroup, 'featureDefinitions'>): OfflineColumn[] {
  const features = group.featureDefinitions.map((f) => ({ name: f.FeatureName, type: SCALAR[f.FeatureType] + (f.CollectionType ? '[]' : ''), feature: f }));
  return [...features, { name: 'write_time', type: 'TIMESTAMP' }, { name: 'api_invocation_time', type: 'TIMESTAMP' }, { name: 'is_deleted', type: 'BOOLEAN' }];
}

/** A wire string as the column's scalar; null when it cannot be one (the runtime validates, so this only guards the flush). */
function scalar(type: FeatureType, value: string): DuckDBValue {
  if (type === 'String') return value;
  const text = value.trim();
  if (type === 'Integral') {
    if (!/^[+-]?\d+$/.test(text)) return null;
    const n = BigInt(text);
    return n >= -(2n ** 63n) && n < 2n ** 63n ? n : null;
  }
  const n = Number(text);
  return Number.isNaN(n) && !/^[+-]?nan$/i.test(text) ? null : n;
}

function appendFeature(a: DuckDBAppender, f: FeatureDefinition, value: FeatureValue | null | undefined): void {
  if (value === null || value === undefined) return a.appendNull();
  if (f.CollectionType) {
    const items = Array.isArray(value) ? value : [value];
    return a.appendList(listValue(items.map((v) => scalar(f.FeatureType, v))));
  }
  const v = scalar(f.FeatureType, Array.isArray(value) ? (value[0] ?? '') : value);
  if (v === null) a.appendNull();
  else if (typeof v === 'bigint') a.appendBigInt(v);
  else if (typeof v === 'number') a.appendDouble(v);
  else a.appendVarchar(v as string);
}

const micros = (d: Date) => timestampValue(BigInt(d.getTime()) * 1000n);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Encodes batches of outbox rows as Parquet with an embedded DuckDB (no extension is ever
 * downloaded: Parquet is built in and autoloading is off). DuckDB writes only to files, so each
 * file goes through `tmpDir` and is read back into memory for PutObject.
 *
 * @example
 * const enc = new ParquetEncoder('/data/offline-store-tmp');
 * const bytes = await enc.encode(group, rows, new Date());
 * await enc.close();
 */
export class ParquetEncoder {
  #db?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }>;
  #queue: Promise<unknown> = Promise.resolve();
  #n = 0;

  constructor(private readonly tmpDir: string) {}

  #open(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
    this.#db ??= (async () => {
      // Leftovers of a crash mid-encode are never needed: their rows are still in the outbox.
      rmSync(this.tmpDir, { recursive: true, force: true });
      mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
      return { instance, connection: await instance.connect() };
    })();
    return this.#db;
  }

  /** The Parquet bytes of `rows` for `group`, with `writeTime` as every row's write_time. */
  encode(group: Pick<FeatureGroup, 'featureDefinitions'>, rows: readonly OutboxRow[], writeTime: Date): Promise<Buffer> {
    // One encode at a time: they share a connection, and the flusher writes batches in order anyway.
    const run = this.#queue.then(() => this.#encode(group, rows, writeTime));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #encode(group: Pick<FeatureGroup, 'featureDefinitions'>, rows: readonly OutboxRow[], writeTime: Date): Promise<Buffer> {
    const { connection } = await this.#open();
    const columns = offlineColumns(group);
    const table = `batch_${++this.#n}`;
    const file = join(this.tmpDir, `${table}-${process.pid}.parquet`);
    await connection.run(`CREATE TEMP TABLE ${table} (${columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ')})`);
    try {
      const a = await connection.createAppender(table);
      for (const row of rows) {
        for (const c of columns) if (c.feature) appendFeature(a, c.feature, row.values[c.name]);
        a.appendTimestamp(micros(writeTime));
        a.appendTimestamp(micros(row.apiInvocationTime));
        a.appendBoolean(row.isDeleted);
        a.endRow();
      }
      a.flushSync();
      a.closeSync();
      await connection.run(`COPY ${table} TO '${file}' (FORMAT parquet, COMPRESSION snappy)`);
      return readFileSync(file);
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${table}`);
      rmSync(file, { force: true });
    }
  }

  /** Releases DuckDB; later encodes open it again. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    await this.#queue;
    if (!db) return;
    const { instance, connection } = await db;
    connection.closeSync();
    instance.closeSync();
  }
}
