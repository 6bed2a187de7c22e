/**
 * A seeded generator of authorization cases for the policy engine's differential test
 * (test/differential/differential.test.ts) and benchmark (bench/policy.ts).
 *
 * Each case is one question the engine answers: a caller, an action on a resource, its request
 * context, and the policy documents that apply (identity, resource or trust, boundary, session).
 * Documents are kept small and valid under AWS's grammar, and use only real actions, resource ARNs
 * of the action's own resource type and context keys that apply to the action, so a second engine
 * (iam-simulate, which checks all three) evaluates exactly the same question.
 *
 * Every case carries `tags` naming the features it exercises (`op:StringLike`, `ifexists`,
 * `rbp:session-arn`, `cross-account`, …): the test reports coverage by tag, and the allow-list of
 * known divergences identifies case classes by them.
 *
 * Replayable: the same (count, seed) always yields the same cases.
 */
import { seededRandom } from '../fuzz/random.js';
import type { ContextValue, EvalPrincipal, EvalRequest, PolicyKind } from '../../src/auth/policy/types.js';

export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';

/** A policy document as text, with what the engine needs beside it. */
export interface GenPolicy {
  name: string;
  kind: PolicyKind;
  text: string;
  /** Trust policies: principal ARN → unique id bound when the policy was stored. */
  principalBindings?: Record<string, string>;
}

export interface DiffCase {
  id: number;
  /** Features exercised, for coverage counts and for identifying known-divergence classes. */
  tags: string[];
  request: EvalRequest;
  identity: GenPolicy[];
  resource?: GenPolicy;
  boundary?: GenPolicy;
  session?: GenPolicy[];
  now: Date;
}

// ---------------------------------------------------------------------------------------------
// The world: principals, resources, actions.

interface Actor {
  label: string;
  principal: EvalPrincipal;
  /** Tags on the user or role (and session): aws:PrincipalTag/*. */
  tags: Record<string, string>;
  userName?: string;
  roleName?: string;
  sessionName?: string;
}

const A = ACCOUNT_A;
const B = ACCOUNT_B;

