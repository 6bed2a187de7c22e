import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type Style = 'path' | 'virtual';

export interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
  [field: string]: unknown;
}

export async function rejection(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** Asserts S3's error code (the SDK's `name`), HTTP status and, when given, the message. */
export async function fails(p: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<SdkError> {
  const e = await rejection(p);
  assert.equal(e.name, code, `${e.name}: ${e.message}`);
  assert.equal(e.$metadata.httpStatusCode, status);
  if (typeof message === 'string') assert.equal(e.message, message);
  else if (message) assert.match(e.message, message);
  return e;
}

// *.localhost does not resolve everywhere: the virtual-hosted client's agent sends every host to loopback.
const loopback = new Agent({
  keepAlive: true,
  lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
    opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never,
});

/** An S3 client with the SDK's default settings (virtual-hosted) or `forcePathStyle`. */
export function s3(url: string, credentials: Creds, style: Style = 'path'): S3Client {
  if (style === 'path') return new S3Client({ endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  const port = new URL(url).port;
  return new S3Client({ endpoint: `http://localhost:${port}`, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: loopback }) });
}

export const md5Hex = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex');

/** Deterministic bytes (a counter pattern), so corruption anywhere shows. */
export function patterned(size: number, seed = 0): Buffer {
  const b = Buffer.alloc(size + 4);
  for (let i = 0; i < size; i += 4) b.writeUInt32LE((i + seed) >>> 0, i);
  return b.subarray(0, size);
}

export async function bodyBytes(out: { Body?: unknown }): Promise<Buffer> {
  const body = out.Body as { transformToByteArray(): Promise<Uint8Array> };
  return Buffer.from(await body.transformToByteArray());
}

/**
 * The upload temp files under a data directory's objects/tmp, at any depth: the shared shape
 * keeps each server process's in tmp/<host>-<pid>/ (src/storage/files/blob-store.ts).
 */
export function uploadTempFiles(dataDir: string): string[] {
  const tmp = join(dataDir, 'objects', 'tmp');
  return readdirSync(tmp, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(tmp, name)).isFile());
}
