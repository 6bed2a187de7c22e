import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  awsSigningSuiteDir, loadAwsSigningSuite, loadOwnVectors, parseRawRequest, tamperedCopies, type SigV4Vector, type VectorContext,
} from '../../../test/support/sigv4-vectors.js';
import { FixedClock } from '../../core/clock.js';
import { PACKAGE_ROOT } from '../../core/paths.js';
import { canonicalRequest, sha256Hex } from './canonical.js';
import { SigV4Error } from './errors.js';
import { SigningKeyCache } from './signing-key.js';
import { readClaim, verifyRequest, type SignedRequest } from './verify.js';

function verifierFor(ctx: VectorContext) {
  return {
    clock: new FixedClock(new Date(ctx.timestamp)),
    s3: ctx.s3,
    service: ctx.service,
    normalizePath: ctx.normalize,
    keys: new SigningKeyCache(),
    lookup: (id: string) =>
      id === ctx.accessKeyId ? { secretAccessKey: ctx.secretAccessKey, ...(ctx.sessionToken ? { sessionToken: ctx.sessionToken } : {}) } : undefined,
  };
}

/** The payload hash the signer used: the claimed one, S3's unsigned one for presigned URLs, else the body's. */
function payloadHash(req: SignedRequest, v: SigV4Vector): string {
  const claimed = v.form === 'header' ? req.headers.get('x-amz-content-sha256')?.join(',') : undefined;
  if (claimed !== undefined) return claimed;
  return v.form === 'query' && v.context.s3 ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body!);
}

function outcomeOf(req: SignedRequest, ctx: VectorContext): string {
  try {
    verifyRequest(req, verifierFor(ctx));
    return 'accepted';
  } catch (e) {
    if (e instanceof SigV4Error) return e.kind;
    throw e;
  }
}

/** Each vector: our canonical request and scope equal the signer's, the request is accepted, tampered copies are not. */
function checkVectors(vectors: SigV4Vector[]): void {
  for (const v of vectors) {
    it(`${v.name} (${v.form}): the signer's canonical request and signature, accepted`, () => {
      const req = parseRawRequest(v.request);
      const claim = readClaim(req, v.context.s3);
      const creq = canonicalRequest({
        method: req.method,
        rawPath: req.rawPath,
        rawQuery: req.rawQuery,
        headers: req.headers,
        signedHeaders: claim.signedHeaders,
        payloadHash: payloadHash(req, v),
        s3: v.context.s3,
        normalize: v.context.normalize,
        omitQueryParameters: v.form === 'query' ? ['X-Amz-Signature', ...(v.context.tokenAddedAfterSigning ? ['X-Amz-Security-Token'] : [])] : [],
      });
      assert.equal(creq, v.canonicalRequest);
      const [algorithm, , scope, hash] = v.stringToSign.split('\n');
      assert.deepEqual([algorithm, scope, hash], ['AWS4-HMAC-SHA256', `${claim.scopeDate}/${claim.region}/${claim.service}/${claim.terminator}`, sha256Hex(creq)]);
      const verified = verifyRequest(req, verifierFor(v.context));
      assert.equal(verified.claim.signature, v.signature);
      assert.equal(verified.claim.accessKeyId, v.context.accessKeyId);
    });
    it(`${v.name} (${v.form}): tampered copies`, () => {
      const { signedHeaders } = readClaim(parseRawRequest(v.request), v.context.s3);
      for (const t of tamperedCopies(v, signedHeaders)) assert.equal(outcomeOf(t.request, v.context), t.outcome, t.what);
    });
  }
}

describe('SigV4 vectors signed by @smithy/signature-v4 (test/fixtures/sigv4-vectors.json)', () => {
  const vectors = loadOwnVectors();
  it('are what scripts/make-sigv4-vectors.mjs makes', () => {
    const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'make-sigv4-vectors.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
  it('cover both forms, S3 and other services, temporary credentials and a token added after signing', () => {
    assert.ok(vectors.length >= 70, `${vectors.length} signed requests`);
    assert.ok(vectors.some((v) => v.context.s3) && vectors.some((v) => !v.context.s3));
    assert.ok(vectors.some((v) => v.context.sessionToken && !v.context.tokenAddedAfterSigning));
    assert.ok(vectors.some((v) => v.form === 'query' && v.context.tokenAddedAfterSigning));
  });
  checkVectors(vectors);
});

const suite = awsSigningSuiteDir();
describe('aws-c-auth SigV4 vectors (read from the shared folder when present)', {
  skip: suite ? false : 'no aws-signing-test-suite here (../shared/testdata/, /work/shared/testdata/ or $SAGELITE_AWS_SIGNING_SUITE): sagelite does not carry it',
}, () => {
  if (!suite) return;
  const vectors = loadAwsSigningSuite(suite);
  it('has all 38 cases, each in both forms', () => assert.equal(vectors.length, 38 * 2));
  checkVectors(vectors);
});
