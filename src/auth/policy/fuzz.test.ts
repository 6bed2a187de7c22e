/**
 * Seeded, bounded fuzzing of the policy engine (checklist 45). Replay a failure from its seed.
 * - Documents (mutated valid policies, deep nesting, huge arrays, odd Unicode, star runs) either
 *   compile or throw PolicyDocumentError — nothing else — and each stays fast.
 * - Random valid policies evaluated against random requests never Allow what a deliberately
 *   generous oracle says the documents could not allow (the oracle ignores principals and
 *   conditions and lets wildcards span ARN components, so it over-approximates every Allow).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../test/fuzz/random.js';
import { compilePolicy } from './compile-policy.js';
import { evaluate } from './decision.js';
import { PolicyDocumentError } from './errors.js';
import { A, alice, devSession, rootA } from '../../../test/support/policy-helpers.js';
import type { CompiledPolicy, EvalPrincipal, RequestContextKeys } from './types.js';

const ITERATIONS = 3000;
const TIME_CAP_MS = 10_000;
// A bound for catastrophic (super-linear) compiles only: one document takes ~30 ms here, far more
// when CI's cores are shared, and a quadratic case seconds to minutes. Not a speed target.
const PER_DOCUMENT_MS = 5_000;

type Rng = () => number;
const pick = <T>(next: Rng, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:Get*', 'iam:*', 'sts:AssumeRole', 's3:*Object', 'ec2:?escribe*', 'IAM:listUsers'];
const RESOURCES = ['*', 'arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/*', 'arn:aws:s3:::b?t/k*', 'arn:aws:iam::111122223333:user/*', 'arn:aws:s3:::bkt/${aws:username}/*', 'arn:aws:ec2:*'];
const CONDITIONS: Array<Record<string, Record<string, unknown>>> = [
  { StringEquals: { 'aws:username': 'alice' } },
  { StringNotLike: { 'aws:PrincipalTag/team': ['a*', 'b?'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['x', 'y'] } },
  { NumericLessThan: { 'n': 10 } },
  { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { Null: { 'aws:TokenIssueTime': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
];
const REQUEST_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 'iam:ListUsers', 'sts:AssumeRole', 'ec2:DescribeInstances', 'kms:Decrypt'];
const REQUEST_RESOURCES = ['arn:aws:s3:::bkt', 'arn:aws:s3:::bkt/k', 'arn:aws:s3:::bat/kk', 'arn:aws:s3:::other/x', `arn:aws:iam::${A}:user/alice`, '*', 'arn:aws:s3:::bkt/alice/x'];

function randomStatement(next: Rng, index: number): Record<string, unknown> {
  const st: Record<string, unknown> = { Sid: `S${index}`, Effect: next() < 0.7 ? 'Allow' : 'Deny' };
  const actions = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, ACTIONS));
  st[next() < 0.15 ? 'NotAction' : 'Action'] = actions;
  const resources = Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(next, RESOURCES));
  st[next() < 0.15 ? 'NotResource' : 'Resource'] = resources;
  if (next() < 0.4) st['Condition'] = pick(next, CONDITIONS);
  return st;
}

function randomPolicy(next: Rng): { text: string; statements: Array<Record<string, unknown>> } {
  const statements = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => randomStatement(next, i));
  return { text: JSON.stringify({ Version: '2012-10-17', Statement: statements }), statements };
}

/** Reference glob: plain dynamic programming, obviously correct, fine for short strings. */
function referenceGlob(pattern: string, text: string): boolean {
  let row = new Array<boolean>(text.length + 1).fill(false);
  row[0] = true;
  for (const p of pattern) {
    const nextRow = new Array<boolean>(text.length + 1).fill(false);
    if (p === '*') nextRow[0] = row[0]!;
    for (let j = 1; j <= text.length; j++) {
      if (p === '*') nextRow[j] = nextRow[j - 1]! || row[j]!;
      else nextRow[j] = row[j - 1]! && (p === '?' || p === text[j - 1]);
    }
    row = nextRow;
  }
  return row[text.length]!;
}

/** Could any Allow statement possibly apply? Over-approximates: see the file comment. */
function couldAllow(statements: Array<Record<string, unknown>>, action: string, resource: string): boolean {
  return statements.some((st) => {
    if (st['Effect'] !== 'Allow') return false;
    const negA = 'NotAction' in st;
    const actions = (st['Action'] ?? st['NotAction']) as string[];
    const actionHit = actions.some((a) => referenceGlob(a.toLowerCase(), action.toLowerCase()));
    if (actionHit === negA) return false;
    if ('NotResource' in st) return true; // variables make NotResource hard to bound: allow it
    const resources = st['Resource'] as string[];
    return resources.some((r) => r.includes('${') || referenceGlob(r, resource));
  });
}

