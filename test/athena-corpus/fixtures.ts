/**
 * Loads the corpus's fixture tables into a running sagelite: each CSV under data/ becomes a
 * Parquet object (made here with DuckDB) or is uploaded as-is (the OpenCSVSerde table), put into
 * S3 with the JS SDK, and registered in Glue (databases, tables, partitions) with the JS SDK, as a
 * data engineer would before querying with Athena.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GlueClient, type StorageDescriptor } from '@aws-sdk/client-glue';
import { DATA_DIR } from './format.js';

interface FixtureFile {
  source: string;
  partition?: string[];
  registered?: boolean;
}
interface FixtureTable {
  database: string;
  name: string;
  format: 'parquet' | 'opencsv';
  columns: Array<[string, string]>;
  partitionKeys?: Array<[string, string]>;
  files: FixtureFile[];
}
export interface FixtureManifest {
  bucket: string;
  resultsBucket: string;
  databases: string[];
  tables: FixtureTable[];
  rawObjects: Array<{ source: string; key: string }>;
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export function readManifest(): FixtureManifest {
  return JSON.parse(readFileSync(join(DATA_DIR, 'tables.json'), 'utf8')) as FixtureManifest;
}

/** The DuckDB type a Glue (Hive) column type is written as in Parquet. */
function duckType(hive: string): string {
  const simple: Record<string, string> = { int: 'INTEGER', bigint: 'BIGINT', string: 'VARCHAR', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };
  if (simple[hive]) return simple[hive]!;
  const dec = /^decimal\((\d+),(\d+)\)$/.exec(hive);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  if (hive === 'array<string>') return 'VARCHAR[]';
  throw new Error(`no DuckDB type for ${hive}`);
}

/** The SELECT list that turns the CSV's text columns into typed Parquet columns (arrays are `;`-separated, `` is an empty array). */
function typedSelect(columns: Array<[string, string]>): string {
  return columns
    .map(([name, hive]) => {
      const q = `"${name}"`;
      if (hive === 'array<string>') return `CASE WHEN ${q} IS NULL THEN NULL WHEN ${q} = '' THEN []::VARCHAR[] ELSE string_split(${q}, ';') END AS ${q}`;
      return `CAST(${q} AS ${duckType(hive)}) AS ${q}`;
    })
    .join(', ');
}

async function csvToParquet(db: DuckDBInstance, csvPath: string, columns: Array<[string, string]>, out: string): Promise<Buffer> {
  const c = await db.connect();
  try {
    const cols = `{${columns.map(([n]) => `'${n}': 'VARCHAR'`).join(', ')}}`;
    const src = `read_csv('${csvPath}', header = true, nullstr = '\\N', quote = '"', escape = '"', columns = ${cols})`;
    await c.run(`COPY (SELECT ${typedSelect(columns)} FROM ${src}) TO '${out}' (FORMAT PARQUET)`);
    return readFileSync(out);
  } finally {
    c.closeSync();
  }
}

function storage(table: FixtureTable, location: string): StorageDescriptor {
  const columns = table.columns.map(([Name, Type]) => ({ Name, Type }));
  if (table.format === 'parquet') {
    return {
      Columns: columns,
      Location: location,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
    };
  }
  return {
    Columns: columns,
    Location: location,
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' } },
  };
}

/**
 * Creates the buckets, uploads every object and registers every database, table and (registered)
 * partition. Objects of unregistered partitions are uploaded too: MSCK REPAIR TABLE finds them.
 *
 * @example
 * await loadFixtures(server.url, account);
 */
export async function loadFixtures(url: string, credentials: Creds): Promise<FixtureManifest> {
  const manifest = readManifest();
  const s3 = new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  const glue = new GlueClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: manifest.bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: manifest.resultsBucket }));
  for (const Name of manifest.databases) await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } }));
  const scratch = mkdtempSync(join(tmpdir(), 'athena-corpus-'));
  const db = await DuckDBInstance.create(':memory:');
  try {
    for (const raw of manifest.rawObjects) {
      await s3.send(new PutObjectCommand({ Bucket: manifest.bucket, Key: raw.key, Body: readFileSync(join(DATA_DIR, raw.source)) }));
    }
    for (const table of manifest.tables) {
      const prefix = `${table.database}/${table.name}/`;
      const location = `s3://${manifest.bucket}/${prefix}`;
      const keys = table.partitionKeys ?? [];
      await glue.send(
        new CreateTableCommand({
          DatabaseName: table.database,
          TableInput: {
            Name: table.name,
            TableType: 'EXTERNAL_TABLE',
            Parameters: table.format === 'parquet' ? { classification: 'parquet', EXTERNAL: 'TRUE' } : { classification: 'csv', EXTERNAL: 'TRUE', 'skip.header.line.count': '1' },
            PartitionKeys: keys.map(([Name, Type]) => ({ Name, Type })),
            StorageDescriptor: storage(table, location),
          },
        }),
      );
      const partitions = [];
      for (const [n, file] of table.files.entries()) {
        const folder = file.partition ? file.partition.map((v, k) => `${keys[k]![0]}=${v}/`).join('') : '';
        const key = `${prefix}${folder}${table.format === 'parquet' ? `part-${String(n).padStart(5, '0')}.parquet` : file.source}`;
        const body = table.format === 'parquet' ? await csvToParquet(db, join(DATA_DIR, file.source), table.columns, join(scratch, `${n}.parquet`)) : readFileSync(join(DATA_DIR, file.source));
        await s3.send(new PutObjectCommand({ Bucket: manifest.bucket, Key: key, Body: body }));
        if (file.partition && file.registered) partitions.push({ Values: file.partition, StorageDescriptor: storage(table, `s3://${manifest.bucket}/${prefix}${folder}`) });
      }
      if (partitions.length > 0) {
        const out = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: table.database, TableName: table.name, PartitionInputList: partitions }));
        if ((out.Errors ?? []).length > 0) throw new Error(`BatchCreatePartition ${table.name}: ${JSON.stringify(out.Errors)}`);
      }
    }
  } finally {
    db.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  }
  return manifest;
}
