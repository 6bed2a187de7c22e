import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './decision.js';
import { A, B, alice, allow, anonymous, bob, denyStmt, devSession, named, rootA, sagemaker } from '../../../test/support/policy-helpers.js';
import type { EvalPrincipal, EvaluationInput, NamedPolicy } from './types.js';

const OBJECT = 'arn:aws:s3:::bkt/key';
const roleArn = `arn:aws:iam::${A}:role/team/Dev`;
const readIdentity = named('read', 'identity', [allow('s3:GetObject', 'arn:aws:s3:::bkt/*')]);
const bucketPolicy = (principal: unknown, effect: 'Allow' | 'Deny' = 'Allow') =>
  named('bucket policy of bkt', 'resource', [{ Effect: effect, Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bkt/*' }]);
const silentBoundary = named('boundary', 'boundary', [allow('s3:ListBucket')]);
const silentSession = [named('session', 'session', [allow('s3:ListBucket')])];

function run(principal: EvalPrincipal, extra: Partial<EvaluationInput> = {}, resourceAccount?: string, action = 's3:GetObject', resource = OBJECT) {
  return evaluate({
    request: { principal, action, resource, context: {}, ...(resourceAccount ? { resourceAccount } : {}) },
    identityPolicies: [],
    ...extra,
  });
}

describe('same account', () => {
  it('identity Allow, no resource policy → Allow (checklist 1)', () => {
    assert.equal(run(alice, { identityPolicies: [readIdentity] }).result, 'Allow');
  });
  it('no policy at all → ImplicitDeny by identity', () => {
    assert.deepEqual({ ...run(alice) }, { result: 'ImplicitDeny', deniedBy: { type: 'identity', explicit: false } });
  });
  it('resource policy names the user ARN, no identity policy → Allow (checklist 2)', () => {
    assert.equal(run(alice, { resourcePolicy: bucketPolicy({ AWS: alice.arn }) }).result, 'Allow');
  });
  it('… even with a silent boundary (user ARN ignores the boundary)', () => {
    assert.equal(run(alice, { resourcePolicy: bucketPolicy({ AWS: alice.arn }), permissionBoundary: silentBoundary }).result, 'Allow');
  });
  it('resource policy names the role ARN, boundary silent → ImplicitDeny by boundary (checklist 3)', () => {
    const d = run(devSession, { resourcePolicy: bucketPolicy({ AWS: roleArn }), permissionBoundary: silentBoundary });
    assert.deepEqual(d.deniedBy, { type: 'boundary', explicit: false });
  });
  it('role ARN, session policy silent → ImplicitDeny by session; both allowing → Allow', () => {
    assert.deepEqual(run(devSession, { resourcePolicy: bucketPolicy({ AWS: roleArn }), sessionPolicies: silentSession }).deniedBy, { type: 'session', explicit: false });
    assert.equal(run(devSession, { resourcePolicy: bucketPolicy({ AWS: roleArn }) }).result, 'Allow');
  });
  it('resource policy names the session ARN: boundary and session policies do not limit (checklist 4, per AWS docs)', () => {
    const d = run(devSession, { resourcePolicy: bucketPolicy({ AWS: devSession.arn }), permissionBoundary: silentBoundary, sessionPolicies: silentSession });
    assert.equal(d.result, 'Allow');
  });
  it('resource policy names the account: delegation, the identity side must allow (checklist 6)', () => {
    assert.deepEqual(run(alice, { resourcePolicy: bucketPolicy({ AWS: A }) }).deniedBy, { type: 'identity', explicit: false });
    assert.equal(run(alice, { resourcePolicy: bucketPolicy({ AWS: A }), identityPolicies: [readIdentity] }).result, 'Allow');
  });
  it('Principal "*" allows like naming the caller', () => {
    assert.equal(run(devSession, { resourcePolicy: bucketPolicy('*'), permissionBoundary: silentBoundary }).result, 'Allow');
  });
  it('the root user needs no identity policy in its own account', () => {
    assert.equal(run(rootA).result, 'Allow');
    assert.equal(run(rootA, { resourcePolicy: bucketPolicy({ AWS: A }, 'Deny') }).result, 'ExplicitDeny');
  });
  it('boundary: identity Allow but boundary silent → ImplicitDeny by boundary; session likewise', () => {
    assert.deepEqual(run(alice, { identityPolicies: [readIdentity], permissionBoundary: silentBoundary }).deniedBy, { type: 'boundary', explicit: false });
    assert.deepEqual(run(devSession, { identityPolicies: [readIdentity], sessionPolicies: silentSession }).deniedBy, { type: 'session', explicit: false });
    const sessionAllows = [silentSession[0]!, named('s2', 'session', [allow('s3:Get*')])]; // union of session policies
    assert.equal(run(devSession, { identityPolicies: [readIdentity], sessionPolicies: sessionAllows }).result, 'Allow');
  });
});

describe('explicit deny wins everywhere', () => {
  const denyAll = (kind: 'identity' | 'boundary' | 'session') => named(`deny ${kind}`, kind, [allow('s3:*'), denyStmt('s3:GetObject')]);
  it('in identity, boundary, session and resource policies', () => {
    assert.deepEqual(run(alice, { identityPolicies: [readIdentity, denyAll('identity')] }).deniedBy, { type: 'identity', explicit: true });
    assert.deepEqual(run(alice, { identityPolicies: [readIdentity], permissionBoundary: denyAll('boundary') }).deniedBy, { type: 'boundary', explicit: true });
    assert.deepEqual(run(devSession, { identityPolicies: [readIdentity], sessionPolicies: [denyAll('session')] }).deniedBy, { type: 'session', explicit: true });
    const d = run(alice, { identityPolicies: [readIdentity], resourcePolicy: bucketPolicy({ AWS: alice.arn }, 'Deny') });
    assert.deepEqual({ result: d.result, deniedBy: d.deniedBy }, { result: 'ExplicitDeny', deniedBy: { type: 'resource', explicit: true } });
  });
  it('NotPrincipal + Deny without the account ARN denies the named session too (checklist 10)', () => {
    const rbp = named('bucket', 'resource', [
      { Effect: 'Allow', Principal: { AWS: roleArn }, Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: [devSession.arn, roleArn] }, Action: 's3:*', Resource: '*' },
    ]);
    assert.equal(run(devSession, { resourcePolicy: rbp }).result, 'ExplicitDeny');
  });
  it('NotPrincipal + Deny always applies to a principal with a permissions boundary (AWS docs)', () => {
    const rbp = named('bucket', 'resource', [
      { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, A] }, Action: 's3:*', Resource: '*' },
    ]);
    assert.equal(run(alice, { resourcePolicy: rbp }).result, 'Allow');
    assert.equal(run(alice, { resourcePolicy: rbp, permissionBoundary: named('b', 'boundary', [allow('*')]) }).result, 'ExplicitDeny');
  });
});

describe('cross-account (checklist 5)', () => {
  const bobRead = named('bob read', 'identity', [allow('s3:GetObject', 'arn:aws:s3:::bkt/*')]);
  it('only the resource policy allowing → ImplicitDeny by identity', () => {
    assert.deepEqual(run(bob, { resourcePolicy: bucketPolicy({ AWS: bob.arn }) }, A).deniedBy, { type: 'identity', explicit: false });
  });
  it('only the identity policy allowing → ImplicitDeny by resource', () => {
    assert.deepEqual(run(bob, { identityPolicies: [bobRead] }, A).deniedBy, { type: 'resource', explicit: false });
    assert.deepEqual(run(bob, { identityPolicies: [bobRead], resourcePolicy: bucketPolicy({ AWS: alice.arn }) }, A).deniedBy, { type: 'resource', explicit: false });
  });
  it('both allowing → Allow; an account-level Principal suffices on the resource side', () => {
    assert.equal(run(bob, { identityPolicies: [bobRead], resourcePolicy: bucketPolicy({ AWS: bob.arn }) }, A).result, 'Allow');
    assert.equal(run(bob, { identityPolicies: [bobRead], resourcePolicy: bucketPolicy({ AWS: B }) }, A).result, 'Allow');
  });
  it('any Deny → ExplicitDeny', () => {
    const rbp = named('b', 'resource', [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }]);
    assert.equal(run(bob, { identityPolicies: [bobRead], resourcePolicy: rbp }, A).result, 'ExplicitDeny');
  });
  it('a boundary still limits the identity side cross-account', () => {
    assert.deepEqual(run(bob, { identityPolicies: [bobRead], resourcePolicy: bucketPolicy({ AWS: bob.arn }), permissionBoundary: silentBoundary }, A).deniedBy, { type: 'boundary', explicit: false });
  });
});

describe('trust policies (checklist 7)', () => {
  const role = `arn:aws:iam::${A}:role/Target`;
  const trust = (principal: unknown): NamedPolicy => named('trust policy of Target', 'trust', [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
  const canAssume = named('assume', 'identity', [allow('sts:AssumeRole', role)]);
  const assume = (caller: EvalPrincipal, extra: Partial<EvaluationInput>, account?: string) => run(caller, extra, account, 'sts:AssumeRole', role);

  it('trust names the account only and the caller lacks sts:AssumeRole → denied by identity', () => {
    assert.deepEqual(assume(alice, { resourcePolicy: trust({ AWS: `arn:aws:iam::${A}:root` }) }).deniedBy, { type: 'identity', explicit: false });
    assert.equal(assume(alice, { resourcePolicy: trust({ AWS: A }), identityPolicies: [canAssume] }).result, 'Allow');
  });
  it('trust names the user ARN → allowed without an identity policy (same account)', () => {
    assert.equal(assume(alice, { resourcePolicy: trust({ AWS: alice.arn }) }).result, 'Allow');
  });
  it('identity allows but trust does not name the caller → denied by resource', () => {
    assert.deepEqual(assume(alice, { resourcePolicy: trust({ AWS: bob.arn }), identityPolicies: [canAssume] }).deniedBy, { type: 'resource', explicit: false });
  });
  it('cross-account: both the trust policy and the identity policy must allow', () => {
    assert.equal(assume(bob, { resourcePolicy: trust({ AWS: bob.arn }) }, A).result, 'ImplicitDeny');
    const bobAssume = named('assume', 'identity', [allow('sts:AssumeRole', role)]);
    assert.equal(assume(bob, { resourcePolicy: trust({ AWS: B }), identityPolicies: [bobAssume] }, A).result, 'Allow');
  });
  it('a service principal needs only the trust policy', () => {
    assert.equal(assume(sagemaker, { resourcePolicy: trust({ Service: 'sagemaker.amazonaws.com' }) }, A).result, 'Allow');
    assert.deepEqual(assume(sagemaker, { resourcePolicy: trust({ Service: 'ec2.amazonaws.com' }) }, A).deniedBy, { type: 'resource', explicit: false });
  });
  it('a deleted-and-recreated user no longer matches its bound trust entry (checklist 8)', () => {
    const bound = { ...trust({ AWS: alice.arn }), principalBindings: { [alice.arn]: 'AIDAOLD000000000000' } };
    assert.equal(assume(alice, { resourcePolicy: bound }).result, 'ImplicitDeny');
  });
});

describe('KMS key policies (mustAllow)', () => {
  const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const keyPolicy = (principal: unknown, effect: 'Allow' | 'Deny' = 'Allow'): NamedPolicy =>
    ({ ...named(`key policy of ${KEY}`, 'resource', [{ Effect: effect, Principal: principal, Action: 'kms:*', Resource: '*' }]), mustAllow: true });
  const decrypt = (principal: EvalPrincipal, extra: Partial<EvaluationInput>, resourceAccount?: string) => run(principal, extra, resourceAccount, 'kms:Decrypt', KEY);
  const canDecrypt = named('use keys', 'identity', [allow('kms:Decrypt', '*')]);
  it('an identity policy alone is not enough in the key’s own account: the key policy must allow', () => {
    assert.deepEqual(decrypt(alice, { identityPolicies: [canDecrypt], resourcePolicy: keyPolicy({ AWS: bob.arn }) }).deniedBy, { type: 'resource', explicit: false });
  });
  it('the key policy naming the account root delegates to IAM: then the identity side decides', () => {
    assert.equal(decrypt(alice, { identityPolicies: [canDecrypt], resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }) }).result, 'Allow');
    assert.deepEqual(decrypt(alice, { resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }) }).deniedBy, { type: 'identity', explicit: false });
  });
  it('the key policy naming the user allows without an identity policy; even root is refused a key policy that names no one', () => {
    assert.equal(decrypt(alice, { resourcePolicy: keyPolicy({ AWS: alice.arn }) }).result, 'Allow');
    assert.deepEqual(decrypt(rootA, { resourcePolicy: keyPolicy({ AWS: bob.arn }) }).deniedBy, { type: 'resource', explicit: false });
  });
  it('cross-account: the key policy and the caller’s identity policy must both allow', () => {
    const bobDecrypt = named('use keys', 'identity', [allow('kms:Decrypt', '*')]);
    assert.equal(decrypt(bob, { resourcePolicy: keyPolicy({ AWS: B }), identityPolicies: [bobDecrypt] }, A).result, 'Allow');
    assert.deepEqual(decrypt(bob, { resourcePolicy: keyPolicy({ AWS: B }) }, A).deniedBy, { type: 'identity', explicit: false });
    assert.deepEqual(decrypt(bob, { resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${A}:root` }), identityPolicies: [bobDecrypt] }, A).deniedBy, { type: 'resource', explicit: false });
  });
  it('an explicit Deny in the key policy wins', () => {
    assert.equal(decrypt(alice, { resourcePolicy: keyPolicy({ AWS: alice.arn }, 'Deny'), identityPolicies: [canDecrypt] }).result, 'ExplicitDeny');
  });
});

describe('misuse', () => {
  it('a permissions policy passed as the resource policy names no one and so never allows', () => {
    assert.equal(run(alice, { identityPolicies: [readIdentity], resourcePolicy: readIdentity }).result, 'Allow');
    assert.deepEqual(run(alice, { resourcePolicy: readIdentity }).deniedBy, { type: 'identity', explicit: false });
    assert.deepEqual(run(bob, { identityPolicies: [readIdentity], resourcePolicy: readIdentity }, A).deniedBy, { type: 'resource', explicit: false });
  });
});

describe('anonymous callers', () => {
  it('Principal "*" lets an anonymous GET through; nothing else does', () => {
    assert.equal(run(anonymous, { resourcePolicy: bucketPolicy('*') }, A).result, 'Allow');
    assert.equal(run(anonymous, { resourcePolicy: bucketPolicy({ AWS: A }) }, A).result, 'ImplicitDeny');
    assert.equal(run(anonymous, {}, A).result, 'ImplicitDeny');
  });
});

describe('actions (checklist 12)', () => {
  it('actions are case-insensitive; NotAction grants everything else', () => {
    assert.equal(run(alice, { identityPolicies: [readIdentity] }, undefined, 'S3:getobject').result, 'Allow');
    const notAction = named('n', 'identity', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
    assert.equal(run(alice, { identityPolicies: [notAction] }).result, 'Allow');
    assert.equal(run(alice, { identityPolicies: [notAction] }, undefined, 'IAM:CreateUser').result, 'ImplicitDeny');
  });
  it('NotResource excludes the listed resources', () => {
    const p = named('n', 'identity', [{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }]);
    assert.equal(run(alice, { identityPolicies: [p] }).result, 'Allow');
    assert.equal(run(alice, { identityPolicies: [p] }, undefined, 's3:GetObject', 'arn:aws:s3:::secret/x').result, 'ImplicitDeny');
  });
});