const PIECES = ['{', '}', '[', ']', '"', ':', ',', '"Version"', '"2012-10-17"', '"Statement"', '"Effect"', '"Allow"', '"Deny"', '"Action"', '"Resource"', '"Condition"', '"Principal"', '"*"', 'null', 'true', '1e999', '-0', '\\u0000', '\\ud800', 'é', '\u2603', '\u0000', '${', '}', '*'.repeat(64) + 'x', ' '];

function mutate(next: Rng, text: string): string {
  let s = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (s.length + 1));
    const cut = next() < 0.5 ? Math.floor(next() * 6) : 0;
    s = s.slice(0, at) + (next() < 0.8 ? pick(next, PIECES) : String.fromCharCode(Math.floor(next() * 0x3000))) + s.slice(at + cut);
  }
  return s;
}

function hostile(next: Rng): string {
  const n = 1 + Math.floor(next() * 50_000);
  switch (Math.floor(next() * 6)) {
    case 0: return '['.repeat(n) + ']'.repeat(n);
    case 1: return '{"a":'.repeat(n % 5000) + '1' + '}'.repeat(n % 5000);
    case 2: return JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: Array.from({ length: n % 20_000 }, (_, i) => `s3:A${i}*`), Resource: '*' } });
    case 3: return JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: n % 3000 }, (_, i) => ({ Sid: `s${i}`, Effect: 'Deny', Action: 's3:*', Resource: '*'.repeat(64) + 'x' })) });
    case 4: return '"' + '\\u00e9'.repeat(n) + '"';
    default: return String.fromCharCode(...Array.from({ length: n % 2000 }, () => Math.floor(next() * 0x10000)));
  }
}

function compileOrReject(text: string): CompiledPolicy | undefined {
  try {
    return compilePolicy(text, 'identity');
  } catch (e) {
    if (e instanceof PolicyDocumentError) return undefined;
    throw new Error(`unexpected ${String(e)} for ${JSON.stringify(text.slice(0, 200))}`);
  }
}

describe('policy fuzz (checklist 45)', () => {
  it('any text compiles or throws PolicyDocumentError, quickly', () => {
    const next = seededRandom(20250601);
    const deadline = Date.now() + TIME_CAP_MS;
    let slowest = 0;
    for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) {
      const text = next() < 0.1 ? hostile(next) : mutate(next, randomPolicy(next).text);
      const started = performance.now();
      compileOrReject(text);
      slowest = Math.max(slowest, performance.now() - started);
    }
    assert.ok(slowest < PER_DOCUMENT_MS, `slowest document took ${slowest} ms`);
  });

  it('never Allows what no Allow statement could match', () => {
    const next = seededRandom(7);
    const deadline = Date.now() + TIME_CAP_MS;
    const principals: EvalPrincipal[] = [alice, devSession, rootA];
    let allows = 0;
    for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) {
      const { text, statements } = randomPolicy(next);
      const policy = compilePolicy(text, 'identity');
      const principal = pick(next, principals.slice(0, 2));
      const action = pick(next, REQUEST_ACTIONS);
      const resource = pick(next, REQUEST_RESOURCES);
      const context: RequestContextKeys = {
        'aws:username': pick(next, ['alice', 'bob', '*']),
        'aws:TagKeys': next() < 0.5 ? [] : ['x', pick(next, ['y', 'z'])],
        n: pick<string | number>(next, [5, '20', 'NaN']),
        'aws:SourceIp': pick(next, ['10.1.1.1', '2001:db8::5', '8.8.8.8', 'junk']),
      };
      const d = evaluate({ request: { principal, action, resource, context }, identityPolicies: [{ name: 'fuzz', policy }], now: new Date('2024-01-01T00:00:00Z') });
      if (d.result === 'Allow') {
        allows++;
        assert.ok(couldAllow(statements, action, resource), `Allow without a possible Allow: ${text} ${action} ${resource}`);
      }
      // The explanation agrees with the fast path and never throws.
      assert.equal(d.policies.length, 1);
      assert.equal(d.policies[0]!.statements.length, statements.length);
    }
    assert.ok(allows > 0, 'the generator should produce some Allows');
  });
});
