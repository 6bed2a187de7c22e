import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, matchGlob } from './wildcard.js';
import { compileArnPattern, matchArn } from './arn-pattern.js';

describe('glob (* and ?)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', '', true],
    ['*', 'anything', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['??', 'ab', true],
    ['??', 'abc', false],
    ['s3:get*', 's3:getobject', true],
    ['s3:get*', 's3:putobject', false],
    ['*object', 's3:getobject', true],
    ['*obj*ct', 's3:getobject', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*a?', 'xxab', true],
    ['*a?', 'xxa', false],
    ['**x', 'x', true],
    ['a*?', 'a', false],
    ['a*?', 'ab', true],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      assert.equal(matchGlob(compileGlob(pattern), text), expected);
    });
  }

  it('matches a slice of the text without copying it', () => {
    assert.equal(matchGlob(compileGlob('b*'), 'abcd', 1, 3), true);
    assert.equal(matchGlob(compileGlob('bcd'), 'abcd', 1, 3), false);
  });

  it('handles 64 stars then a letter against long text in linear time (checklist 21)', () => {
    const pattern = compileGlob('*'.repeat(64) + 'x');
    const alternating = compileGlob('*a'.repeat(64) + '*b');
    const long = 'a'.repeat(100_000);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) {
      assert.equal(matchGlob(pattern, long), false);
      assert.equal(matchGlob(pattern, long + 'x'), true);
      assert.equal(matchGlob(alternating, long), false);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // A backtracking matcher needs astronomically long here; linear work is ~60M character steps.
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});

describe('ARN patterns (Resource, Arn* conditions)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', 'arn:aws:s3:::bkt', true],
    ['*', '*', true],
    ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt', true],
    ['arn:aws:s3:::Bkt/*', 'arn:aws:s3:::bkt/key', false], // resources are case-sensitive
    ['arn:aws:s3:::bkt/*', 'arn:aws:s3:::bkt', false], // checklist 12: Bkt/* is not bkt
    ['arn:aws:s3:::bkt/*', 'arn:aws:s3:::bkt/a/b:c', true], // the resource part spans / and :
    ['arn:aws:s3:::bk?', 'arn:aws:s3:::bkt', true],
    ['arn:aws:s3:::bk?', 'arn:aws:s3:::bktt', false],
    ['arn:aws:iam::*:role/*', `arn:aws:iam::111122223333:role/x`, true],
    ['arn:aws:iam::*:role/*', `arn:aws:sts::111122223333:assumed-role/x/y`, false],
    // A wildcard in an inner component cannot run across a colon.
    ['arn:aws:*:role/x', 'arn:aws:iam::111122223333:role/x', false],
    ['arn:aws:s3:*', 'arn:aws:s3:::bkt/k', true], // fewer components: the last spans the rest
    ['arn:aws:s3:::bkt', '*', false],
    ['arn:aws:dynamodb:*:*:table/T', 'arn:aws:dynamodb:us-east-1:111122223333:table/T', true],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${text}`, () => {
      assert.equal(matchArn(compileArnPattern(pattern), text), expected);
    });
  }
});
