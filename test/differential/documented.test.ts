/**
 * AWS's own documented examples, pinned: where the differential test cannot decide (both engines
 * could be wrong the same way, or iam-simulate is the one that is wrong), the answer AWS's
 * documentation gives is the expectation. Each case quotes its source. iam-simulate's answer is
 * printed beside ours for the record (DEV-ONLY AGPL oracle, see oracle.ts), never asserted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/auth/policy/index.js';
import type { ContextValue, DecisionResult, EvalPrincipal, EvaluationInput, PolicyKind } from '../../src/auth/policy/types.js';
import { compileTracked, oracleDecision } from './oracle.js';

const A = '111122223333';
const B = '444455556666';
const NOW = new Date('2026-11-27T12:00:00Z');
const alice: EvalPrincipal = { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, uniqueId: 'AIDAALICE00000000001' };
const bob: EvalPrincipal = { kind: 'user', accountId: B, arn: `arn:aws:iam::${B}:user/Bob`, uniqueId: 'AIDABOB0000000000009' };
const session: EvalPrincipal = { kind: 'assumed-role', accountId: A, arn: `arn:aws:sts::${A}:assumed-role/Runner/job-42`, roleArn: `arn:aws:iam::${A}:role/app/Runner`, uniqueId: 'AROARUNNER0000000004' };

interface Pinned {
  name: string;
  url: string;
  quote: string;
  principal: EvalPrincipal;
  action: string;
  resource: string;
  resourceAccount: string;
  context?: Record<string, ContextValue>;
  identity?: object[];
  resourcePolicy?: object;
  session?: object[];
  expected: DecisionResult;
}

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

function baseContext(p: EvalPrincipal): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = { 'aws:PrincipalAccount': p.accountId, 'aws:PrincipalArn': p.roleArn ?? p.arn, 'aws:CurrentTime': NOW.toISOString(), 'aws:EpochTime': Math.floor(NOW.getTime() / 1000) };
  if (p.kind === 'user') c['aws:username'] = p.arn.split('/').pop()!;
  return c;
}

const PINNED: Pinned[] = [
  {
    name: 'a negated operator matches a policy variable that has no value (the Deny applies)',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    quote:
      'Inverted condition operators like StringNotEquals or StringNotLike do match against a null value, as the value of the condition key they are testing against is not equal to or like the effectively null value. In the following example, aws:principaltag/Team must be equal to s3:ExistingObjectTag/Team to allow access. Access is explicitly denied when aws:principaltag/Team is not set.',
    principal: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::amzn-s3-demo-bucket/report.csv',
    resourceAccount: A,
    context: { 's3:ExistingObjectTag/Team': 'blue' },
    identity: [ALLOW_ALL, doc({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*', Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } } })],
    expected: 'ExplicitDeny',
  },
  {
    name: 'a policy variable with no value is a null value: the condition\'s other values still match',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value',
    quote:
      'When policy variables reference a condition context key that has no value or is not present in an authorization context for a request, the value is effectively null. There is no equal or like value. (With several values under one key, "the condition returns true if any one of the values is true" — reference_policies_condition-logic-multiple-context-keys-or-values.)',
    principal: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::amzn-s3-demo-bucket/report.csv',
    resourceAccount: A,
    context: { 'aws:UserAgent': 'curl/8.0' },
    identity: [ALLOW_ALL, doc({ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:UserAgent': ['${aws:PrincipalTag/Team}', 'curl/8.0'] } } })],
    expected: 'ExplicitDeny',
  },
  {
    name: 'a same-account resource policy naming the session ARN is not limited by a silent session policy',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
    quote: 'A resource-based policy can specify the ARN of the session as a principal. In that case, the permissions from the resource-based policy are added after the session is created. The resource-based policy permissions are not limited by the session policy.',
    principal: session,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data-bkt/x',
    resourceAccount: A,
    resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: session.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-bkt/*' }),
    session: [doc({ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' })],
    expected: 'Allow',
  },
  {
    name: 'a same-account resource policy naming the role ARN is limited by the session policy',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session',
    quote: 'A resource-based policy can specify the ARN of the user or role as a principal. In that case, the permissions from the resource-based policy are added to the role or user\'s identity-based policy before the session is created. The session policy limits the total permissions granted by the resource-based policy and the identity-based policy.',
    principal: session,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data-bkt/x',
    resourceAccount: A,
    resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: session.roleArn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-bkt/*' }),
    session: [doc({ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' })],
    expected: 'ImplicitDeny',
  },
  {
    name: 'NotPrincipal with Deny exempts a user listed with its account',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
    quote: 'In the following example, all principals except the user named Bob in AWS account 444455556666 are explicitly denied access to a resource. Note that as a best practice, the NotPrincipal element contains the ARN of both the user Bob and the AWS account that Bob belongs to.',
    principal: bob,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::BUCKETNAME/x',
    resourceAccount: A,
    identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
    resourcePolicy: doc(
      { Effect: 'Deny', NotPrincipal: { AWS: [bob.arn, `arn:aws:iam::${B}:root`] }, Action: 's3:*', Resource: ['arn:aws:s3:::BUCKETNAME', 'arn:aws:s3:::BUCKETNAME/*'] },
      { Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::BUCKETNAME/*' },
    ),
    expected: 'Allow',
  },
  {
    name: 'NotPrincipal with Deny that lists the user without its account denies the user',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
    quote: 'If the NotPrincipal element contained only Bob\'s ARN, the effect of the policy might be to explicitly deny access to the AWS account that contains the user Bob. In some cases, a user cannot have more permissions than its parent account, so if Bob\'s account is explicitly denied access then Bob might be unable to access the resource.',
    principal: bob,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::BUCKETNAME/x',
    resourceAccount: A,
    identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
    resourcePolicy: doc(
      { Effect: 'Deny', NotPrincipal: { AWS: [bob.arn] }, Action: 's3:*', Resource: ['arn:aws:s3:::BUCKETNAME', 'arn:aws:s3:::BUCKETNAME/*'] },
      { Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::BUCKETNAME/*' },
    ),
    expected: 'ExplicitDeny',
  },
  {
    name: 'Null false rejects a multivalued key with no values',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#reference_policies_multi-key-or-value-conditions',
    quote: 'The ForAllValues qualifier returns true if there are no context keys in the request or if the context key value resolves to a null dataset, such as an empty string. To prevent missing context keys or context keys with empty values from evaluating to true, you can include the Null condition operator in your policy with a false value to check if the context key exists and its value is not null.',
    principal: alice,
    action: 'sagemaker:CreateFeatureGroup',
    resource: `arn:aws:sagemaker:us-east-1:${A}:feature-group/fg`,
    resourceAccount: A,
    context: { 'aws:TagKeys': [] },
    identity: [doc({ Effect: 'Allow', Action: 'sagemaker:CreateFeatureGroup', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] }, Null: { 'aws:TagKeys': 'false' } } })],
    expected: 'ImplicitDeny',
  },
  {
    name: 'Date operators compare an ISO 8601 policy value with the epoch-seconds aws:EpochTime',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date',
    quote: 'You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time.',
    principal: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data-bkt/x',
    resourceAccount: A,
    identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { DateGreaterThan: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } } })],
    expected: 'Allow',
  },
  {
    name: 'IpAddress 0.0.0.0/0 contains every IPv4 address',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress',
    quote: 'The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64).',
    principal: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data-bkt/x',
    resourceAccount: A,
    context: { 'aws:SourceIp': '198.51.100.22' },
    identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } })],
    expected: 'Allow',
  },
];

function input(p: Pinned): EvaluationInput {
  const named = (d: object, kind: PolicyKind, i: number) => ({ name: `${kind}-${i}`, policy: compileTracked(JSON.stringify(d), kind) });
  return {
    request: { principal: p.principal, action: p.action, resource: p.resource, resourceAccount: p.resourceAccount, context: { ...baseContext(p.principal), ...p.context } },
    identityPolicies: (p.identity ?? []).map((d, i) => named(d, 'identity', i)),
    ...(p.resourcePolicy ? { resourcePolicy: named(p.resourcePolicy, 'resource', 0) } : {}),
    ...(p.session ? { sessionPolicies: p.session.map((d, i) => named(d, 'session', i)) } : {}),
    now: NOW,
  };
}

describe('AWS documentation examples (iam-simulate shown for the record only)', () => {
  for (const p of PINNED) {
    it(p.name, async () => {
      const i = input(p);
      const ours = evaluate(i).result;
      const theirs = (await oracleDecision(i)).result;
      console.log(`${p.name}: AWS docs ${p.expected}, ours ${ours}, iam-simulate ${theirs}`);
      assert.equal(ours, p.expected, `${p.url}\n"${p.quote}"`);
    });
  }
});
