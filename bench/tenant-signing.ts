// Signed requests serialized once, for the tenant-isolation bench's raw clients (bench/http-load.ts).
// A SigV4 signature stays valid for 15 minutes and the server verifies it on every request, so
// the same bytes can be sent again and again for the whole bench.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { requestBytes } from './http-load.js';

export type Keys = { accessKeyId: string; secretAccessKey: string };

/**
 * SHA-256 and HMAC-SHA256 by node:crypto, for the signer: @aws-crypto/sha256-js is pure
 * JavaScript, and the attacker's thread signs thousands of PutRecords on the cores the server
 * needs.
 */
const bytes = (d: SourceData): string | Uint8Array => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));

class NodeSha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

export function signer(service: string, keys: Keys): SignatureV4 {
  return new SignatureV4({ service, region: 'us-east-1', credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, sha256: NodeSha256, uriEscapePath: service !== 's3' });
}

/** The headers SigV4 gives the request (host, x-amz-date, authorization, …) plus the ones passed. */
export async function signedHeaders(
  v4: SignatureV4,
  url: URL,
  req: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string },
): Promise<Record<string, string>> {
  const signed = await v4.sign(
    new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: req.path,
      query: req.query ?? {},
      headers: { host: url.host, ...(req.headers ?? {}) },
      ...(req.body !== undefined ? { body: req.body } : {}),
    }),
  );
  return signed.headers as Record<string, string>;
}

/** A signed request's bytes, ready for RawConnection.send. */
export async function signedRequestBytes(
  v4: SignatureV4,
  url: URL,
  req: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string },
): Promise<Buffer> {
  const headers = await signedHeaders(v4, url, req);
  const qs = Object.entries(req.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return requestBytes(req.method, qs ? `${req.path}?${qs}` : req.path, headers, req.body);
}