const ACTORS: Actor[] = [
  { label: 'user', userName: 'alice', tags: { team: 'data' }, principal: { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, uniqueId: 'AIDAALICE00000000001' } },
  { label: 'user-pathed', userName: 'bob', tags: { team: 'ml', cost: '42' }, principal: { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/dev/bob`, uniqueId: 'AIDABOB0000000000002' } },
  { label: 'user-b', userName: 'carol', tags: { team: 'data' }, principal: { kind: 'user', accountId: B, arn: `arn:aws:iam::${B}:user/carol`, uniqueId: 'AIDACAROL00000000003' } },
  {
    label: 'session-pathed-role',
    roleName: 'Runner',
    sessionName: 'job-42',
    tags: { team: 'ml', cost: '7' },
    principal: { kind: 'assumed-role', accountId: A, arn: `arn:aws:sts::${A}:assumed-role/Runner/job-42`, roleArn: `arn:aws:iam::${A}:role/app/Runner`, uniqueId: 'AROARUNNER0000000004' },
  },
  {
    label: 'session-b',
    roleName: 'Admin',
    sessionName: 'ops',
    tags: {},
    principal: { kind: 'assumed-role', accountId: B, arn: `arn:aws:sts::${B}:assumed-role/Admin/ops`, roleArn: `arn:aws:iam::${B}:role/Admin`, uniqueId: 'AROAADMIN00000000005' },
  },
  { label: 'root', tags: {}, principal: { kind: 'root', accountId: A, arn: `arn:aws:iam::${A}:root` } },
  { label: 'root-b', tags: {}, principal: { kind: 'root', accountId: B, arn: `arn:aws:iam::${B}:root` } },
  { label: 'service', tags: {}, principal: { kind: 'service', accountId: '', arn: 'sagemaker.amazonaws.com', serviceName: 'sagemaker.amazonaws.com' } },
  { label: 'anonymous', tags: {}, principal: { kind: 'anonymous', accountId: '', arn: '' } },
];

/** Root may do anything in its own account: sagelite gives root this identity policy (src/auth/principal-policies.ts). */
export const ROOT_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

type ResourceType = 'object' | 'bucket' | 'feature-group' | 'role' | 'user' | 'none';

interface Target {
  type: ResourceType;
  arn: string;
  /** Owning account (S3 ARNs carry none). */
  account: string;
}

const TARGETS: Target[] = [
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/home/alice/notes.txt', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/home/bob/a.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/public/index.html', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/Reports/Q1.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::data-bkt/tmp/$cost.csv', account: A },
  { type: 'object', arn: 'arn:aws:s3:::shared-bkt/logs/2026/11/27.log', account: B },
  { type: 'object', arn: 'arn:aws:s3:::shared-bkt/home/carol/x', account: B },
  { type: 'bucket', arn: 'arn:aws:s3:::data-bkt', account: A },
  { type: 'bucket', arn: 'arn:aws:s3:::shared-bkt', account: B },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${A}:feature-group/data-orders`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${A}:feature-group/ml-features`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:eu-west-1:${A}:feature-group/data-eu`, account: A },
  { type: 'feature-group', arn: `arn:aws:sagemaker:us-east-1:${B}:feature-group/shared-fg`, account: B },
  { type: 'role', arn: `arn:aws:iam::${A}:role/Deployer`, account: A },
  { type: 'role', arn: `arn:aws:iam::${A}:role/app/Runner`, account: A },
  { type: 'role', arn: `arn:aws:iam::${B}:role/Admin`, account: B },
  { type: 'user', arn: `arn:aws:iam::${A}:user/alice`, account: A },
  { type: 'user', arn: `arn:aws:iam::${A}:user/dev/bob`, account: A },
];

const ACTIONS: Record<ResourceType, string[]> = {
  object: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  bucket: ['s3:ListBucket', 's3:GetBucketPolicy'],
  'feature-group': ['sagemaker:DescribeFeatureGroup', 'sagemaker:PutRecord', 'sagemaker:GetRecord', 'sagemaker:CreateFeatureGroup'],
  role: ['sts:AssumeRole', 'sts:TagSession', 'iam:GetRole'],
  user: ['iam:GetUser'],
  none: ['s3:ListAllMyBuckets', 'sagemaker:ListFeatureGroups'],
};

/** Role ids, for trust-policy principal bindings. */
const ROLE_IDS: Record<string, string> = {
  [`arn:aws:iam::${A}:role/app/Runner`]: 'AROARUNNER0000000004',
  [`arn:aws:iam::${B}:role/Admin`]: 'AROAADMIN00000000005',
};

// ---------------------------------------------------------------------------------------------
// Context keys: the value type each has in AWS, and which actions it applies to.

type KeyType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IP' | 'ARN' | 'Array';

const KEY_TYPES: Record<string, KeyType> = {
  'aws:username': 'String',
  'aws:userid': 'String',
  'aws:PrincipalAccount': 'String',
  'aws:PrincipalType': 'String',
  'aws:PrincipalOrgID': 'String',
  'aws:RequestedRegion': 'String',
  'aws:PrincipalTag/team': 'String',
  'aws:PrincipalTag/cost': 'String',
  'aws:RequestTag/env': 'String',
  'aws:RequestTag/blob': 'String',
  'aws:RequestTag/pattern': 'String',
  'aws:ResourceTag/owner': 'String',
  'aws:UserAgent': 'String',
  'aws:SourceVpc': 'String',
  'aws:SourceAccount': 'String',
  'aws:PrincipalServiceName': 'String',
  'aws:CalledViaFirst': 'String',
  's3:prefix': 'String',
  's3:delimiter': 'String',
  'sts:ExternalId': 'String',
  'sts:RoleSessionName': 'String',
  'aws:MultiFactorAuthAge': 'Numeric',
  's3:max-keys': 'Numeric',
  's3:signatureAge': 'Numeric',
  'aws:CurrentTime': 'Date',
  'aws:EpochTime': 'Date',
  'aws:TokenIssueTime': 'Date',
  'aws:SecureTransport': 'Bool',
  'aws:MultiFactorAuthPresent': 'Bool',
  'aws:PrincipalIsAWSService': 'Bool',
  'aws:ViaAWSService': 'Bool',
  'aws:SourceIp': 'IP',
  'aws:PrincipalArn': 'ARN',
  'aws:SourceArn': 'ARN',
  'aws:TagKeys': 'Array',
  'aws:PrincipalOrgPaths': 'Array',
  'aws:CalledVia': 'Array',
};

/** Keys a request for `action` on a resource of `type` may carry beyond the global ones (iam-simulate drops others). */
function serviceKeys(action: string, type: ResourceType): string[] {
  const keys: string[] = [];
  if (action.startsWith('s3:')) keys.push('s3:signatureAge');
  if (action === 's3:ListBucket') keys.push('s3:prefix', 's3:max-keys', 's3:delimiter');
  if (action === 'sts:AssumeRole') keys.push('sts:ExternalId', 'sts:RoleSessionName');
  // S3 drops aws:ResourceTag unless bucket ABAC is on; feature groups, roles and users carry it.
  if (type === 'feature-group' || type === 'role' || type === 'user') keys.push('aws:ResourceTag/owner');
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Random helpers.

/**
 * seededRandom's state repeats after about 10^4 draws (its multiply leaves the exact range of a
 * double, so the low bits it keeps are degraded), and one case takes a few hundred draws: a single
 * stream would repeat its cases after a hundred or so. So each case gets its own stream, seeded by
 * a hash of (seed, case id), which also makes any one case replayable on its own.
 */
export function caseSeed(seed: number, id: number): number {
  let h = (seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) & 0x7fffffff) || 1;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
    for (let i = 0; i < 3; i++) this.next();
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  some<T>(xs: readonly T[], max: number): T[] {
    const n = 1 + this.int(max);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  }
  /** One value, or a list of them (IAM accepts both forms). */
  oneOrMany<T>(xs: T[]): T | T[] {
    return xs.length === 1 && this.chance(0.6) ? xs[0]! : xs;
  }
}

function flipCase(s: string, r: Rng): string {
  if (!/[a-z]/i.test(s)) return s;
  for (;;) {
    let out = '';
    for (const c of s) out += r.chance(0.5) ? c.toUpperCase() : c.toLowerCase();
    if (out !== s) return out;
  }
}

function replaceOneChar(s: string, r: Rng, from = 0): string {
  if (s.length <= from) return s;
  const i = from + r.int(s.length - from);
  return s.slice(0, i) + '?' + s.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------
// The request context, built the way AWS fills it for each principal kind (iam-simulate does not
// derive keys: both engines get exactly this context).

interface Scenario {
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

function scenario(r: Rng): Scenario {
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

// ---------------------------------------------------------------------------------------------
// Policy elements.

function actionPatterns(r: Rng, action: string): string[] {
  const [svc, name] = action.split(':') as [string, string];
  const pool = ACTIONS[r.pick(Object.keys(ACTIONS) as ResourceType[])];
  const choose = (): string => {
    switch (r.int(10)) {
      case 0:
        return '*';
      case 1:
        return `${svc}:*`;
      case 2:
        return `${svc}:${name.slice(0, 3)}*`;
      case 3:
        return `${svc}:*${name.slice(-4)}`;
      case 4:
        return `${svc}:${replaceOneChar(name, r)}`;
      case 5:
        return flipCase(action, r);
      case 6:
        return r.pick(pool);
      case 7:
        return r.pick(['dynamodb:GetItem', 'kms:Decrypt', 'ec2:*', 'iam:PassRole']);
      default:
        return action;
    }
  };
  return r.some([choose(), choose(), choose()], 2);
}

/** Resource patterns around the request's resource: exact, wildcards, `?`, wrong case, variables, misses. */
function resourcePatterns(r: Rng, sc: Scenario, tags: string[], allowVariables: boolean): string[] {
  const arn = sc.target.arn;
  if (arn === '*') return [r.pick(['*', '*', 'arn:aws:s3:::*', `arn:aws:sagemaker:us-east-1:${sc.target.account}:*`])];
  const parts = arn.split(':');
  const head = parts.slice(0, 5).join(':') + ':';
  const id = parts.slice(5).join(':');
  const slash = id.indexOf('/');
  const product = sc.target.type === 'object' || sc.target.type === 'bucket' ? '' : id.slice(0, slash + 1);
  const rest = id.slice(product.length);
  const choose = (): string => {
    switch (r.int(16)) {
      case 0:
        return '*';
      case 1:
        return `${head}${product}*`;
      case 2: {
        tags.push('resource-qmark');
        return `${head}${product}${replaceOneChar(rest, r)}`;
      }
      case 3: {
        tags.push('resource-case');
        return `${head}${product}${flipCase(rest, r)}`;
      }
      case 4: {
        const cut = rest.lastIndexOf('/');
        return cut > 0 ? `${head}${product}${rest.slice(0, cut)}/*` : `${head}${product}${rest.slice(0, 2)}*`;
      }
      case 5:
        return sc.target.type === 'feature-group' ? `arn:aws:sagemaker:*:${parts[4]}:feature-group/*` : `arn:aws:s3:::*`;
      case 6:
        return sc.target.type === 'feature-group' ? `arn:aws:sagemaker:us-east-?:*:${id}` : `arn:aws:s3:::*/home/*`;
      case 7: {
        if (!allowVariables) return arn;
        tags.push('variable');
        if (sc.target.type === 'object') return r.pick([`arn:aws:s3:::data-bkt/home/\${aws:username}/*`, `arn:aws:s3:::*/home/\${aws:username, 'carol'}/*`]);
        if (sc.target.type === 'feature-group') return `${head}feature-group/\${aws:PrincipalTag/team}-*`;
        if (sc.target.type === 'user') return `arn:aws:iam::${A}:user/\${aws:username}`;
        return `${head}${product}*`;
      }
      case 8: {
        if (!allowVariables) return arn;
        tags.push('variable-default');
        if (sc.target.type === 'feature-group') return `${head}feature-group/\${aws:PrincipalTag/team, 'data'}-*`;
        return `arn:aws:s3:::data-bkt/home/\${aws:username, 'alice'}/*`;
      }
      case 9: {
        if (!allowVariables || !rest.includes('$')) return `${head}${product}other-*`;
        tags.push('variable-escape');
        return `${head}${product}${rest.replace('$', '${$}')}`;
      }
      case 10:
        return r.pick(TARGETS).arn;
      case 11:
        return `${head}${product}${rest}${r.pick(['', '*', '?'])}`;
      default:
        return arn;
    }
  };
  return r.some([choose(), choose(), choose()], 2);
}

type PrincipalValue = '*' | Record<string, string | string[]>;

/** A Principal element for a resource or trust policy, usually about the caller. */
function principalElement(r: Rng, sc: Scenario, tags: string[]): PrincipalValue {
  const p = sc.actor.principal;
  const aws: string[] = [];
  const add = (): void => {
    switch (r.int(9)) {
      case 0:
        if (p.kind === 'user' || p.kind === 'root') {
          aws.push(p.arn);
          tags.push(p.kind === 'user' ? 'rbp:user-arn' : 'rbp:account');
        } else if (p.kind === 'assumed-role') {
          aws.push(p.arn);
          tags.push('rbp:session-arn');
        } else aws.push(`arn:aws:iam::${A}:user/alice`);
        break;
      case 1:
        if (p.kind === 'assumed-role') {
          aws.push(p.roleArn!);
          tags.push('rbp:role-arn');
        } else aws.push(`arn:aws:iam::${A}:role/app/Runner`);
        break;
      case 2:
        aws.push(r.chance(0.5) ? (p.accountId || A) : `arn:aws:iam::${p.accountId || A}:root`);
        tags.push('rbp:account');
        break;
      case 3:
        aws.push(r.pick([A, B, `arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:user/dev/bob`, `arn:aws:sts::${A}:assumed-role/Runner/other-session`]));
        break;
      case 4:
        aws.push('*');
        tags.push('rbp:star');
        break;
      default:
        if (p.kind === 'assumed-role') {
          aws.push(r.chance(0.5) ? p.arn : p.roleArn!);
          tags.push(aws[aws.length - 1] === p.arn ? 'rbp:session-arn' : 'rbp:role-arn');
        } else if (p.kind === 'user') {
          aws.push(p.arn);
          tags.push('rbp:user-arn');
        } else {
          aws.push(p.accountId || A);
          tags.push('rbp:account');
        }
    }
  };
  if (r.chance(0.12)) {
    tags.push('rbp:star');
    return '*';
  }
  if (p.kind === 'service' && r.chance(0.7)) {
    tags.push('rbp:service');
    return r.chance(0.8) ? { Service: 'sagemaker.amazonaws.com' } : { Service: ['glue.amazonaws.com', 'sagemaker.amazonaws.com'] };
  }
  add();
  if (r.chance(0.3)) add();
  const unique = [...new Set(aws)];
  const el: Record<string, string | string[]> = { AWS: r.oneOrMany(unique) };
  if (r.chance(0.1)) el['Service'] = 'sagemaker.amazonaws.com';
  return el;
}

/** A NotPrincipal element: AWS's pattern for Deny lists the account, role and session together. */
function notPrincipalElement(r: Rng, sc: Scenario, tags: string[]): PrincipalValue {
  tags.push('not-principal');
  const p = sc.actor.principal;
  const list: string[] = [];
  if (p.kind === 'assumed-role') {
    if (r.chance(0.7)) list.push(`arn:aws:iam::${p.accountId}:root`);
    if (r.chance(0.7)) list.push(p.roleArn!);
    if (r.chance(0.7)) list.push(p.arn);
  } else if (p.kind === 'user') {
    if (r.chance(0.6)) list.push(`arn:aws:iam::${p.accountId}:root`);
    if (r.chance(0.7)) list.push(p.arn);
  } else if (p.kind === 'root') {
    if (r.chance(0.7)) list.push(p.accountId);
  }
  if (list.length === 0 || r.chance(0.2)) list.push(r.pick([`arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:user/alice`]));
  return { AWS: r.oneOrMany([...new Set(list)]) };
}

// ---------------------------------------------------------------------------------------------
// Conditions.

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const NUMERIC_OPS = ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'];
const DATE_OPS = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'];
const ARN_OPS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'ArnNotEquals', 'ArnNotLike', 'NotIpAddress']);

function asString(v: ContextValue | undefined): string | undefined {
  if (v === undefined || Array.isArray(v)) return undefined;
  return String(v);
}

/** All keys a condition in this scenario may name: those in the context and some absent ones. */
function conditionKeys(sc: Scenario): string[] {
  const keys = new Set(Object.keys(sc.context));
  for (const k of ['aws:username', 'aws:PrincipalTag/team', 'aws:RequestTag/pattern', 'aws:MultiFactorAuthPresent', 'aws:TagKeys', 'aws:SourceVpc', 'aws:RequestTag/env', 'aws:PrincipalOrgID', 'aws:MultiFactorAuthAge', 'aws:CalledVia', 'aws:SourceArn', 'aws:TokenIssueTime', 'aws:CurrentTime', 'aws:EpochTime']) keys.add(k);
  for (const k of serviceKeys(sc.action, sc.target.type)) keys.add(k);
  return [...keys];
}

function stringValues(r: Rng, key: string, actual: string | undefined, op: string, tags: string[]): string[] {
  const like = op.includes('Like');
  const decoys = ['nobody', 'prod', 'o-zzz999', 'User', 'vpc-333', 'ext-999', 'home/carol/'];
  const out: string[] = [];
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    const roll = r.int(10);
    if (actual !== undefined && roll < 4) {
      if (op.includes('IgnoreCase') && r.chance(0.6)) out.push(flipCase(actual, r));
      else if (like && actual.length > 1 && r.chance(0.6)) {
        tags.push('like-wildcard');
        out.push(r.chance(0.5) ? `${actual.slice(0, Math.ceil(actual.length / 2))}*` : replaceOneChar(actual, r));
      } else if (/[*?$]/.test(actual) && r.chance(0.7)) {
        tags.push('variable-escape');
        out.push(actual.replace(/[*?$]/g, (ch) => `\${${ch}}`));
      } else out.push(r.chance(0.15) ? flipCase(actual, r) : actual);
    } else if (roll < 6) {
      // Policy variables in condition values.
      // Without a default a variable may have no value (a null: it equals nothing, so a negated
      // operator holds against it).
      const vars = ['${aws:username}', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'data'}", "${aws:username, 'alice'}", '${aws:PrincipalAccount}', "${aws:username, 'nobody'}"];
      const v = r.pick(vars);
      tags.push(v.includes(',') ? 'variable-default' : 'variable');
      if (key === 's3:prefix') out.push(`home/${v}/`);
      else if (key === 'aws:userid' && like) out.push(`*:${v}`);
      else out.push(v);
    } else if (like && roll === 6) out.push('*');
    else out.push(r.pick(decoys));
  }
  return [...new Set(out)];
}

function numericValues(r: Rng, actual: string | undefined): string[] {
  const base = actual !== undefined && /^-?\d+(\.\d+)?$/.test(actual) ? Number(actual) : r.pick([0, 10, 100, 3600]);
  const out = new Set<string>();
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) out.add(String(r.pick([base, base - 1, base + 1, base * 2, 0, 1000, base + 0.5])));
  return [...out];
}

