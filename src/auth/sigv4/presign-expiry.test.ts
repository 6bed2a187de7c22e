import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { canonicalRequest, EMPTY_SHA256, sha256Hex } from './canonical.js';
import { SigV4Error } from './errors.js';
import { deriveSigningKey, hmac, SigningKeyCache, stringToSign } from './signing-key.js';
import { checkBeforeBody, verifyRequest, type SignedRequest } from './verify.js';

// A presigned URL to a service other than S3 may omit X-Amz-Expires; AWS then still refuses it
// once its X-Amz-Date is more than 15 minutes old (issue 12: a URL dated 2020 was accepted).

const SECRET = 'secret-key-for-tests';
const KEY = 'AKIAPRESIGNTEST00001';

/** A presigned STS GetCallerIdentity request signed at `date`, with X-Amz-Expires only if given. */
function presigned(date: string, expires?: number): SignedRequest {
  const day = date.slice(0, 8);
  const credential = encodeURIComponent(`${KEY}/${day}/us-east-1/sts/aws4_request`);
  const params = [
    'Action=GetCallerIdentity',
    'Version=2011-06-15',
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    `X-Amz-Credential=${credential}`,
    `X-Amz-Date=${date}`,
    ...(expires !== undefined ? [`X-Amz-Expires=${expires}`] : []),
    'X-Amz-SignedHeaders=host',
  ];
  const headers = new Map([['host', ['sts.amazonaws.com']]]);
  const rawQuery = params.join('&');
  const creq = canonicalRequest({ method: 'GET', rawPath: '/', rawQuery, headers, signedHeaders: ['host'], payloadHash: EMPTY_SHA256, s3: false, normalize: true, omitQueryParameters: [] });
  const sts = stringToSign(date, `${day}/us-east-1/sts/aws4_request`, sha256Hex(creq));
  const signature = hmac(deriveSigningKey(SECRET, day, 'us-east-1', 'sts'), sts).toString('hex');
  return { method: 'GET', rawPath: '/', rawQuery: `${rawQuery}&X-Amz-Signature=${signature}`, headers };
}

function verifyAt(now: string, req: SignedRequest) {
  return verifyRequest(req, {
    clock: new FixedClock(new Date(now)),
    s3: false,
    service: 'sts',
    keys: new SigningKeyCache(),
    lookup: (id) => (id === KEY ? { secretAccessKey: SECRET } : undefined),
  });
}

const kind = (k: string) => (e: unknown) => e instanceof SigV4Error && e.kind === k;

describe('presigned requests outside S3: the 15-minute window applies with or without X-Amz-Expires', () => {
  it('accepts a URL without X-Amz-Expires within 15 minutes of its date', () => {
    assert.equal(verifyAt('2024-03-01T12:14:59Z', presigned('20240301T120000Z')).claim.form, 'query');
  });

  it('refuses a URL without X-Amz-Expires dated 2020 as expired, before its signature is looked at', () => {
    const req = presigned('20200101T000000Z');
    assert.throws(() => verifyAt('2024-03-01T12:00:00Z', req), kind('SkewedPast'));
    const bad = { ...req, rawQuery: req.rawQuery.replace(/X-Amz-Signature=\w+/, `X-Amz-Signature=${'0'.repeat(64)}`) };
    assert.throws(() => verifyAt('2024-03-01T12:00:00Z', bad), kind('SkewedPast'));
  });

  it('refuses a URL without X-Amz-Expires 15 minutes and one second after its date', () => {
    assert.throws(() => verifyAt('2024-03-01T12:15:01Z', presigned('20240301T120000Z')), kind('SkewedPast'));
  });

  it('does not let X-Amz-Expires stretch the life of a URL past 15 minutes', () => {
    assert.throws(() => verifyAt('2024-03-01T13:00:00Z', presigned('20240301T120000Z', 604800)), kind('SkewedPast'));
  });

  it('still honours a shorter X-Amz-Expires', () => {
    assert.equal(verifyAt('2024-03-01T12:00:30Z', presigned('20240301T120000Z', 60)).claim.form, 'query');
    assert.throws(() => verifyAt('2024-03-01T12:01:01Z', presigned('20240301T120000Z', 60)), kind('PresignExpired'));
  });

  it('refuses a URL dated more than 15 minutes ahead', () => {
    assert.throws(() => verifyAt('2024-03-01T11:44:00Z', presigned('20240301T120000Z')), kind('PresignNotYetValid'));
  });

  it('the header-level checks alone refuse it too (no body read for it)', () => {
    assert.throws(
      () =>
        checkBeforeBody(presigned('20200101T000000Z'), {
          clock: new FixedClock(new Date('2024-03-01T12:00:00Z')),
          s3: false,
          service: 'sts',
          keys: new SigningKeyCache(),
          lookup: () => ({ secretAccessKey: SECRET }),
        }),
      kind('SkewedPast'),
    );
  });
});
