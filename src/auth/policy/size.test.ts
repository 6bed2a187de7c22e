import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policySize } from './size.js';

describe('policySize (checklist 20)', () => {
  it('counts characters other than whitespace', () => {
    assert.equal(policySize(''), 0);
    assert.equal(policySize('{ "Version": "2012-10-17" }'), 24);
    assert.equal(policySize(' \t\r\n'), 0);
  });
  it('the same document pretty-printed or minified has one size', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] };
    assert.equal(policySize(JSON.stringify(doc, null, 4)), policySize(JSON.stringify(doc)));
    assert.equal(policySize(JSON.stringify(doc)), JSON.stringify(doc).length);
  });
  it('a 6,144-character quota admits padding with whitespace', () => {
    const body = 'x'.repeat(6144);
    assert.equal(policySize(body + ' '.repeat(10_000)), 6144);
    assert.ok(policySize(body + 'y') > 6144);
  });
});