function dateValues(r: Rng, key: string, actual: ContextValue | undefined, now: Date, tags: string[]): string[] {
  const ref = actual !== undefined ? (typeof actual === 'number' ? actual * 1000 : Date.parse(String(actual))) : now.getTime();
  const epochKey = key === 'aws:EpochTime';
  const out = new Set<string>();
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    const t = ref + r.pick([0, -60_000, 60_000, -86_400_000, 86_400_000, -3_600_000 * 30]);
    const d = new Date(t);
    // Write the policy value in the key's own form; a few cases mix epoch seconds and ISO 8601.
    const mixed = r.chance(0.06);
    const epoch = epochKey !== mixed;
    if (mixed) tags.push('date-mixed-format');
    out.add(epoch ? String(Math.floor(t / 1000)) : r.chance(0.3) ? d.toISOString() : d.toISOString().replace('.000Z', 'Z'));
  }
  return [...out];
}

function ipValues(r: Rng, actual: string | undefined, tags: string[]): string[] {
  const pool = ['203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', 'fd00::/8', '::/0', '2001:db8:1::/48', '192.0.2.0/24'];
  const out = new Set<string>();
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    if (actual !== undefined && r.chance(0.25)) {
      tags.push('ip-bare');
      out.add(actual);
    } else if (r.chance(0.1)) {
      tags.push('ip-bare');
      out.add(r.pick(['2001:db8::42', '203.0.113.7']));
    } else out.add(r.pick(pool));
  }
  if ([...out].some((v) => v.includes(':')) || (actual ?? '').includes(':')) tags.push('ipv6');
  return [...out];
}

