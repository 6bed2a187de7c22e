import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './decision.js';
import { renderDecision } from './explain.js';
import { A, B, alice, allow, bob, denyStmt, devSession, named, rootA } from '../../../test/support/policy-helpers.js';
import type { EvalPrincipal, EvaluationInput, GrantEntry, GrantSet } from './types.js';

const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** A key policy that lets nobody in (names only another user). */
const closedKeyPolicy = { ...named(`key policy of ${KEY}`, 'resource', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/admin` }, Action: 'kms:*', Resource: '*' }]), mustAllow: true };
const grantTo = (principal: string, permits = true, extra: Partial<GrantEntry> = {}): GrantEntry => ({ id: 'g'.repeat(64), principal, permits, reason: permits ? 'grant allows Decrypt' : 'grant allows Encrypt, not Decrypt', ...extra });
const grants = (...entries: GrantEntry[]): GrantSet => ({ name: `grants on ${KEY} naming the caller`, grants: entries });
const decryptIdentity = named('decrypt', 'identity', [allow('kms:Decrypt')]);

function run(principal: EvalPrincipal, extra: Partial<EvaluationInput>, action = 'kms:Decrypt') {
  const input: EvaluationInput = { request: { principal, action, resource: KEY, resourceAccount: A, context: {} }, identityPolicies: [], resourcePolicy: closedKeyPolicy, ...extra };
  return { decision: evaluate(input), input };
}

describe('KMS grants in the evaluation', () => {
  it('in the key’s account a grant naming the user allows without the key policy or any IAM policy', () => {
    assert.equal(run(alice, { grants: grants(grantTo(alice.arn)) }).decision.result, 'Allow');
    assert.deepEqual({ ...run(alice, { grants: grants() }).decision }, { result: 'ImplicitDeny', deniedBy: { type: 'resource', explicit: false } });
  });

  it('a grant that does not permit the request (its operations, its constraint) allows nothing, and says why', () => {
    const { decision, input } = run(alice, { grants: grants(grantTo(alice.arn, false)) });
    assert.equal(decision.result, 'ImplicitDeny');
    const text = renderDecision(input, decision);
    assert.match(text, /grants on arn:aws:kms:.* naming the caller → NoMatch/);
    assert.match(text, /grant allows Encrypt, not Decrypt; names the caller as user/);
    assert.match(text, /no grant does; a key policy must allow explicitly, or a grant/);
  });

  it('a grant naming a role: the boundary still limits the session; naming the account delegates to IAM', () => {
    const silentBoundary = named('boundary', 'boundary', [allow('s3:ListBucket')]);
    assert.deepEqual(run(devSession, { grants: grants(grantTo(devSession.roleArn!)), permissionBoundary: silentBoundary }).decision.deniedBy, { type: 'boundary', explicit: false });
    assert.equal(run(devSession, { grants: grants(grantTo(devSession.roleArn!)) }).decision.result, 'Allow');
    assert.deepEqual(run(alice, { grants: grants(grantTo(`arn:aws:iam::${A}:root`)) }).decision.deniedBy, { type: 'identity', explicit: false });
    assert.equal(run(alice, { grants: grants(grantTo(`arn:aws:iam::${A}:root`)), identityPolicies: [decryptIdentity] }).decision.result, 'Allow');
    assert.equal(run(rootA, { grants: grants(grantTo(`arn:aws:iam::${A}:root`)) }).decision.result, 'Allow');
  });

  it('a grant bound to a unique id no longer names a user deleted and made again', () => {
    assert.equal(run(alice, { grants: grants(grantTo(alice.arn, true, { principalBindings: { [alice.arn]: 'AIDAOLDALICE0000000' } })) }).decision.result, 'ImplicitDeny');
  });

  it('across accounts the caller’s own IAM policy must allow too', () => {
    const toBob = grants(grantTo(bob.arn));
    assert.deepEqual(run(bob, { grants: toBob }).decision.deniedBy, { type: 'identity', explicit: false });
    assert.equal(run(bob, { grants: toBob, identityPolicies: [decryptIdentity] }).decision.result, 'Allow');
    assert.deepEqual(run(bob, { grants: grants(grantTo(alice.arn)), identityPolicies: [decryptIdentity] }).decision.deniedBy, { type: 'resource', explicit: false });
  });

  it('an explicit Deny in an IAM policy or the key policy wins over a grant', () => {
    const deny = named('deny', 'identity', [denyStmt('kms:Decrypt')]);
    assert.equal(run(alice, { grants: grants(grantTo(alice.arn)), identityPolicies: [deny] }).decision.result, 'ExplicitDeny');
    const denyingKey = { ...named('key policy', 'resource', [{ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]), mustAllow: true };
    assert.equal(run(alice, { grants: grants(grantTo(alice.arn)), resourcePolicy: denyingKey }).decision.result, 'ExplicitDeny');
  });

  it('RetireGrant: a principal the grant names retires it from another account without IAM permission; an account it names needs IAM', () => {
    const retire = (caller: EvalPrincipal, set: GrantSet, identity = [] as EvaluationInput['identityPolicies']) => evaluate({
      request: { principal: caller, action: 'kms:RetireGrant', resource: KEY, resourceAccount: A, context: {} }, identityPolicies: identity, grants: { ...set, decidesAcrossAccounts: true },
    });
    assert.equal(retire(bob, grants(grantTo(bob.arn))).result, 'Allow');
    assert.deepEqual(retire(bob, grants(grantTo(`arn:aws:iam::${B}:root`))).deniedBy, { type: 'identity', explicit: false });
    assert.equal(retire(bob, grants(grantTo(`arn:aws:iam::${B}:root`)), [named('retire', 'identity', [allow('kms:RetireGrant')])]).result, 'Allow');
    assert.equal(retire(bob, grants(grantTo(bob.arn)), [named('deny', 'identity', [denyStmt('kms:RetireGrant')])]).result, 'ExplicitDeny');
    assert.deepEqual(retire(bob, grants(grantTo(alice.arn))).deniedBy, { type: 'identity', explicit: false }, 'named nowhere: the cross-account rule');
  });
});
