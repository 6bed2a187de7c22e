import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, resolveToString } from './variables.js';
import { A, alice, allow, devSession, named, policy } from '../../../test/support/policy-helpers.js';
import { evaluate } from './decision.js';
import type { EvalPrincipal, RequestContextKeys } from './types.js';

const resolver = (ctx: Record<string, string>) => (key: string) => ctx[key];

describe('policy variables', () => {
  it('substitutes keys, defaults and escapes', () => {
    const t = parseTemplate("home/${aws:username}/${s3:x, 'dflt'}/${*}${?}${$}")!;
    assert.equal(resolveToString(t, resolver({ 'aws:username': 'alice' })), 'home/alice/dflt/*?$');
  });
  it('leaves text without variables alone', () => {
    assert.equal(parseTemplate('arn:aws:s3:::bkt/*'), undefined);
    assert.equal(parseTemplate('a ${ unterminated'), undefined);
  });
  it('gives undefined when a key has no value and no default', () => {
    assert.equal(resolveToString(parseTemplate('${aws:username}')!, resolver({})), undefined);
  });
});

function decide(principal: EvalPrincipal, resource: string, context: RequestContextKeys, resourcePattern: string) {
  const p = named('p', 'identity', [allow('s3:GetObject', resourcePattern)]);
  return evaluate({ request: { principal, action: 's3:GetObject', resource, context }, identityPolicies: [p] }).result;
}

describe('variables in Resource (checklist 13)', () => {
  it('${aws:username} matches the user', () => {
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/alice/x', { 'aws:username': 'alice' }, 'arn:aws:s3:::bkt/${aws:username}/*'), 'Allow');
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/bob/x', { 'aws:username': 'alice' }, 'arn:aws:s3:::bkt/${aws:username}/*'), 'ImplicitDeny');
  });
  it('${aws:username} for a role session (no aws:username key) → statement does not match', () => {
    assert.equal(decide(devSession, 'arn:aws:s3:::bkt/s1/x', {}, 'arn:aws:s3:::bkt/${aws:username}/*'), 'ImplicitDeny');
  });
  it('NotResource with a variable that has no value excludes nothing (the entry is null)', () => {
    const p = named('p', 'identity', [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bkt/${aws:username}/*' }]);
    const ask = (principal: EvalPrincipal, context: RequestContextKeys) =>
      evaluate({ request: { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::bkt/s1/x', context }, identityPolicies: [p] }).result;
    assert.equal(ask(devSession, {}), 'Allow');
    assert.equal(ask(alice, { 'aws:username': 's1' }), 'ImplicitDeny');
  });
  it('a default applies when the key is missing', () => {
    assert.equal(decide(devSession, 'arn:aws:s3:::bkt/shared/x', {}, "arn:aws:s3:::bkt/${aws:username, 'shared'}/*"), 'Allow');
  });
  it('${*} is a literal star, not a wildcard', () => {
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/*', {}, 'arn:aws:s3:::bkt/${*}'), 'Allow');
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/x', {}, 'arn:aws:s3:::bkt/${*}'), 'ImplicitDeny');
  });
  it('a substituted value is literal: a tag value "*" does not become a wildcard', () => {
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/x', { 'aws:PrincipalTag/p': '*' }, 'arn:aws:s3:::bkt/${aws:PrincipalTag/p}'), 'ImplicitDeny');
  });
  it('key lookup is case-insensitive', () => {
    assert.equal(decide(alice, 'arn:aws:s3:::bkt/alice', { 'AWS:UserName': 'alice' }, 'arn:aws:s3:::bkt/${aws:username}'), 'Allow');
  });
  it('Version 2008-10-17: variables are literal text', () => {
    const bucketPolicy = {
      name: 'bucket policy of bkt',
      policy: policy('resource', [allow('s3:GetObject', 'arn:aws:s3:::bkt/${aws:username}', { Principal: { AWS: alice.arn } })], '2008-10-17'),
    };
    const ask = (resource: string) =>
      evaluate({ request: { principal: alice, action: 's3:GetObject', resource, context: { 'aws:username': 'alice' } }, identityPolicies: [], resourcePolicy: bucketPolicy }).result;
    assert.equal(ask('arn:aws:s3:::bkt/alice'), 'ImplicitDeny');
    assert.equal(ask('arn:aws:s3:::bkt/${aws:username}'), 'Allow');
    assert.equal(A.length, 12);
  });
});