function arnValues(r: Rng, key: string, actual: string | undefined, tags: string[]): string[] {
  const out = new Set<string>();
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) {
    const roll = r.int(8);
    if (actual !== undefined && actual.startsWith('arn:') && roll < 3) {
      const parts = actual.split(':');
      if (roll === 0) out.add(actual);
      else if (roll === 1) {
        const seg = 2 + r.int(4);
        parts[seg] = parts[seg] === '' ? '*' : r.pick(['*', replaceOneChar(parts[seg]!, r)]);
        out.add(parts.join(':'));
      } else {
        const id = parts.slice(5).join(':');
        out.add(`${parts.slice(0, 5).join(':')}:${id.slice(0, Math.max(1, id.indexOf('/') + 1))}*`);
      }
    } else if (roll === 3) {
      tags.push('variable');
      out.add(`arn:aws:iam::\${aws:PrincipalAccount}:${key === 'aws:SourceArn' ? 'root' : r.pick(['user/*', 'role/app/*', 'root'])}`);
    } else out.add(r.pick([`arn:aws:iam::${A}:role/*`, `arn:aws:iam::${B}:*`, `arn:aws:iam::*:user/*`, `arn:aws:sagemaker:*:*:feature-group/*`, `arn:aws:iam::${A}:user/dev/*`]));
  }
  return [...out];
}

