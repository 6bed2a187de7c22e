import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alice, allow, conditionHolds, named } from '../../../../test/support/policy-helpers.js';
import { evaluate } from '../decision.js';
import type { RequestContextKeys } from '../types.js';

describe('missing keys (checklist 14)', () => {
  it('StringEquals → false, StringNotEquals → true, IfExists → true', () => {
    assert.equal(conditionHolds('StringEquals', 'k', ['a'], {}), false);
    assert.equal(conditionHolds('StringNotEquals', 'k', ['a'], {}), true);
    assert.equal(conditionHolds('StringEqualsIfExists', 'k', ['a'], {}), true);
    assert.equal(conditionHolds('StringNotLike', 'k', ['a'], {}), true);
    assert.equal(conditionHolds('NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], {}), true);
    assert.equal(conditionHolds('NumericLessThan', 'n', ['1'], {}), false);
  });
  it('IfExists still tests a present key', () => {
    assert.equal(conditionHolds('StringEqualsIfExists', 'k', ['a'], { k: 'b' }), false);
  });
});

describe('multi-valued keys (checklist 15)', () => {
  const tags = (v: string[]): RequestContextKeys => ({ 'aws:TagKeys': v });
  it('empty or missing set: ForAllValues → true, ForAnyValue → false', () => {
    assert.equal(conditionHolds('ForAllValues:StringEquals', 'aws:TagKeys', ['a'], tags([])), true);
    assert.equal(conditionHolds('ForAllValues:StringEquals', 'aws:TagKeys', ['a'], {}), true);
    assert.equal(conditionHolds('ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], tags([])), false);
    assert.equal(conditionHolds('ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], {}), false);
  });
  it('ForAllValues: every value must be allowed; ForAnyValue: one suffices', () => {
    assert.equal(conditionHolds('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], tags(['a', 'b'])), true);
    assert.equal(conditionHolds('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], tags(['a', 'c'])), false);
    assert.equal(conditionHolds('ForAnyValue:StringEquals', 'aws:TagKeys', ['a'], tags(['c', 'a'])), true);
    assert.equal(conditionHolds('ForAnyValue:StringLike', 'aws:TagKeys', ['x*'], tags(['c', 'a'])), false);
  });
  it('negated operators under a qualifier are NOR per context value', () => {
    assert.equal(conditionHolds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret', 'admin'], tags(['a', 'b'])), true);
    assert.equal(conditionHolds('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret', 'admin'], tags(['a', 'admin'])), false);
    assert.equal(conditionHolds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], tags(['secret', 'b'])), true);
  });
  it('a plain operator over a multi-valued key: positive needs one match, negated needs none', () => {
    assert.equal(conditionHolds('StringEquals', 'k', ['a'], { k: ['b', 'a'] }), true);
    assert.equal(conditionHolds('StringNotEquals', 'k', ['a'], { k: ['b', 'a'] }), false);
    assert.equal(conditionHolds('StringNotEquals', 'k', ['a'], { k: ['b', 'c'] }), true);
  });

  it('operators AND, keys AND, values OR in a statement', () => {
    const p = named('p', 'identity', [
      allow('s3:GetObject', '*', {
        Condition: {
          StringEquals: { 'aws:username': ['alice', 'carol'], 'aws:PrincipalTag/team': 'ml' },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      }),
    ]);
    const ask = (context: RequestContextKeys) =>
      evaluate({ request: { principal: alice, action: 's3:GetObject', resource: '*', context }, identityPolicies: [p] }).result;
    const good = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ml', 'aws:SecureTransport': true };
    assert.equal(ask(good), 'Allow');
    assert.equal(ask({ ...good, 'aws:username': 'carol' }), 'Allow'); // values OR
    assert.equal(ask({ ...good, 'aws:PrincipalTag/team': 'web' }), 'ImplicitDeny'); // keys AND
    assert.equal(ask({ ...good, 'aws:SecureTransport': false }), 'ImplicitDeny'); // operators AND
  });
});
