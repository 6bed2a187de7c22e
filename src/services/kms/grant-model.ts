import { createHash } from 'node:crypto';
import type { KmsGrant, KmsGrantConstraints } from '../../storage/kms.js';
import type { EncryptionContext } from './ciphertext.js';
import { invalidGrantToken, unsupported, validation } from './errors.js';
import { MAX_GRANT_CONTEXT_PAIRS, MAX_GRANT_CONTEXT_VALUE_CHARS } from './limits.js';

/**
 * What KMS decides about a grant, as pure functions: which operations a grant on a symmetric
 * encryption key may allow, its encryption context constraints (and whether a request meets
 * them, or a new grant's are as strict), the digest that makes a named CreateGrant idempotent,
 * grant tokens, and ListGrants' entries.
 */

/** The grant operations of a symmetric encryption key; GrantOperation's other values (Sign, GenerateMac, …) need another kind of key. */
export const SYMMETRIC_GRANT_OPERATIONS: ReadonlySet<string> = new Set([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'CreateGrant', 'RetireGrant', 'DescribeKey',
]);

/** The operations an encryption context constraint applies to: those that take an encryption context. */
const CONTEXT_OPERATIONS: ReadonlySet<string> = new Set([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);

/** The grant's operations, each once, in the order given; refuses what a symmetric key's grant cannot allow. */
export function checkOperations(operations: readonly string[]): string[] {
  const ops = [...new Set(operations)];
  if (ops.length === 0) throw validation('A grant must allow at least one operation.');
  const invalid = ops.filter((op) => !SYMMETRIC_GRANT_OPERATIONS.has(op));
  if (invalid.length > 0) throw validation(`Grant operations [${invalid.join(', ')}] are not valid for a symmetric encryption KMS key (KeySpec SYMMETRIC_DEFAULT).`);
  if (ops.length === 1 && ops[0] === 'CreateGrant') throw validation('Grants must not contain only the CreateGrant operation.');
  return ops;
}

/** A grant's constraints as kept: one encryption context constraint (or none), each pair within KMS's bounds. */
export function checkConstraints(c: (KmsGrantConstraints & { SourceArn?: string }) | undefined): KmsGrantConstraints | undefined {
  if (c === undefined) return undefined;
  if (c.SourceArn !== undefined) throw unsupported('sagelite has no AWS service principals: the SourceArn grant constraint is not supported.');
  const { EncryptionContextSubset: subset, EncryptionContextEquals: equals } = c;
  if (subset !== undefined && equals !== undefined) throw validation('A grant can have either an EncryptionContextSubset or an EncryptionContextEquals constraint, not both.');
  const pairs = subset ?? equals;
  if (pairs === undefined) return undefined;
  const entries = Object.entries(pairs);
  if (entries.length > MAX_GRANT_CONTEXT_PAIRS) throw validation(`A grant constraint can have at most ${MAX_GRANT_CONTEXT_PAIRS} encryption context pairs.`);
  for (const [k, v] of entries) {
    if (v.length > MAX_GRANT_CONTEXT_VALUE_CHARS) throw validation(`The encryption context value of ${k} in a grant constraint is longer than ${MAX_GRANT_CONTEXT_VALUE_CHARS} characters.`);
  }
  return subset !== undefined ? { EncryptionContextSubset: { ...subset } } : { EncryptionContextEquals: { ...equals } };
}

/** kms:GrantConstraintType: which constraint the new grant has, if any. */
export function constraintType(c: KmsGrantConstraints | undefined): string | undefined {
  return c?.EncryptionContextSubset ? 'EncryptionContextSubset' : c?.EncryptionContextEquals ? 'EncryptionContextEquals' : undefined;
}

/** KMS compares a constraint's keys without case and its values exactly. */
function lookup(context: EncryptionContext, key: string): string | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const includes = (context: EncryptionContext, pairs: EncryptionContext): boolean => Object.entries(pairs).every(([k, v]) => lookup(context, k) === v);
const show = (pairs: EncryptionContext): string => JSON.stringify(pairs);

/** Whether a grant's constraint lets this operation run with this encryption context, and the words why. */
export function constraintVerdict(grant: Pick<KmsGrant, 'constraints'>, operation: string, context: EncryptionContext | undefined): { met: boolean; reason: string } {
  const c = grant.constraints;
  if (!c || !CONTEXT_OPERATIONS.has(operation)) return { met: true, reason: '' };
  const ctx = context ?? {};
  if (c.EncryptionContextSubset) {
    const met = includes(ctx, c.EncryptionContextSubset);
    return { met, reason: `its EncryptionContextSubset ${show(c.EncryptionContextSubset)} is ${met ? '' : 'not '}within the request's encryption context ${show(ctx)}` };
  }
  const equals = c.EncryptionContextEquals ?? {};
  const met = Object.keys(ctx).length === Object.keys(equals).length && includes(ctx, equals);
  return { met, reason: `its EncryptionContextEquals ${show(equals)} is ${met ? '' : 'not '}the request's encryption context ${show(ctx)}` };
}

/**
 * A grant that allows CreateGrant lets its grantee make grants only as narrow as itself: no
 * operation it does not allow, and a constraint as strict or stricter (KMS: "equally strict or
 * stricter encryption context constraint").
 */
export function narrowEnough(parent: Pick<KmsGrant, 'operations' | 'constraints'>, child: { operations: readonly string[]; constraints?: KmsGrantConstraints }): { ok: boolean; reason: string } {
  const beyond = child.operations.filter((op) => !parent.operations.includes(op));
  if (beyond.length > 0) return { ok: false, reason: `the new grant's operations [${beyond.join(', ')}] are not among this grant's` };
  const p = parent.constraints;
  if (!p) return { ok: true, reason: 'the new grant is within this grant' };
  const c = child.constraints;
  if (p.EncryptionContextEquals) {
    const same = c?.EncryptionContextEquals !== undefined
      && Object.keys(c.EncryptionContextEquals).length === Object.keys(p.EncryptionContextEquals).length
      && includes(c.EncryptionContextEquals, p.EncryptionContextEquals);
    return same ? { ok: true, reason: 'the new grant has the same EncryptionContextEquals constraint' } : { ok: false, reason: `the new grant's constraint is not this grant's EncryptionContextEquals ${show(p.EncryptionContextEquals)}` };
  }
  const required = p.EncryptionContextSubset ?? {};
  const given = c?.EncryptionContextSubset ?? c?.EncryptionContextEquals;
  return given !== undefined && includes(given, required)
    ? { ok: true, reason: 'the new grant’s constraint includes this grant’s EncryptionContextSubset' }
    : { ok: false, reason: `the new grant's constraint does not include this grant's EncryptionContextSubset ${show(required)}` };
}

/**
 * The digest a named grant is found again by: its name and every parameter (operations as a set,
 * maps in key order), and the account that made it.
 */
export function idempotencyKey(g: Pick<KmsGrant, 'name' | 'granteePrincipal' | 'retiringPrincipal' | 'issuingAccount' | 'operations' | 'constraints'>): string | undefined {
  if (g.name === undefined) return undefined;
  const sorted = (pairs: EncryptionContext | undefined) => (pairs ? Object.entries(pairs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null);
  const canonical = JSON.stringify([
    g.name, g.issuingAccount, g.granteePrincipal, g.retiringPrincipal ?? null, [...g.operations].sort(),
    sorted(g.constraints?.EncryptionContextSubset), sorted(g.constraints?.EncryptionContextEquals),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A grant id: 64 hex digits, as KMS's. */
export const GRANT_ID = /^[0-9a-f]{64}$/;

/**
 * A grant token: KMS's are opaque base64 strings, different for every CreateGrant call, that name
 * the grant (RetireGrant takes one in place of KeyId and GrantId). sagelite's carry the key's ARN,
 * the grant id and a nonce. Grants take effect at once here, so a token adds no permission.
 */
export function grantToken(keyArn: string, grantId: string, nonce: string): string {
  return Buffer.from(JSON.stringify({ v: 1, k: keyArn, g: grantId, n: nonce })).toString('base64');
}

/** The key ARN and grant id a token names; anything else is InvalidGrantTokenException. */
export function readGrantToken(token: string): { keyArn: string; grantId: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: unknown; k?: unknown; g?: unknown };
    if (parsed.v === 1 && typeof parsed.k === 'string' && typeof parsed.g === 'string' && GRANT_ID.test(parsed.g)) return { keyArn: parsed.k, grantId: parsed.g };
  } catch {
    // falls through to the refusal
  }
  throw invalidGrantToken('The grant token is not valid.');
}

/** GrantTokens on a request: each must be a token sagelite made. */
export function checkGrantTokens(tokens: readonly string[] | undefined): void {
  for (const t of tokens ?? []) readGrantToken(t);
}

/** ListGrants' and ListRetirableGrants' GrantListEntry. */
export function grantListEntry(g: KmsGrant, keyArn: string): Record<string, unknown> {
  return {
    KeyId: keyArn,
    GrantId: g.grantId,
    ...(g.name !== undefined ? { Name: g.name } : {}),
    CreationDate: new Date(g.createdAt),
    GranteePrincipal: g.granteePrincipal,
    ...(g.retiringPrincipal !== undefined ? { RetiringPrincipal: g.retiringPrincipal } : {}),
    IssuingAccount: g.issuingAccount,
    Operations: g.operations,
    ...(g.constraints ? { Constraints: g.constraints } : {}),
  };
}