function arrayValues(r: Rng, key: string): string[] {
  const pool: Record<string, string[]> = {
    'aws:TagKeys': ['env', 'team', 'Owner', 'cost-center', 'owner', 'Env'],
    'aws:PrincipalOrgPaths': ['o-abc123/r-ab12/ou-ab12-11111111/', 'o-abc123/*', 'o-zzz999/*'],
    'aws:CalledVia': ['athena.amazonaws.com', 'glue.amazonaws.com', 'cloudformation.amazonaws.com'],
  };
  return r.some(pool[key] ?? ['x'], 3);
}

type ConditionBlock = Record<string, Record<string, string | string[]>>;

function condition(r: Rng, sc: Scenario, tags: string[]): ConditionBlock {
  const block: ConditionBlock = {};
  const nOps = 1 + (r.chance(0.25) ? 1 : 0);
  const keys = conditionKeys(sc);
  for (let i = 0; i < nOps; i++) {
    let key = r.pick(keys);
    let op: string;
    let values: string[];
    const isNull = r.chance(0.07);
    if (isNull) {
      // An empty multivalued key is the interesting case for Null.
      const empty = Object.keys(sc.context).find((k) => Array.isArray(sc.context[k]) && (sc.context[k] as string[]).length === 0);
      if (empty !== undefined && r.chance(0.6)) key = empty;
    }
    const type = KEY_TYPES[key] ?? 'String';
    const raw = sc.context[key];
    const actual = asString(raw);
    if (isNull) {
      op = 'Null';
      values = [r.pick(['true', 'false'])];
    } else if (type === 'Array') {
      const set = r.chance(0.5) ? 'ForAllValues' : 'ForAnyValue';
      const base = key === 'aws:PrincipalOrgPaths' ? r.pick(['StringLike', 'StringEquals', 'StringNotLike']) : r.pick(['StringEquals', 'StringLike', 'StringNotEquals', 'StringEqualsIgnoreCase']);
      op = `${set}:${base}`;
      values = arrayValues(r, key);
      tags.push(`set:${set}`, 'multi-valued-key');
    } else {
      switch (type) {
        case 'String':
          op = key === 'aws:RequestTag/blob' && r.chance(0.6) ? 'BinaryEquals' : r.pick(STRING_OPS);
          values = op === 'BinaryEquals' ? [r.pick(['aGVsbG8=', 'd29ybGQ='])] : stringValues(r, key, actual, op, tags);
          if (key === 'aws:PrincipalTag/cost' && r.chance(0.5)) {
            op = r.pick(NUMERIC_OPS);
            values = numericValues(r, actual);
          }
          break;
        case 'Numeric':
          op = r.pick(NUMERIC_OPS);
          values = numericValues(r, actual);
          break;
        case 'Date':
          op = r.pick(DATE_OPS);
          values = dateValues(r, key, raw, sc.now, tags);
          break;
        case 'Bool':
          op = 'Bool';
          values = [r.pick(['true', 'false'])];
          break;
        case 'IP':
          op = r.pick(['IpAddress', 'NotIpAddress']);
          values = ipValues(r, actual, tags);
          break;
        case 'ARN':
          op = r.chance(0.8) ? r.pick(ARN_OPS) : r.pick(['StringLike', 'StringEquals']);
          values = op.startsWith('Arn') ? arnValues(r, key, actual, tags) : [actual ?? `arn:aws:iam::${A}:user/alice`];
          break;
      }
      // A set operator on a single-valued key: AWS advises against it, but it has a meaning (a one-element set).
      if (op !== 'Null' && op !== 'BinaryEquals' && op.startsWith('String') && r.chance(0.05)) {
        const set = r.pick(['ForAnyValue', 'ForAllValues']);
        op = `${set}:${op}`;
        tags.push(`set:${set}`, 'set-op-on-single-valued-key');
      } else if (op !== 'Null' && r.chance(0.22)) {
        op = `${op}IfExists`;
        tags.push('ifexists');
      }
    }
    const base = op.replace(/^For(AllValues|AnyValue):/, '').replace(/IfExists$/, '');
    tags.push(`op:${base}`);
    if (raw === undefined) tags.push('cond-key-missing');
    if (NEGATED.has(base)) tags.push('negated-op');
    // Key names are case-insensitive; a tag key after the slash is kept as written.
    const slash = key.indexOf('/');
    const keyCase = r.chance(0.1) ? (slash < 0 ? flipCase(key, r) : flipCase(key.slice(0, slash), r) + key.slice(slash)) : key;
    if (keyCase !== key) tags.push('key-case');
    const entry = (block[op] ??= {});
    // One operator naming the same key twice (in any case) is a duplicate JSON key to IAM.
    if (Object.keys(entry).some((k) => k.toLowerCase() === key.toLowerCase())) continue;
    entry[keyCase] = r.oneOrMany(values);
  }
  return block;
}

