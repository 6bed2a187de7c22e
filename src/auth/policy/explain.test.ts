import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessDeniedReason, renderDecision } from './explain.js';
import { evaluate } from './decision.js';
import { buildGlobalContext } from './global-context.js';
import { A, alice, allow, devSession, denyStmt, named, rootA } from '../../../test/support/policy-helpers.js';
import type { Decision, EvaluationInput } from './types.js';

const verdict = (result: Decision['result'], type?: 'identity' | 'resource' | 'boundary' | 'session', explicit = false) =>
  ({ result, ...(type ? { deniedBy: { type, explicit } } : {}) });

describe('accessDeniedReason (AWS wording)', () => {
  const rows: Array<[ReturnType<typeof verdict>, string]> = [
    [verdict('ImplicitDeny', 'identity'), 'because no identity-based policy allows the sts:AssumeRole action'],
    [verdict('ImplicitDeny', 'resource'), 'because no resource-based policy allows the sts:AssumeRole action'],
    [verdict('ImplicitDeny', 'boundary'), 'because no permissions boundary allows the sts:AssumeRole action'],
    [verdict('ImplicitDeny', 'session'), 'because no session policy allows the sts:AssumeRole action'],
    [verdict('ExplicitDeny', 'identity', true), 'with an explicit deny in an identity-based policy'],
    [verdict('ExplicitDeny', 'resource', true), 'with an explicit deny in a resource-based policy'],
    [verdict('ExplicitDeny', 'boundary', true), 'with an explicit deny in a permissions boundary'],
    [verdict('ExplicitDeny', 'session', true), 'with an explicit deny in a session policy'],
    [verdict('Allow'), ''],
  ];
  for (const [v, expected] of rows) it(expected || 'Allow → empty', () => assert.equal(accessDeniedReason(v, 'sts:AssumeRole'), expected));
});

describe('explanations', () => {
  const input: EvaluationInput = {
    request: { principal: devSession, action: 's3:GetObject', resource: 'arn:aws:s3:::bkt/k', context: {} },
    identityPolicies: [named('arn:aws:iam::111122223333:policy/read', 'identity', [allow('s3:GetObject', 'arn:aws:s3:::bkt/*'), { Sid: 'NoSecrets', ...denyStmt('s3:*', 'arn:aws:s3:::secret/*') }])],
    permissionBoundary: named('boundary', 'boundary', [allow('s3:List*')]),
  };
  const decision = evaluate(input);

  it('records each policy and statement with a verdict and reason', () => {
    assert.deepEqual({ ...decision }, { result: 'ImplicitDeny', deniedBy: { type: 'boundary', explicit: false } });
    assert.deepEqual(decision.policies.map((p) => [p.name, p.type, p.outcome]), [
      ['arn:aws:iam::111122223333:policy/read', 'identity', 'Allow'],
      ['boundary', 'boundary', 'NoMatch'],
    ]);
    const [first, second] = decision.policies[0]!.statements;
    assert.equal(first!.matched, true);
    assert.equal(second!.sid, 'NoSecrets');
    assert.match(second!.reason, /does not match Resource/);
    assert.match(decision.policies[1]!.statements[0]!.reason, /does not match Action/);
    assert.ok(decision.notes.some((n) => n.includes('boundary')));
  });

  it('renders the request, policies, rules and result', () => {
    const text = renderDecision(input, decision);
    for (const part of ['principal: arn:aws:sts::111122223333:assumed-role/Dev/s1', 'role: arn:aws:iam::111122223333:role/team/Dev', 'action:    s3:GetObject', 'same account', '[permissions boundary] boundary → NoMatch', '#1 (NoSecrets) Deny: does not apply', 'Rules', 'Result: ImplicitDeny (because no permissions boundary allows the s3:GetObject action)']) {
      assert.ok(text.includes(part), `missing ${JSON.stringify(part)} in\n${text}`);
    }
  });

  it('serializes with its explanation', () => {
    const json = JSON.parse(JSON.stringify(decision)) as Decision;
    assert.equal(json.result, 'ImplicitDeny');
    assert.equal(json.policies.length, 2);
  });

  it('explains condition misses and uses the instant of the first evaluation', () => {
    const timed: EvaluationInput = {
      request: { principal: alice, action: 's3:GetObject', resource: '*', context: {} },
      identityPolicies: [named('p', 'identity', [allow('s3:GetObject', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2000-01-01T00:00:00Z' } } })])],
    };
    const d = evaluate(timed);
    assert.equal(d.result, 'ImplicitDeny');
    assert.match(d.policies[0]!.statements[0]!.reason, /condition DateLessThan aws:CurrentTime: value does not match/);
  });
});

describe('buildGlobalContext', () => {
  const now = new Date('2025-01-02T03:04:05.678Z');
  it('role sessions: PrincipalArn is the pathed role ARN; temporary-credential keys present (checklist 11)', () => {
    const ctx = buildGlobalContext({ principal: devSession, now, sourceIp: '203.0.113.7', secureTransport: true, region: 'eu-west-1', principalTags: { team: 'ml' }, temporaryCredentials: true, sourceIdentity: 'alice' });
    assert.equal(ctx['aws:PrincipalArn'], 'arn:aws:iam::111122223333:role/team/Dev');
    assert.equal(ctx['aws:PrincipalAccount'], A);
    assert.equal(ctx['aws:PrincipalType'], 'AssumedRole');
    assert.equal(ctx['aws:userid'], 'AROADEV000000000000:s1');
    assert.equal(ctx['aws:username'], undefined);
    assert.equal(ctx['aws:CurrentTime'], '2025-01-02T03:04:05Z');
    assert.equal(ctx['aws:EpochTime'], 1735787045);
    assert.equal(ctx['aws:SecureTransport'], true);
    assert.equal(ctx['aws:SourceIp'], '203.0.113.7');
    assert.equal(ctx['aws:RequestedRegion'], 'eu-west-1');
    assert.equal(ctx['aws:PrincipalTag/team'], 'ml');
    assert.equal(ctx['aws:TokenIssueTime'], '2025-01-02T03:04:05Z');
    assert.equal(ctx['aws:MultiFactorAuthPresent'], false);
    assert.equal(ctx['aws:SourceIdentity'], 'alice');
    assert.equal(ctx['aws:ViaAWSService'], false);
  });
  it('users get aws:username; long-term credentials get no token keys', () => {
    const ctx = buildGlobalContext({ principal: alice, now, userName: 'alice' });
    assert.equal(ctx['aws:username'], 'alice');
    assert.equal(ctx['aws:userid'], 'AIDAALICE0000000000');
    assert.equal(ctx['aws:PrincipalType'], 'User');
    assert.equal('aws:TokenIssueTime' in ctx, false);
    assert.equal('aws:MultiFactorAuthPresent' in ctx, false);
  });
  it('root: PrincipalType Account, userid the account id; CalledVia lists services', () => {
    const ctx = buildGlobalContext({ principal: rootA, now, calledVia: ['athena.amazonaws.com', 'glue.amazonaws.com'], viaAWSService: true });
    assert.equal(ctx['aws:PrincipalType'], 'Account');
    assert.equal(ctx['aws:userid'], A);
    assert.deepEqual(ctx['aws:CalledVia'], ['athena.amazonaws.com', 'glue.amazonaws.com']);
    assert.equal(ctx['aws:CalledViaLast'], 'glue.amazonaws.com');
  });
});
