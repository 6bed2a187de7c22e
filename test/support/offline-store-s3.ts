import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';

/** Test helpers: the offline store's objects seen through the real S3 API, and read back with DuckDB. */

function client(url: string, keys: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } });
}

/** Every key under `prefix`, in S3's order. */
export async function listObjects(url: string, keys: { accessKeyId: string; secretAccessKey: string }, bucket: string, prefix: string): Promise<string[]> {
  const s3 = client(url, keys);
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    out.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return out;
}

/** A Parquet object's column types (`name TYPE`) and rows, fetched with GetObject and read by DuckDB. */
export async function readParquet(url: string, keys: { accessKeyId: string; secretAccessKey: string }, bucket: string, key: string, scratch: string): Promise<{ types: string[]; rows: Record<string, unknown>[] }> {
  const s3 = client(url, keys);
  const bytes = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();
  s3.destroy();
  const dir = mkdtempSync(join(scratch, 'read-'));
  const file = join(dir, 'object.parquet');
  writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await db.connect();
  try {
    const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS().map((r) => `${r['column_name']} ${r['column_type']}`);
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    return { types, rows };
  } finally {
    conn.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every row of every Parquet object under `prefix` (fetched with GetObject), read by DuckDB in one query, with `key` set to each row's object. */
export async function readAllParquet(url: string, keys: { accessKeyId: string; secretAccessKey: string }, bucket: string, prefix: string, scratch: string): Promise<Array<Record<string, unknown>>> {
  const objects = await listObjects(url, keys, bucket, prefix);
  if (objects.length === 0) return [];
  const s3 = client(url, keys);
  const dir = mkdtempSync(join(scratch, 'read-all-'));
  try {
    for (const [i, key] of objects.entries()) {
      const bytes = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();
      writeFileSync(join(dir, `${i}.parquet`), bytes);
    }
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const conn = await db.connect();
    try {
      const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${dir}/*.parquet', filename = true, union_by_name = true)`)).getRowObjectsJS();
      return rows.map(({ filename, ...r }) => ({ ...r, key: objects[Number(/(\d+)\.parquet$/.exec(String(filename))![1])]! }));
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  } finally {
    s3.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
