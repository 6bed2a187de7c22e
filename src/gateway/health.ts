import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { virtualHostBucket } from '../protocols/rest-xml.js';
import { header, type HttpRequest, type HttpResponse } from '../protocols/http.js';

/** The one operator path sagelite answers itself; every other path is the AWS services'. */
export const HEALTH_PATH = '/_sagelite/health';

export interface HealthSettings {
  version: string;
  /** The AWS services this server speaks, by their endpoint prefixes (sts, s3, …). */
  services: readonly string[];
  dataDir: string;
  /**
   * Whether the data directory's path is shown. Only on a loopback listener: anyone who can
   * reach the endpoint reads this unauthenticated, and a tenant on another machine has no
   * business with the operator's paths (Athena's error texts hide them too).
   */
  showDataDirPath: boolean;
  /** S3 virtual-host suffixes: `bucket.localhost/_sagelite/health` is an object key, not this. */
  virtualHostSuffixes: readonly string[];
  /**
   * What in the data directory must stay writable: the embedded shape's database (`sagelite.db`),
   * or the shared shape's object directory (`objects`; its state is in PostgreSQL).
   */
  stateEntry: 'sagelite.db' | 'objects';
}

/** The health document: what runs and whether the data directory can still be written. */
export interface HealthDocument {
  status: 'ok' | 'degraded';
  version: string;
  services: Record<string, 'running'>;
  dataDir: { path?: string; writable: boolean; problem?: string };
}

/** Whether the directory and the database in it can be written now (a full or read-only disk, a chmod). */
function writable(dataDir: string, entry: HealthSettings['stateEntry']): { writable: boolean; problem?: string } {
  for (const path of [dataDir, join(dataDir, entry)]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      return { writable: false, problem: `${(e as NodeJS.ErrnoException).code ?? 'error'} on ${path === dataDir ? 'the directory' : entry}` };
    }
  }
  return { writable: true };
}

export function healthDocument(s: HealthSettings): HealthDocument {
  const disk = writable(s.dataDir, s.stateEntry);
  return {
    status: disk.writable ? 'ok' : 'degraded',
    version: s.version,
    services: Object.fromEntries(s.services.map((id) => [id, 'running' as const])),
    dataDir: { ...(s.showDataDirPath ? { path: s.dataDir } : {}), ...disk },
  };
}

/**
 * `GET /_sagelite/health` (and HEAD), unauthenticated, as LocalStack's `/_localstack/health`:
 * 200 with the document when all is well, 503 when the data directory cannot be written. It
 * reads nothing of the request but its method, path and Host, and nothing of any account.
 * Anything else — another method or path, a virtual-hosted bucket's Host — is left to the AWS
 * services exactly as before (a bucket name cannot start with `_`, so path-style S3 never had
 * these paths).
 */
export function answerHealth(req: HttpRequest, s: HealthSettings): HttpResponse | undefined {
  if (req.rawPath !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
  if (virtualHostBucket(header(req, 'host'), s.virtualHostSuffixes) !== undefined) return undefined;
  const doc = healthDocument(s);
  return {
    status: doc.status === 'ok' ? 200 : 503,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    // node leaves a HEAD response's body out itself, keeping the GET's Content-Length.
    body: JSON.stringify(doc) + '\n',
  };
}
