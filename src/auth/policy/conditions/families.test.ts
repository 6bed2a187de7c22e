import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { conditionHolds } from '../../../../test/support/policy-helpers.js';
import type { RequestContextKeys } from '../types.js';

type Row = [operator: string, key: string, values: string[], context: RequestContextKeys, expected: boolean];

function table(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const [op, key, values, ctx, expected] of rows) {
      it(`${op} ${key} ${JSON.stringify(values)} with ${JSON.stringify(ctx)} → ${expected}`, () => {
        assert.equal(conditionHolds(op, key, values, ctx), expected);
      });
    }
  });
}

table('string operators', [
  ['StringEquals', 'k', ['a', 'b'], { k: 'b' }, true],
  ['StringEquals', 'k', ['a'], { k: 'A' }, false],
  ['StringEquals', 'k', ['5'], { k: 5 }, true],
  ['StringNotEquals', 'k', ['a', 'b'], { k: 'c' }, true],
  ['StringNotEquals', 'k', ['a', 'b'], { k: 'b' }, false], // NOR over values
  ['StringEqualsIgnoreCase', 'k', ['ABC'], { k: 'abc' }, true],
  ['StringNotEqualsIgnoreCase', 'k', ['ABC'], { k: 'abc' }, false],
  ['StringLike', 'k', ['home/*'], { k: 'home/alice/x' }, true],
  ['StringLike', 'k', ['h?me'], { k: 'home' }, true],
  ['StringLike', 'k', ['home/*'], { k: 'work/x' }, false],
  ['StringNotLike', 'k', ['home/*'], { k: 'work/x' }, true],
  ['StringEquals', 'k', ['${aws:username}'], { k: 'alice', 'aws:username': 'alice' }, true],
  ['StringEquals', 'k', ['${aws:username}'], { k: 'alice' }, false], // a variable with no value is null
  ['StringEquals', 'k', ['${aws:username}', 'alice'], { k: 'alice' }, true], // … the other values still match
  ['StringNotEquals', 'k', ['${aws:PrincipalTag/team}'], { k: 'blue' }, true], // negated operators hold against null
  ['StringNotLike', 'k', ['${aws:PrincipalTag/team}*'], { k: 'blue' }, true],
  ['ArnNotLike', 'k', ['arn:aws:iam::${aws:PrincipalAccount}:*'], { k: 'arn:aws:iam::1:role/x' }, true],
  ['ArnLike', 'k', ['arn:aws:iam::${aws:PrincipalAccount}:*'], { k: 'arn:aws:iam::1:role/x' }, false],
  ['StringLike', 'k', ['${aws:username}/*'], { k: 'alice/x', 'aws:username': 'alice' }, true],
  ['StringEquals', 'K', ['a'], { k: 'a' }, true], // key names are case-insensitive
]);

table('numeric operators', [
  ['NumericEquals', 'n', ['10'], { n: 10 }, true],
  ['NumericEquals', 'n', ['10'], { n: '10.0' }, true],
  ['NumericNotEquals', 'n', ['10'], { n: 11 }, true],
  ['NumericLessThan', 'n', ['10'], { n: 9 }, true],
  ['NumericLessThan', 'n', ['10'], { n: 10 }, false],
  ['NumericLessThanEquals', 'n', ['10'], { n: 10 }, true],
  ['NumericGreaterThan', 'n', ['10'], { n: '11' }, true],
  ['NumericGreaterThanEquals', 'n', ['10'], { n: 9 }, false],
  ['NumericEquals', 'n', ['10'], { n: 'ten' }, false],
]);

table('Bool', [
  ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': true }, true],
  ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': true }, false],
  ['Bool', 'aws:SecureTransport', ['TRUE'], { 'aws:SecureTransport': 'true' }, true],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  ['Bool', 'aws:MultiFactorAuthPresent', ['false'], {}, false],
]);

table('BinaryEquals', [
  ['BinaryEquals', 'b', ['QmluYXJ5VmFsdWU='], { b: 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals', 'b', ['QmluYXJ5VmFsdWU='], { b: 'qmluyxj5vmfsdwu=' }, false],
]);

table('ARN operators (component-wise, case-sensitive)', [
  ['ArnLike', 'aws:SourceArn', ['arn:aws:s3:::bkt*'], { 'aws:SourceArn': 'arn:aws:s3:::bkt-logs' }, true],
  ['ArnEquals', 'aws:SourceArn', ['arn:aws:iam::*:role/R'], { 'aws:SourceArn': 'arn:aws:iam::111122223333:role/R' }, true],
  ['ArnEquals', 'aws:SourceArn', ['arn:aws:iam::*:role/R'], { 'aws:SourceArn': 'arn:aws:iam::111122223333:role/r' }, false],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:s3:::bkt*'], { 'aws:SourceArn': 'arn:aws:s3:::other' }, true],
  ['ArnLike', 'aws:PrincipalArn', ['${aws:PrincipalArn}'], { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/a' }, true],
  ['ArnLike', 'k', ['arn:aws:*'], { k: 'arn:aws:s3:::b' }, true],
  ['ArnLike', 'k', ['arn:aws:s3:::b'], { k: 7 }, false],
]);

table('Null', [
  ['Null', 'aws:TokenIssueTime', ['true'], {}, true],
  ['Null', 'aws:TokenIssueTime', ['true'], { 'aws:TokenIssueTime': '2025-01-01T00:00:00Z' }, false],
  ['Null', 'aws:TokenIssueTime', ['false'], { 'aws:TokenIssueTime': '2025-01-01T00:00:00Z' }, true],
  ['Null', 'aws:TagKeys', ['true'], { 'aws:TagKeys': [] }, true],
]);