// ---------------------------------------------------------------------------------------------
// Statements and policies.

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalValue;
  NotPrincipal?: PrincipalValue;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

function statement(r: Rng, sc: Scenario, kind: PolicyKind, effect: 'Allow' | 'Deny', tags: string[], sid: number): Statement {
  const st: Statement = { Effect: effect };
  if (r.chance(0.3)) st.Sid = `S${sid}`;
  if (kind === 'resource' || kind === 'trust') {
    // NotPrincipal: resource policies only, with Deny ("Using it with Allow is not supported";
    // "You cannot use the NotPrincipal element … in an IAM role trust policy").
    if (kind === 'resource' && effect === 'Deny' && r.chance(0.3)) st.NotPrincipal = notPrincipalElement(r, sc, tags);
    else st.Principal = principalElement(r, sc, tags);
  }
  if (kind === 'trust') {
    const acts = r.some(['sts:AssumeRole', 'sts:AssumeRole', 'sts:TagSession', 'sts:*', 'sts:Assume*'], 2);
    if (r.chance(0.08)) {
      st.NotAction = r.oneOrMany(['sts:TagSession']);
      tags.push('not-action');
    } else st.Action = r.oneOrMany(acts);
  } else {
    const acts = actionPatterns(r, sc.action);
    if (r.chance(0.12)) {
      st.NotAction = r.oneOrMany(acts);
      tags.push('not-action');
    } else st.Action = r.oneOrMany(acts);
    if (r.chance(0.1)) {
      st.NotResource = r.oneOrMany(resourcePatterns(r, sc, tags, false));
      tags.push('not-resource');
    } else st.Resource = r.oneOrMany(resourcePatterns(r, sc, tags, true));
  }
  const pCond = effect === 'Deny' ? 0.6 : 0.45;
  if (r.chance(pCond)) st.Condition = condition(r, sc, tags);
  return st;
}

