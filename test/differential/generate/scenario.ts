/**
 * One case's question: who calls, which action on which resource, and the request context, built
 * the way AWS fills it for each principal kind (iam-simulate does not derive keys: both engines
 * get exactly this context).
 */
import type { ContextValue } from '../../../src/auth/policy/types.js';
import type { Rng } from './rng.js';
import { A, ACTIONS, ACTORS, B, serviceKeys, TARGETS, type Actor, type Target } from './world.js';

export interface Scenario {
  actor: Actor;
  action: string;
  target: Target;
  resourceAccount: string;
  context: Record<string, ContextValue>;
  now: Date;
  tags: string[];
}

const BASE_TIME = Date.UTC(2026, 10, 27, 12, 0, 0);
// IPv6 also in upper case and in full form: the same address, written as a request may carry it.
const IPS = ['203.0.113.7', '198.51.100.22', '10.1.2.3', '2001:db8::42', '2001:db8:1::7', 'fd00::1', '2001:DB8::42', '2001:0db8:0000:0000:0000:0000:0000:0042'];

function buildContext(r: Rng, actor: Actor, action: string, target: Target, now: Date, tags: string[]): Record<string, ContextValue> {
  const p = actor.principal;
  const c: Record<string, ContextValue> = {};
  if (p.kind !== 'anonymous' && p.kind !== 'service') {
    c['aws:PrincipalArn'] = p.kind === 'assumed-role' ? p.roleArn! : p.arn;
    c['aws:PrincipalAccount'] = p.accountId;
    c['aws:PrincipalType'] = p.kind === 'user' ? 'User' : p.kind === 'root' ? 'Account' : 'AssumedRole';
    c['aws:userid'] = p.kind === 'user' ? p.uniqueId! : p.kind === 'root' ? p.accountId : `${p.uniqueId}:${actor.sessionName}`;
    if (actor.userName) c['aws:username'] = actor.userName;
    for (const [k, v] of Object.entries(actor.tags)) c[`aws:PrincipalTag/${k}`] = v;
    c['aws:PrincipalIsAWSService'] = false;
    if (p.accountId === A && r.chance(0.7)) {
      c['aws:PrincipalOrgID'] = 'o-abc123';
      c['aws:PrincipalOrgPaths'] = ['o-abc123/r-ab12/ou-ab12-11111111/'];
    }
    if (p.kind === 'assumed-role') {
      c['aws:TokenIssueTime'] = new Date(now.getTime() - 600_000).toISOString();
      const mfa = r.chance(0.4);
      c['aws:MultiFactorAuthPresent'] = mfa;
      if (mfa) c['aws:MultiFactorAuthAge'] = 30 + r.int(600);
    }
  } else if (p.kind === 'service') {
    c['aws:PrincipalServiceName'] = p.serviceName!;
    c['aws:PrincipalIsAWSService'] = true;
    c['aws:SourceAccount'] = r.chance(0.8) ? target.account : B;
    c['aws:SourceArn'] = `arn:aws:sagemaker:us-east-1:${c['aws:SourceAccount']}:feature-group/data-orders`;
  } else {
    c['aws:PrincipalType'] = 'Anonymous';
  }
  c['aws:SecureTransport'] = r.chance(0.8);
  c['aws:SourceIp'] = r.pick(IPS);
  c['aws:RequestedRegion'] = target.arn.includes('eu-west-1') ? 'eu-west-1' : 'us-east-1';
  c['aws:UserAgent'] = r.pick(['aws-cli/2.15.0 Python/3.11', 'aws-sdk-js/3.600.0', 'Boto3/1.34.0']);
  if (r.chance(0.85)) {
    c['aws:CurrentTime'] = now.toISOString();
    c['aws:EpochTime'] = Math.floor(now.getTime() / 1000);
  } else {
    tags.push('now-from-input');
  }
  if (r.chance(0.4)) {
    const keys = ['env', 'team', 'Owner', 'cost-center'];
    const tagKeys = r.chance(0.15) ? [] : r.some(keys, 3);
    c['aws:TagKeys'] = tagKeys;
    if (tagKeys.length === 0) tags.push('empty-set');
    if (tagKeys.includes('env')) c['aws:RequestTag/env'] = r.pick(['prod', 'dev', 'Prod']);
  }
  if (r.chance(0.15)) c['aws:RequestTag/blob'] = r.pick(['aGVsbG8=', 'd29ybGQ=']);
  if (r.chance(0.25)) {
    // Characters that mean something in policy values: written with ${*}, ${?}, ${$} to match literally.
    c['aws:RequestTag/pattern'] = r.pick(['a*b', '$HOME', 'why?', 'x$*?']);
    tags.push('literal-special-value');
  }
  if (r.chance(0.2)) {
    c['aws:CalledVia'] = r.chance(0.5) ? ['athena.amazonaws.com'] : ['athena.amazonaws.com', 'glue.amazonaws.com'];
    c['aws:CalledViaFirst'] = 'athena.amazonaws.com';
    c['aws:ViaAWSService'] = true;
  }
  if (r.chance(0.2)) c['aws:SourceVpc'] = r.pick(['vpc-111', 'vpc-222']);
  for (const k of serviceKeys(action, target.type)) {
    if (!r.chance(0.7)) continue;
    switch (k) {
      case 's3:signatureAge':
        c[k] = r.int(900_000);
        break;
      case 's3:prefix':
        c[k] = r.pick(['home/alice/', 'home/bob/', '', 'public/', 'a*b', 'Reports/']);
        if (c[k] === 'a*b') tags.push('literal-star-value');
        break;
      case 's3:max-keys':
        c[k] = r.pick([0, 10, 100, 1000, 1001]);
        break;
      case 's3:delimiter':
        c[k] = '/';
        break;
      case 'sts:ExternalId':
        c[k] = r.pick(['ext-123', 'EXT-123', 'other']);
        break;
      case 'sts:RoleSessionName':
        c[k] = actor.userName ?? r.pick(['job-42', 'deploy']);
        break;
      case 'aws:ResourceTag/owner':
        c[k] = r.pick(['alice', 'bob', 'data']);
        break;
    }
  }
  // Missing keys: drop one or two that a policy might test.
  if (r.chance(0.3)) {
    const droppable = Object.keys(c).filter((k) => k !== 'aws:PrincipalArn');
    for (let i = 0; i < 1 + r.int(2); i++) {
      const k = r.pick(droppable);
      if (k in c) {
        delete c[k];
        tags.push('ctx-dropped-key');
      }
    }
  }
  return c;
}

