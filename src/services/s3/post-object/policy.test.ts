import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { checkPolicy, parsePolicy } from './policy.js';

const encoded = (doc: unknown) => Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)).toString('base64');
const failsWith = (code: string, message?: string) => (e: unknown) => e instanceof AwsError && e.code === code && (message === undefined || e.message === message);
const LATER = '2999-01-01T00:00:00.000Z';
const NOW = new Date('2024-05-06T07:08:09Z');

describe('POST policy', () => {
  it('InvalidPolicyDocument for what S3 cannot read', () => {
    for (const bad of ['{policy}', encoded('expiration'), encoded([]), encoded({ conditions: [] }), encoded({ expiration: LATER }), encoded({ expiration: LATER, conditions: {} })]) {
      assert.throws(() => parsePolicy(bad), failsWith('InvalidPolicyDocument'), bad);
    }
    for (const expiration of ['2999-01-01 00:00:00', '2999-01-01T00:00:00+00:00', '2999-02-30T00:00:00Z', 'tomorrow', 32503680000]) {
      assert.throws(() => parsePolicy(encoded({ expiration, conditions: [] })), failsWith('InvalidPolicyDocument', `Invalid Policy: Invalid 'expiration' value: '${String(expiration)}'`));
    }
    for (const condition of [{}, { a: '1', b: '2' }, { acl: 1 }, 'bucket', ['eq', '$key'], ['ends-with', '$key', 'x'], ['content-length-range', 0], ['content-length-range', -1, 0], ['content-length-range', 0, 'x']]) {
      assert.throws(() => parsePolicy(encoded({ expiration: LATER, conditions: [condition] })), failsWith('InvalidPolicyDocument'), JSON.stringify(condition));
    }
  });

  it('conditions: eq and starts-with on fields in any case, values exactly; Content-Type lists; the bucket; extra fields', () => {
    const fields = new Map([['key', 'user/a.txt'], ['content-type', 'image/png, image/gif'], ['x-amz-meta-tag', ''], ['x-ignore-me', '1'], ['policy', 'p'], ['x-amz-signature', 's']]);
    const policy = parsePolicy(encoded({
      expiration: LATER,
      conditions: [{ Bucket: 'b' }, ['StArTs-WiTh', '$Key', 'user/'], ['starts-with', '$Content-Type', 'image/'], ['eq', '$x-amz-meta-tag', ''], ['content-length-range', '1', 10], ['starts-with', '$absent', '']],
    }));
    assert.deepEqual(checkPolicy(policy, fields, 'b', NOW), { min: 1, max: 10 });
    assert.throws(() => checkPolicy(policy, fields, 'other', NOW), failsWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$Bucket", "b"]'));
    const withText = new Map([...fields, ['content-type', 'image/png,text/html']]);
    assert.throws(() => checkPolicy(policy, withText, 'b', NOW), failsWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]'));
    const extra = new Map([...fields, ['expires', '0']]);
    assert.throws(() => checkPolicy(policy, extra, 'b', NOW), failsWith('AccessDenied', 'Invalid according to Policy: Extra input fields: expires'));
    const noBucket = parsePolicy(encoded({ expiration: LATER, conditions: [['starts-with', '$key', '']] }));
    assert.throws(() => checkPolicy(noBucket, new Map([['key', 'k']]), 'b', NOW), failsWith('AccessDenied', 'Invalid according to Policy: Extra input fields: bucket'));
    const eqWithout$ = parsePolicy(encoded({ expiration: LATER, conditions: [{ bucket: 'b' }, ['eq', 'key', 'k']] }));
    assert.throws(() => checkPolicy(eqWithout$, new Map([['key', 'k']]), 'b', NOW), failsWith('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "key", "k"]'));
  });

  it('is valid until its expiration', () => {
    const policy = parsePolicy(encoded({ expiration: '2024-05-06T07:08:10Z', conditions: [{ bucket: 'b' }] }));
    assert.equal(checkPolicy(policy, new Map(), 'b', NOW), undefined);
    assert.throws(() => checkPolicy(policy, new Map(), 'b', new Date('2024-05-06T07:08:10Z')), failsWith('AccessDenied', 'Invalid according to Policy: Policy expired.'));
  });
});
