import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/errors.js';
import { checkReadConditions, checkWriteConditions, etagListMatches, type ReadConditions } from './conditions.js';

const object = { etag: 'abc', lastModified: new Date('2024-05-01T12:00:00.500Z') };
const now = new Date('2024-06-01T00:00:00Z');
const before = new Date('2024-04-01T00:00:00Z');
const after = new Date('2024-05-15T00:00:00Z');

function outcome(c: ReadConditions, copy = false): number {
  try {
    checkReadConditions(c, object, now, copy);
    return 200;
  } catch (e) {
    return (e as AwsError).status;
  }
}

describe('conditional reads', () => {
  it('matches ETag lists, quoted or not, weak tags and *', () => {
    assert.ok(etagListMatches('"abc"', 'abc'));
    assert.ok(etagListMatches('"x", "abc"', 'abc'));
    assert.ok(etagListMatches('W/"abc"', 'abc'));
    assert.ok(etagListMatches('*', 'abc'));
    assert.ok(!etagListMatches('"abd"', 'abc'));
  });

  it('If-Match decides before If-Unmodified-Since (a true If-Match overrides a failing date)', () => {
    assert.equal(outcome({ ifMatch: '"abc"', ifUnmodifiedSince: before }), 200);
    assert.equal(outcome({ ifMatch: '"zzz"', ifUnmodifiedSince: after }), 412);
    assert.equal(outcome({ ifUnmodifiedSince: before }), 412);
    assert.equal(outcome({ ifUnmodifiedSince: after }), 200);
  });

  it('If-None-Match decides before If-Modified-Since', () => {
    assert.equal(outcome({ ifNoneMatch: '"abc"', ifModifiedSince: before }), 304);
    assert.equal(outcome({ ifNoneMatch: '"zzz"', ifModifiedSince: after }), 200);
    assert.equal(outcome({ ifModifiedSince: after }), 304);
    assert.equal(outcome({ ifModifiedSince: before }), 200);
  });

  it('412 wins over 304', () => assert.equal(outcome({ ifMatch: '"zzz"', ifNoneMatch: '"abc"' }), 412));

  it('compares whole seconds, and ignores dates in the future', () => {
    assert.equal(outcome({ ifModifiedSince: new Date('2024-05-01T12:00:00Z') }), 304);
    assert.equal(outcome({ ifUnmodifiedSince: new Date('2024-05-01T12:00:00Z') }), 200);
    assert.equal(outcome({ ifModifiedSince: new Date('2030-01-01T00:00:00Z') }), 200);
  });

  it('copy-source conditions fail with 412 and name the x-amz-copy-source header', () => {
    assert.equal(outcome({ ifNoneMatch: '"abc"' }, true), 412);
    assert.equal(outcome({ ifModifiedSince: after }, true), 412);
    try {
      checkReadConditions({ ifMatch: '"no"' }, object, now, true);
    } catch (e) {
      assert.equal((e as AwsError).fields['Condition'], 'x-amz-copy-source-if-match');
    }
  });
});

describe('conditional writes', () => {
  const code = (f: () => void) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return (e as AwsError).code;
    }
  };
  it('If-None-Match: * refuses to overwrite; If-Match needs the ETag and an object', () => {
    assert.equal(code(() => checkWriteConditions({ ifNoneMatch: '*' }, 'k', undefined)), 'ok');
    assert.equal(code(() => checkWriteConditions({ ifNoneMatch: '*' }, 'k', { etag: 'abc' })), 'PreconditionFailed');
    assert.equal(code(() => checkWriteConditions({ ifMatch: '"abc"' }, 'k', { etag: 'abc' })), 'ok');
    assert.equal(code(() => checkWriteConditions({ ifMatch: '"abd"' }, 'k', { etag: 'abc' })), 'PreconditionFailed');
    assert.equal(code(() => checkWriteConditions({ ifMatch: '"abc"' }, 'k', undefined)), 'NoSuchKey');
    assert.equal(code(() => checkWriteConditions({ ifNoneMatch: '"abc"' }, 'k', undefined)), 'NotImplemented');
  });
});