function policy(r: Rng, sc: Scenario, kind: PolicyKind, name: string, tags: string[], pDeny: number, maxStatements = 3): GenPolicy {
  const n = 1 + r.int(maxStatements);
  const statements: Statement[] = [];
  for (let i = 0; i < n; i++) statements.push(statement(r, sc, kind, r.chance(pDeny) ? 'Deny' : 'Allow', tags, i));
  // Resource and trust policies may still be written in the 2008 language, where ${…} is text.
  const legacy = (kind === 'resource' || kind === 'trust') && r.chance(0.08);
  if (legacy) tags.push('version-2008');
  const doc: Record<string, unknown> = { Version: legacy ? '2008-10-17' : '2012-10-17' };
  if (r.chance(0.1)) doc['Id'] = `${name}-id`;
  doc['Statement'] = statements.length === 1 && r.chance(0.3) ? statements[0] : statements;
  return { name, kind, text: JSON.stringify(doc, null, r.chance(0.2) ? 2 : undefined) };
}

function bindingsFor(text: string, r: Rng, tags: string[]): Record<string, string> | undefined {
  const bindings: Record<string, string> = {};
  for (const actor of ACTORS) {
    const p = actor.principal;
    if (p.kind === 'user' && text.includes(`"${p.arn}"`)) bindings[p.arn] = p.uniqueId!;
  }
  for (const [arn, id] of Object.entries(ROLE_IDS)) if (text.includes(`"${arn}"`)) bindings[arn] = id;
  const keys = Object.keys(bindings);
  if (keys.length === 0) return undefined;
  if (r.chance(0.04)) {
    // The named user or role was deleted and recreated: the stored id is stale.
    const k = r.pick(keys);
    bindings[k] = bindings[k]!.slice(0, 4) + 'STALE' + bindings[k]!.slice(9);
    tags.push('stale-binding');
  }
  return bindings;
}

