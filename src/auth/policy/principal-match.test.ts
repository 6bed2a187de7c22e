import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePrincipal, matchPrincipal, notPrincipalExcludes } from './principal-match.js';
import { readPrincipal } from './validate-principal.js';
import { A, B, alice, anonymous, bob, devSession, rootA, sagemaker } from '../../../test/support/policy-helpers.js';
import type { JsonValue } from './parse.js';

const compile = (value: JsonValue) => compilePrincipal(readPrincipal(value));
const roleArn = `arn:aws:iam::${A}:role/team/Dev`;

describe('Principal matching', () => {
  it('"*" and {"AWS":"*"} match everyone, anonymous callers included', () => {
    for (const p of [compile('*'), compile({ AWS: '*' })]) {
      for (const caller of [alice, bob, devSession, rootA, anonymous, sagemaker]) assert.equal(matchPrincipal(p, caller, undefined), 'everyone');
    }
  });
  it('an account id and its :root ARN both match every principal of that account, as the account', () => {
    for (const p of [compile({ AWS: A }), compile({ AWS: `arn:aws:iam::${A}:root` })]) {
      assert.equal(matchPrincipal(p, alice, undefined), 'account');
      assert.equal(matchPrincipal(p, devSession, undefined), 'account');
      assert.equal(matchPrincipal(p, rootA, undefined), 'account');
      assert.equal(matchPrincipal(p, bob, undefined), 'none');
      assert.equal(matchPrincipal(p, anonymous, undefined), 'none');
    }
  });
  it('a user ARN matches that user only', () => {
    const p = compile({ AWS: alice.arn });
    assert.equal(matchPrincipal(p, alice, undefined), 'user');
    assert.equal(matchPrincipal(p, { ...alice, arn: `arn:aws:iam::${A}:user/alicia` }, undefined), 'none');
  });
  it('a pathed role ARN matches its (pathless) session ARN (checklist 11)', () => {
    assert.equal(matchPrincipal(compile({ AWS: roleArn }), devSession, undefined), 'role');
    // Without the path it names a different role.
    assert.equal(matchPrincipal(compile({ AWS: `arn:aws:iam::${A}:role/Dev` }), devSession, undefined), 'none');
  });
  it('a session ARN matches that exact session only', () => {
    const p = compile({ AWS: devSession.arn });
    assert.equal(matchPrincipal(p, devSession, undefined), 'session');
    assert.equal(matchPrincipal(p, { ...devSession, arn: `arn:aws:sts::${A}:assumed-role/Dev/s2` }, undefined), 'none');
  });
  it('service principals match by service name, case-insensitively', () => {
    assert.equal(matchPrincipal(compile({ Service: 'SageMaker.amazonaws.com' }), sagemaker, undefined), 'service');
    assert.equal(matchPrincipal(compile({ Service: 'ec2.amazonaws.com' }), sagemaker, undefined), 'none');
    assert.equal(matchPrincipal(compile({ Service: 'sagemaker.amazonaws.com' }), alice, undefined), 'none');
  });
  it('a bound unique id: a deleted-and-recreated role no longer matches (checklist 8)', () => {
    const p = compile({ AWS: roleArn });
    assert.equal(matchPrincipal(p, devSession, { [roleArn]: 'AROADEV000000000000' }), 'role');
    assert.equal(matchPrincipal(p, { ...devSession, uniqueId: 'AROANEW000000000000' }, { [roleArn]: 'AROADEV000000000000' }), 'none');
    const u = compile({ AWS: alice.arn });
    assert.equal(matchPrincipal(u, { ...alice, uniqueId: 'AIDANEW000000000000' }, { [alice.arn]: 'AIDAALICE0000000000' }), 'none');
  });
  it('a stored unique id (the entity was deleted) matches only that id', () => {
    const p = compile({ AWS: 'AROADEV000000000000' });
    assert.equal(matchPrincipal(p, devSession, undefined), 'role');
    assert.equal(matchPrincipal(p, { ...devSession, uniqueId: 'AROANEW000000000000' }, undefined), 'none');
  });
});

describe('NotPrincipal (checklist 10)', () => {
  it('naming only the session does not exclude it: the role and account must be listed too', () => {
    assert.equal(notPrincipalExcludes(compile({ AWS: devSession.arn }), devSession, undefined), false);
    assert.equal(notPrincipalExcludes(compile({ AWS: [devSession.arn, roleArn] }), devSession, undefined), false);
    assert.equal(notPrincipalExcludes(compile({ AWS: [devSession.arn, roleArn, `arn:aws:iam::${A}:root`] }), devSession, undefined), true);
  });
  it('a user is excluded when its ARN and account are listed', () => {
    assert.equal(notPrincipalExcludes(compile({ AWS: alice.arn }), alice, undefined), false);
    assert.equal(notPrincipalExcludes(compile({ AWS: [alice.arn, A] }), alice, undefined), true);
    assert.equal(notPrincipalExcludes(compile({ AWS: [alice.arn, A] }), bob, undefined), false);
  });
  it('root is excluded by its account; anonymous only by "*"', () => {
    assert.equal(notPrincipalExcludes(compile({ AWS: A }), rootA, undefined), true);
    assert.equal(notPrincipalExcludes(compile({ AWS: B }), anonymous, undefined), false);
    assert.equal(notPrincipalExcludes(compile('*'), anonymous, undefined), true);
  });
});
