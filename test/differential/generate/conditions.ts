/**
 * Condition blocks: an operator fitting the key's type (sometimes a set operator, IfExists, Null
 * or a key in other case) and values near the request's own: equal, wildcards, variables, misses.
 */
import type { ContextValue } from '../../../src/auth/policy/types.js';
import { flipCase, replaceOneChar, type Rng } from './rng.js';
import type { Scenario } from './scenario.js';
import { A, B, serviceKeys } from './world.js';

// Context keys: the value type each has in AWS.

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

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export function condition(r: Rng, sc: Scenario, tags: string[]): ConditionBlock {
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
