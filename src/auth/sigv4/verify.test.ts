import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { PACKAGE_ROOT } from '../../core/paths.js';
import { canonicalRequest, sha256Hex } from './canonical.js';
import { SigV4Error } from './errors.js';
import { SigningKeyCache } from './signing-key.js';
import { readClaim, verifyRequest, type SignedRequest } from './verify.js';

const SUITE = join(PACKAGE_ROOT, 'test', 'fixtures', 'aws-signing-test-suite', 'v4');

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

/** Parses a raw HTTP request of the suite: request line, headers (with folded lines), blank line, body. */
function parseRawRequest(text: string): SignedRequest {
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

const cases = readdirSync(SUITE).sort();

function read(name: string, file: string): string {
  return readFileSync(join(SUITE, name, file), 'utf8');
}

function verifierFor(ctx: Context) {
  return {
    clock: new FixedClock(new Date(ctx.timestamp)),
    s3: false,
    service: ctx.service,
    normalizePath: ctx.normalize,
    keys: new SigningKeyCache(),
    lookup: (id: string) =>
      id === ctx.credentials.access_key_id
        ? { secretAccessKey: ctx.credentials.secret_access_key, ...(ctx.credentials.token ? { sessionToken: ctx.credentials.token } : {}) }
        : undefined,
  };
}

describe('aws-c-auth SigV4 vectors', () => {
  it('has all 38 cases', () => assert.equal(cases.length, 38));
  for (const name of cases) {
    const ctx = JSON.parse(read(name, 'context.json')) as Context;
    for (const form of ['header', 'query'] as const) {
      it(`${name} (${form})`, () => {
        const req = parseRawRequest(read(name, `${form}-signed-request.txt`));
        const claim = readClaim(req, false);
        const creq = canonicalRequest({
          method: req.method,
          rawPath: req.rawPath,
          rawQuery: req.rawQuery,
          headers: req.headers,
          signedHeaders: claim.signedHeaders,
          payloadHash: sha256Hex(req.body!),
          s3: false,
          normalize: ctx.normalize,
          omitQueryParameters: form === 'query' ? ['X-Amz-Signature', ...(ctx.omit_session_token ? ['X-Amz-Security-Token'] : [])] : [],
        });
        assert.equal(creq, read(name, `${form}-canonical-request.txt`));
        const verified = verifyRequest(req, verifierFor(ctx));
        assert.equal(verified.claim.signature, read(name, `${form}-signature.txt`).trim());
      });
      it(`${name} (${form}) rejects a one-byte change to the signature`, () => {
        const text = read(name, `${form}-signed-request.txt`);
        const sig = read(name, `${form}-signature.txt`).trim();
        const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
        const req = parseRawRequest(text.replace(sig, flipped));
        assert.throws(() => verifyRequest(req, verifierFor(ctx)), (e: unknown) => e instanceof SigV4Error && e.kind === 'SignatureMismatch');
      });
    }
  }
});