/** Generates `count` cases from `seed`. */
export function generateCases(count: number, seed = 20261127): DiffCase[] {
  const cases: DiffCase[] = [];
  for (let id = 0; id < count; id++) {
    const r = new Rng(caseSeed(seed, id));
    const sc = scenario(r);
    const tags = sc.tags;
    const p = sc.actor.principal;
    const identity: GenPolicy[] = [];
    if (p.kind === 'root') identity.push({ name: `root user of account ${p.accountId}`, kind: 'identity', text: ROOT_POLICY });
    else if (p.kind === 'user' || p.kind === 'assumed-role') {
      const n = r.int(4);
      for (let i = 0; i < n; i++) identity.push(policy(r, sc, 'identity', `identity-${i}`, tags, 0.3));
    }
    let resource: GenPolicy | undefined;
    const isTrust = sc.action === 'sts:AssumeRole' || sc.action === 'sts:TagSession';
    if (isTrust) {
      resource = policy(r, sc, 'trust', `trust policy of ${sc.target.arn}`, tags, 0.25, 2);
      const b = bindingsFor(resource.text, r, tags);
      if (b) resource.principalBindings = b;
      tags.push('trust');
    } else if (sc.target.type !== 'role' && sc.target.type !== 'user' && sc.target.type !== 'none' && (r.chance(0.55) || p.kind === 'service' || p.kind === 'anonymous')) {
      resource = policy(r, sc, 'resource', `resource policy of ${sc.target.arn}`, tags, 0.3);
      tags.push('resource-policy');
    }
    let boundary: GenPolicy | undefined;
    if ((p.kind === 'user' || p.kind === 'assumed-role') && r.chance(0.25)) {
      boundary = policy(r, sc, 'boundary', 'boundary', tags, 0.15, 2);
      tags.push('boundary');
    }
    let session: GenPolicy[] | undefined;
    if (p.kind === 'assumed-role' && r.chance(resource ? 0.5 : 0.3)) {
      session = [policy(r, sc, 'session', 'inline session policy', tags, 0.15, 2)];
      if (r.chance(0.3)) session.push(policy(r, sc, 'session', 'managed session policy', tags, 0.1, 1));
      tags.push(session.length > 1 ? 'session-policies-2' : 'session-policy');
    }
    const request: EvalRequest = { principal: p, action: sc.action, resource: sc.target.arn, resourceAccount: sc.resourceAccount, context: sc.context };
    cases.push({
      id,
      tags: [...new Set(tags)],
      request,
      identity,
      ...(resource ? { resource } : {}),
      ...(boundary ? { boundary } : {}),
      ...(session ? { session } : {}),
      now: sc.now,
    });
  }
  return cases;
}
