import { AwsError } from '../../../core/errors.js';

/**
 * A browser form's POST policy (S3 user guide, "Creating a POST policy"): base64 of a JSON
 * document with `expiration` and `conditions`. The signature covers the base64 text; the
 * conditions say what the form's fields may hold. Each form field must be named by a condition,
 * but for the ones S3 exempts.
 */

type Check = { kind: 'eq' | 'starts-with'; field: string; value: string; shown: string };
type Range = { kind: 'content-length-range'; min: number; max: number };
type Condition = Check | Range;

export interface PostPolicy {
  expiration: Date;
  conditions: Condition[];
}

/** The file's size bounds a policy sets, if any. */
export interface LengthRange {
  min: number;
  max: number;
}

function invalidPolicy(detail: string): AwsError {
  return new AwsError('InvalidPolicyDocument', 400, `Invalid Policy: ${detail}`);
}

function violated(detail: string): AwsError {
  return new AwsError('AccessDenied', 403, `Invalid according to Policy: ${detail}`);
}

/** `2024-05-06T07:08:09Z` or `2024-05-06T07:08:09.000Z`, a real instant; nothing else. */
function expirationOf(value: unknown): Date {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/.exec(value) : null;
  const date = m ? new Date(value as string) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() + 1 !== Number(m[2])) {
    throw invalidPolicy(`Invalid 'expiration' value: '${text}'`);
  }
  return date;
}

/** A JSON array as S3 quotes a condition: `["eq", "$key", "a/c"]`. */
function shown(items: readonly unknown[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}

function sizeOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function conditionOf(raw: unknown): Condition {
  if (Array.isArray(raw)) {
    const [op, a, b] = raw as unknown[];
    const kind = typeof op === 'string' ? op.toLowerCase() : '';
    if (raw.length !== 3) throw invalidPolicy(`Invalid Condition: a condition must have three elements: ${shown(raw)}`);
    if (kind === 'content-length-range') {
      const min = sizeOf(a);
      const max = sizeOf(b);
      if (min === undefined || max === undefined) throw invalidPolicy(`Invalid content-length-range: ${shown(raw)}`);
      return { kind, min, max };
    }
    if (kind !== 'eq' && kind !== 'starts-with') throw invalidPolicy(`Invalid Condition: unknown operation '${String(op)}'`);
    if (typeof a !== 'string' || typeof b !== 'string') throw invalidPolicy(`Invalid Condition: the field and the value must be strings: ${shown(raw)}`);
    return { kind, field: a, value: b, shown: shown(raw) };
  }
  if (raw !== null && typeof raw === 'object') {
    const entries = Object.entries(raw);
    if (entries.length !== 1) throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    const [field, value] = entries[0]!;
    if (typeof value !== 'string') throw invalidPolicy(`Invalid Simple-Condition: the value of '${field}' must be a string.`);
    return { kind: 'eq', field: `$${field}`, value, shown: shown(['eq', `$${field}`, value]) };
  }
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}`);
}

/** Decodes and checks the policy field's document; InvalidPolicyDocument for anything S3 would not read. */
export function parsePolicy(encoded: string): PostPolicy {
  let doc: unknown;
  try {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(encoded)) throw new Error('not base64');
    doc = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const record = doc as Record<string, unknown>;
  if (!Object.hasOwn(record, 'expiration')) throw invalidPolicy('Policy missing expiration.');
  const expiration = expirationOf(record['expiration']);
  if (!Object.hasOwn(record, 'conditions')) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(record['conditions'])) throw invalidPolicy("Invalid 'conditions' value: conditions must be a list.");
  return { expiration, conditions: record['conditions'].map(conditionOf) };
}

/** Fields no condition needs to name (S3 user guide): the signature, the policy, the file, and `x-ignore-*`. */
function exempt(name: string): boolean {
  return name === 'policy' || name === 'x-amz-signature' || name === 'file' || name.startsWith('x-ignore-');
}

function holds(c: Check, fields: ReadonlyMap<string, string>, bucket: string): boolean {
  if (!c.field.startsWith('$')) return false;
  const name = c.field.slice(1).toLowerCase();
  const value = name === 'bucket' ? bucket : fields.get(name);
  if (c.kind === 'eq') return value === c.value;
  if (c.value === '') return true;
  if (value === undefined) return false;
  // A Content-Type may list several types: each must start with the prefix.
  if (name === 'content-type') return value.split(',').every((v) => v.trim().startsWith(c.value));
  return value.startsWith(c.value);
}

/**
 * Checks the form against its policy: not expired, every condition holding, every field named
 * by one (and the bucket). Returns the file's size bounds, checked as the file is read.
 */
export function checkPolicy(policy: PostPolicy, fields: ReadonlyMap<string, string>, bucket: string, now: Date): LengthRange | undefined {
  if (now.getTime() >= policy.expiration.getTime()) throw violated('Policy expired.');
  let range: LengthRange | undefined;
  const named = new Set<string>();
  for (const c of policy.conditions) {
    if (c.kind === 'content-length-range') {
      range = { min: c.min, max: c.max };
      continue;
    }
    if (!holds(c, fields, bucket)) throw violated(`Policy Condition failed: ${c.shown}`);
    named.add(c.field.slice(1).toLowerCase());
  }
  for (const name of [...fields.keys(), 'bucket']) if (!exempt(name) && !named.has(name)) throw violated(`Extra input fields: ${name}`);
  return range;
}
