import { AwsError } from '../../../core/errors.js';
import type { LifecycleFilter, LifecycleRule } from '../../../storage/s3.js';
import type { ObjectTag } from '../../../storage/s3-objects.js';
import { invalidArgument, invalidRequest, malformedXml } from '../errors.js';

/**
 * S3 lifecycle rules as pure functions: what PutBucketLifecycleConfiguration accepts, which
 * objects a rule selects, and when a rule's action falls due. S3 counts days from an object's
 * creation (or, for a noncurrent version, from when it became noncurrent) and rounds the result
 * up to the next midnight UTC; a Date action falls due at that date.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_RULES = 1000;

/** A rule as PutBucketLifecycleConfiguration parses it (timestamps as Dates). */
export interface LifecycleRuleInput extends Omit<LifecycleRule, 'Expiration' | 'Status'> {
  Status?: string;
  Expiration?: { Days?: number; Date?: Date | string; ExpiredObjectDeleteMarker?: boolean };
}

/** The last instant a Date holds: a day count past it falls due then (never, in practice), not at an invalid date. */
const LAST_INSTANT = 8.64e15;

/** When a day count falls due from `from`: that many days later, rounded up to midnight UTC. */
export function dueAfterDays(from: Date, days: number): Date {
  const t = from.getTime() + days * DAY_MS;
  // An invalid Date compares false with everything, so an unbounded day count would fall due at once.
  return new Date(Math.min(Math.ceil(t / DAY_MS) * DAY_MS, LAST_INSTANT));
}

const positive = (n: number | undefined): boolean => n !== undefined && Number.isInteger(n) && n > 0;

/** The rule's selection: its filter, or the older rule-level prefix. */
function filterOf(rule: LifecycleRule): LifecycleFilter {
  return rule.Filter ?? (rule.Prefix !== undefined ? { Prefix: rule.Prefix } : {});
}

function filterTags(f: LifecycleFilter): Array<{ Key: string; Value: string }> {
  return f.And?.Tags ?? (f.Tag ? [f.Tag] : []);
}

/** Checks one rule as S3 does; returns it as stored (Date as ISO text). */
function checkRule(rule: LifecycleRuleInput): LifecycleRule {
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformedXml();
  if (rule.ID !== undefined && rule.ID.length > 255) throw invalidArgument('ID length should not exceed allowed limit of 255', 'ID', rule.ID);
  if (rule.Filter !== undefined && rule.Prefix !== undefined) throw malformedXml();
  const f = rule.Filter ?? {};
  const parts = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And'].filter((k) => (f as Record<string, unknown>)[k] !== undefined);
  if (parts.length > 1) throw malformedXml();
  const e = rule.Expiration;
  const actions = [e, rule.NoncurrentVersionExpiration, rule.AbortIncompleteMultipartUpload, rule.Transitions?.length ? rule.Transitions : undefined, rule.NoncurrentVersionTransitions?.length ? rule.NoncurrentVersionTransitions : undefined];
  if (actions.every((a) => a === undefined)) throw invalidRequest('At least one action needs to be specified in a rule');
  let expiration: LifecycleRule['Expiration'];
  if (e) {
    const given = [e.Days !== undefined, e.Date !== undefined, e.ExpiredObjectDeleteMarker !== undefined].filter(Boolean).length;
    if (given !== 1) throw malformedXml();
    if (e.Days !== undefined && !positive(e.Days)) throw invalidArgument("'Days' for Expiration action must be a positive integer", 'Days', String(e.Days));
    let date: string | undefined;
    if (e.Date !== undefined) {
      const d = new Date(e.Date);
      if (Number.isNaN(d.getTime())) throw malformedXml();
      if (d.getTime() % DAY_MS !== 0) throw invalidArgument("'Date' must be at midnight GMT", 'Date', d.toISOString());
      date = d.toISOString();
    }
    if (e.ExpiredObjectDeleteMarker !== undefined && filterTags(f).length > 0) {
      throw invalidRequest('ExpiredObjectDeleteMarker cannot be specified with object tags in a lifecycle filter');
    }
    expiration = { ...(e.Days !== undefined ? { Days: e.Days } : {}), ...(date ? { Date: date } : {}), ...(e.ExpiredObjectDeleteMarker !== undefined ? { ExpiredObjectDeleteMarker: e.ExpiredObjectDeleteMarker } : {}) };
  }
  const nve = rule.NoncurrentVersionExpiration;
  if (nve) {
    if (!positive(nve.NoncurrentDays)) throw invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer", 'NoncurrentDays', String(nve.NoncurrentDays));
    if (nve.NewerNoncurrentVersions !== undefined && (!positive(nve.NewerNoncurrentVersions) || nve.NewerNoncurrentVersions > 100)) {
      throw invalidArgument("'NewerNoncurrentVersions' must be a positive integer no greater than 100", 'NewerNoncurrentVersions', String(nve.NewerNoncurrentVersions));
    }
  }
  const abort = rule.AbortIncompleteMultipartUpload;
  if (abort) {
    if (!positive(abort.DaysAfterInitiation)) throw invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer", 'DaysAfterInitiation', String(abort.DaysAfterInitiation));
    if (filterTags(f).length > 0) throw invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
  }
  // A transition's Date is held to what an expiration's is (sagelite moves nothing, but keeps only what S3 keeps).
  for (const t of (rule.Transitions ?? []) as Array<{ Date?: Date | string }>) {
    if (t.Date === undefined) continue;
    const d = new Date(t.Date);
    if (Number.isNaN(d.getTime())) throw malformedXml();
    if (d.getTime() % DAY_MS !== 0) throw invalidArgument("'Date' must be at midnight GMT", 'Date', d.toISOString());
  }
  const { Expiration: _e, Status: _s, ...rest } = rule;
  return { ...rest, Status: rule.Status, ...(expiration ? { Expiration: expiration } : {}) };
}