export function scenario(r: Rng): Scenario {
  const tags: string[] = [];
  const now = new Date(BASE_TIME + r.int(48) * 3_600_000);
  const actor = r.pick(ACTORS);
  let target = r.pick(TARGETS);
  let action = r.pick(ACTIONS[target.type]);
  // Root cannot call AssumeRole (AWS refuses root credentials there); anonymous callers reach only S3.
  if (actor.principal.kind === 'root' && action.startsWith('sts:')) action = 'iam:GetRole';
  if (actor.principal.kind === 'anonymous' && !action.startsWith('s3:')) {
    target = r.pick(TARGETS.filter((t) => t.type === 'object'));
    action = r.pick(ACTIONS.object);
  }
  if (r.chance(0.06) && actor.principal.kind !== 'anonymous' && actor.principal.kind !== 'root') {
    // Trust policies get extra weight: AssumeRole has its own rules (the trust policy must allow).
    target = r.pick(TARGETS.filter((t) => t.type === 'role'));
    action = 'sts:AssumeRole';
  } else if (r.chance(0.04) && actor.principal.kind !== 'anonymous') {
    target = { type: 'none', arn: '*', account: actor.principal.accountId || A };
    action = r.pick(ACTIONS.none);
    tags.push('wildcard-only-action');
  }
  const resourceAccount = target.account;
  tags.push(`principal:${actor.label}`, `action:${action}`);
  const pa = actor.principal.accountId;
  if (actor.principal.kind === 'service') tags.push('service-principal');
  else if (actor.principal.kind === 'anonymous') tags.push('anonymous');
  else tags.push(pa === resourceAccount ? 'same-account' : 'cross-account');
  const context = buildContext(r, actor, action, target, now, tags);
  return { actor, action, target, resourceAccount, context, now, tags };
}
