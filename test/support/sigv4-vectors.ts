import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import type { SignedRequest } from '../../src/auth/sigv4/verify.js';

/** Who signed, where and when: what a verifier needs besides the request. */
export interface VectorContext {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  timestamp: string;
  /** S3's rules: the path encoded once and not normalized, x-amz-content-sha256 required. */
  s3: boolean;
  /** Remove dot segments and empty segments from the path (every service but S3). */
  normalize: boolean;
  /** A presigned URL whose X-Amz-Security-Token was added after signing. */
  tokenAddedAfterSigning?: boolean;
}

/** One signed request and what its signer derived. */
export interface SigV4Vector {
  name: string;
  form: 'header' | 'query';
  context: VectorContext;
  /** Raw HTTP/1.1: request line, header lines (repeated and folded ones as sent), blank line, body. */
  request: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** sagelite's own vectors: signed by @smithy/signature-v4 (scripts/make-sigv4-vectors.mjs). */
export const OWN_VECTORS_FILE = join(PACKAGE_ROOT, 'test', 'fixtures', 'sigv4-vectors.json');

interface OwnFile {
  vectors: Array<{
    name: string;
    context: Omit<VectorContext, 'normalize'>;
    header: { request: string; canonicalRequest: string; stringToSign: string; signature: string };
    query: { request: string; canonicalRequest: string; stringToSign: string; signature: string };
  }>;
}

export function loadOwnVectors(file = OWN_VECTORS_FILE): SigV4Vector[] {
  const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as OwnFile;
  return vectors.flatMap((v) => (['header', 'query'] as const).map((form) => ({
    name: v.name,
    form,
    context: { ...v.context, normalize: !v.context.s3 },
    ...v[form],
  })));
}

/**
 * Where the aws-c-auth signing suite (Apache-2.0) is, when the workplace's shared folder is there:
 * beside the repository (as CI lays it out) or at the development machine's /work/shared.
 * sagelite does not carry the suite; its tests read it when present.
 */
export function awsSigningSuiteDir(): string | undefined {
  // $SAGELITE_AWS_SIGNING_SUITE, when set, is the only place looked at (a path that is not there skips).
  const set = process.env['SAGELITE_AWS_SIGNING_SUITE'];
  const candidates = set !== undefined ? [set] : [
    join(PACKAGE_ROOT, '..', 'shared', 'testdata', 'aws-signing-test-suite'),
    '/work/shared/testdata/aws-signing-test-suite',
  ];
  return candidates.find((dir) => existsSync(join(dir, 'v4')));
}

interface SuiteContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

/** The suite's cases (one folder each under v4/), both forms, in our shape. */
export function loadAwsSigningSuite(dir: string): SigV4Vector[] {
  const root = join(dir, 'v4');
  return readdirSync(root).sort().flatMap((name) => {
    const read = (file: string) => readFileSync(join(root, name, file), 'utf8');
    const ctx = JSON.parse(read('context.json')) as SuiteContext;
    const context: VectorContext = {
      accessKeyId: ctx.credentials.access_key_id,
      secretAccessKey: ctx.credentials.secret_access_key,
      ...(ctx.credentials.token ? { sessionToken: ctx.credentials.token } : {}),
      region: ctx.region,
      service: ctx.service,
      timestamp: ctx.timestamp,
      s3: false,
      normalize: ctx.normalize,
      ...(ctx.omit_session_token ? { tokenAddedAfterSigning: true } : {}),
    };
    return (['header', 'query'] as const).map((form) => ({
      name,
      form,
      context,
      request: read(`${form}-signed-request.txt`),
      canonicalRequest: read(`${form}-canonical-request.txt`),
      stringToSign: read(`${form}-string-to-sign.txt`),
      signature: read(`${form}-signature.txt`).trim(),
    }));
  });
}

/** Parses a raw request: request line, headers (folded lines joined with a space), blank line, body. */
export function parseRawRequest(text: string): SignedRequest {
  const sep = text.indexOf('\n\n');
  const head = sep < 0 ? text : text.slice(0, sep);
  const body = sep < 0 ? '' : text.slice(sep + 2);
  const lines = head.split('\n');
  const [method, target] = lines[0]!.match(/^(\S+) (.*) HTTP\/1\.1$/)!.slice(1) as [string, string];
  const q = target.indexOf('?');
  const headers = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (/^\s/.test(line) && last) {
      const values = headers.get(last)!;
      values[values.length - 1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    last = line.slice(0, colon).toLowerCase();
    headers.set(last, [...(headers.get(last) ?? []), line.slice(colon + 1)]);
  }
  return {
    method,
    rawPath: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

/** What a tampered copy must get: refused with this SigV4Error kind, or accepted. */
export type TamperOutcome = 'SignatureMismatch' | 'ContentSha256Mismatch' | 'accepted';

function copy(req: SignedRequest, change: Partial<SignedRequest>): SignedRequest {
  return { ...req, headers: new Map([...req.headers].map(([k, v]) => [k, [...v]])), ...change };
}

/**
 * Copies of a vector's request with one thing changed each, and what a verifier must answer:
 * the signature, the method, the path, an extra query parameter, the Host, a signed header
 * removed, the body (refused unless the payload is unsigned) and an unsigned header added (accepted).
 */
export function tamperedCopies(v: SigV4Vector, signedHeaders: readonly string[]): Array<{ what: string; request: SignedRequest; outcome: TamperOutcome }> {
  const req = parseRawRequest(v.request);
  const flipped = v.signature.slice(0, -1) + (v.signature.endsWith('0') ? '1' : '0');
  const out: Array<{ what: string; request: SignedRequest; outcome: TamperOutcome }> = [
    { what: 'signature', request: parseRawRequest(v.request.replace(v.signature, flipped)), outcome: 'SignatureMismatch' },
    { what: 'method', request: copy(req, { method: req.method === 'GET' ? 'POST' : 'GET' }), outcome: 'SignatureMismatch' },
    { what: 'path', request: copy(req, { rawPath: `${req.rawPath}x` }), outcome: 'SignatureMismatch' },
    { what: 'query parameter added', request: copy(req, { rawQuery: req.rawQuery === '' ? 'tampered=1' : `${req.rawQuery}&tampered=1` }), outcome: 'SignatureMismatch' },
  ];
  const host = copy(req, {});
  (host.headers as Map<string, string[]>).set('host', [`${req.headers.get('host')![0]!}.example`]);
  out.push({ what: 'host', request: host, outcome: 'SignatureMismatch' });
  const removable = signedHeaders.find((h) => !['host', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token'].includes(h));
  if (removable) {
    const dropped = copy(req, {});
    (dropped.headers as Map<string, string[]>).delete(removable);
    out.push({ what: `signed header ${removable} removed`, request: dropped, outcome: 'SignatureMismatch' });
  }
  if (req.body && req.body.length > 0) {
    const body = Buffer.from(req.body);
    body[0] = body[0] === 0x41 ? 0x42 : 0x41;
    const claimed = v.form === 'header' ? req.headers.get('x-amz-content-sha256')?.join(',') : undefined;
    const unsigned = claimed === 'UNSIGNED-PAYLOAD' || (v.form === 'query' && v.context.s3);
    out.push({ what: 'body', request: copy(req, { body }), outcome: unsigned ? 'accepted' : claimed ? 'ContentSha256Mismatch' : 'SignatureMismatch' });
  }
  const extra = copy(req, {});
  (extra.headers as Map<string, string[]>).set('x-sagelite-unsigned', ['added later']);
  out.push({ what: 'unsigned header added', request: extra, outcome: 'accepted' });
  return out;
}