/** PutBucketLifecycleConfiguration's rules, checked: 1 to 1,000, IDs unique. */
export function checkLifecycleRules(rules: LifecycleRuleInput[] | undefined): LifecycleRule[] {
  if (!rules || rules.length === 0) throw malformedXml();
  if (rules.length > MAX_RULES) throw invalidRequest(`Lifecycle configuration cannot have more than ${MAX_RULES} rules`);
  const ids = new Set<string>();
  for (const r of rules) {
    if (r.ID === undefined) continue;
    if (ids.has(r.ID)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', r.ID);
    ids.add(r.ID);
  }
  return rules.map(checkRule);
}

/** The prefix a rule selects (the start of every key it can match). */
export function rulePrefix(rule: LifecycleRule): string {
  const f = filterOf(rule);
  return f.Prefix ?? f.And?.Prefix ?? '';
}

/** Whether a rule selects an object of this key, size and tags. */
export function ruleSelects(rule: LifecycleRule, object: { key: string; size?: number; tags?: readonly ObjectTag[] }): boolean {
  if (rule.Status !== 'Enabled') return false;
  const f = filterOf(rule);
  if (!object.key.startsWith(rulePrefix(rule))) return false;
  const greater = f.ObjectSizeGreaterThan ?? f.And?.ObjectSizeGreaterThan;
  const less = f.ObjectSizeLessThan ?? f.And?.ObjectSizeLessThan;
  if (greater !== undefined && (object.size === undefined || object.size <= greater)) return false;
  if (less !== undefined && (object.size === undefined || object.size >= less)) return false;
  return filterTags(f).every((t) => object.tags?.some((o) => o.Key === t.Key && o.Value === t.Value));
}

/** When a rule's Expiration makes a current object expire (undefined: it never does). */
export function currentExpiry(rule: LifecycleRule, lastModified: Date): Date | undefined {
  const e = rule.Expiration;
  if (e?.Days !== undefined) return dueAfterDays(lastModified, e.Days);
  if (e?.Date !== undefined) return new Date(e.Date);
  return undefined;
}

/** GetObject's and HeadObject's x-amz-expiration: the earliest expiry among the rules that select the object. */
export function expirationHeader(rules: readonly LifecycleRule[] | undefined, object: { key: string; size: number; tags: readonly ObjectTag[]; lastModified: Date }): string | undefined {
  let best: { at: Date; id: string } | undefined;
  for (const rule of rules ?? []) {
    if (!ruleSelects(rule, object)) continue;
    const at = currentExpiry(rule, object.lastModified);
    if (at && (!best || at < best.at)) best = { at, id: rule.ID ?? '' };
  }
  return best ? `expiry-date="${best.at.toUTCString()}", rule-id="${best.id}"` : undefined;
}

/** A write's Expiration member (PutObject, CopyObject, CompleteMultipartUpload): when the new object will expire, as S3 answers it. */
export function expirationOutput(rules: readonly LifecycleRule[] | undefined, object: { key: string; size: number; tags: readonly ObjectTag[]; lastModified: Date }): { Expiration?: string } {
  const expiration = expirationHeader(rules, object);
  return expiration ? { Expiration: expiration } : {};
}

export const noSuchLifecycleConfiguration = (bucket: string) =>
  new AwsError('NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist', { BucketName: bucket });
