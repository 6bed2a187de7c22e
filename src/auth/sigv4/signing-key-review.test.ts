import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveSigningKey, SigningKeyCache, signaturesEqual } from './signing-key.js';

/** A string stand-in that counts which positions were read. */
function counted(text: string, reads: number[]): string {
  return { length: text.length, charCodeAt: (i: number) => (reads.push(i), text.charCodeAt(i)) } as unknown as string;
}

test('signaturesEqual reads every position whatever the first difference is (no short-circuit on content)', () => {
  const expected = 'a'.repeat(64);
  for (const provided of ['b' + 'a'.repeat(63), 'a'.repeat(63) + 'b', 'a'.repeat(64)]) {
    const reads: number[] = [];
    const equal = signaturesEqual(counted(expected, reads), provided);
    assert.equal(equal, provided === expected);
    assert.deepEqual(reads, [...Array(64).keys()], `all 64 characters compared for ${provided.slice(0, 2)}…`);
  }
  assert.equal(signaturesEqual('abc', 'abcd'), false, 'a length difference is refused (it may be early)');
  assert.equal(signaturesEqual('', ''), true);
  assert.equal(signaturesEqual('tökén', 'tökén'), true);
  assert.equal(signaturesEqual('tökén', 'tökén'.replace('é', 'e')), false);
});

test('SigningKeyCache: every entry derives from its own secret, region and service, even with `/` in a secret', () => {
  const cache = new SigningKeyCache();
  // Two different triples whose plain `date/region/service/secret` joins are the same text.
  const a = cache.get('s3/abc', '20260101', 'us', 'x');
  const b = cache.get('abc', '20260101', 'us/x', 's3');
  assert.deepEqual(a, deriveSigningKey('s3/abc', '20260101', 'us', 'x'));
  assert.deepEqual(b, deriveSigningKey('abc', '20260101', 'us/x', 's3'));
  assert.notDeepEqual(a, b);
  // Two accounts' keys that share a secret share the derived key (it depends on nothing else).
  assert.deepEqual(cache.get('same/secret', '20260101', 'us-east-1', 'athena'), deriveSigningKey('same/secret', '20260101', 'us-east-1', 'athena'));
  assert.notDeepEqual(cache.get('same/secret', '20260101', 'us-east-1', 'athena'), cache.get('same/secreT', '20260101', 'us-east-1', 'athena'));
});
