import { parseQueryPairs } from '../auth/sigv4/encoding.js';
import { header, type HttpRequest } from '../protocols/http.js';
import type { ServiceId } from './services.js';

// Maps, not object literals: the keys come from the client (X-Amz-Target, credential scope),
// and `__proto__` or `constructor` must find nothing.
const TARGET_PREFIXES: ReadonlyMap<string, ServiceId> = new Map<string, ServiceId>([
  ['SageMaker', 'sagemaker'],
  ['AWSGlue', 'glue'],
  ['AmazonAthena', 'athena'],
  ['TrentService', 'kms'],
  ['Sagelite', 'admin'],
]);

const SIGNING_NAMES: ReadonlyMap<string, ServiceId> = new Map<string, ServiceId>([
  ['sts', 'sts'],
  ['iam', 'iam'],
  ['s3', 's3'],
  ['sagemaker', 'featurestore-runtime'],
  ['glue', 'glue'],
  ['athena', 'athena'],
  ['ram', 'ram'],
  ['kms', 'kms'],
  ['sagelite', 'admin'],
]);

/** The service named in the SigV4 credential scope (`AKID/DATE/REGION/SERVICE/aws4_request`), if any. */
export function scopeService(req: HttpRequest): string | undefined {
  const auth = header(req, 'authorization');
  const fromHeader = auth && /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]*)\//.exec(auth)?.[1];
  if (fromHeader) return fromHeader;
  if (!req.rawQuery.includes('X-Amz-Credential')) return undefined;
  const credential = parseQueryPairs(req.rawQuery).find(([k]) => k === 'X-Amz-Credential')?.[1];
  return credential?.split('/')[3];
}

/**
 * Which service a request is for. With an endpoint override every service shares one host, so
 * the order is: X-Amz-Target (JSON services), the credential scope's service, the Host name as
 * AWS would have it, a query-protocol Action, and S3 for anything else (as S3 serves anonymous
 * requests and has no other marker).
 */
export function resolveServiceId(req: HttpRequest, stsActions: ReadonlySet<string>): ServiceId {
  const target = header(req, 'x-amz-target');
  if (target) {
    const byTarget = TARGET_PREFIXES.get(target.slice(0, target.lastIndexOf('.')));
    if (byTarget) return byTarget;
  }
  const scope = scopeService(req);
  const byScope = scope ? SIGNING_NAMES.get(scope) : undefined;
  if (byScope) return byScope;
  const host = (header(req, 'host') ?? '').toLowerCase();
  if (/^sts[.-]/.test(host)) return 'sts';
  if (/^iam[.-]/.test(host)) return 'iam';
  if (host.startsWith('featurestore-runtime.')) return 'featurestore-runtime';
  // A query-protocol body is a URL-encoded form; a multipart one is S3's browser upload, whose file may hold anything.
  const formBody = req.method === 'POST' && !/^multipart\//i.test(header(req, 'content-type') ?? '');
  const action = /(^|&)Action=([^&]*)/.exec(req.rawQuery)?.[2] ?? (/(^|&)Action=([^&]*)/.exec(formBody ? req.body.toString('latin1', 0, 4096) : '')?.[2]);
  if (action) return stsActions.has(action) ? 'sts' : 'iam';
  return 's3';
}
