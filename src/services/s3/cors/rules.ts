import { AwsError } from '../../../core/errors.js';
import type { CorsRule } from '../../../storage/s3.js';
import { invalidArgument, invalidRequest, malformedXml } from '../errors.js';

/**
 * A bucket's CORS rules: what PutBucketCors accepts, and how S3 matches a browser's request
 * against them (first matching rule wins). Sources: the S3 API reference (PutBucketCors,
 * CORSRule), the user guide's "CORS configuration" pages, and S3's recorded answers
 * (docs/DECISIONS.md, S3 section, "CORS").
 */

/** The only methods a rule may allow, and the only ones a preflight may ask about. */
export const CORS_METHODS: readonly string[] = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

const MAX_RULES = 100;
const MAX_ID_LENGTH = 255;
/**
 * A configuration's size as its XML document (S3 bounds a CORS configuration at 64 KB). Every
 * unauthenticated preflight matches against the rules, so their size bounds what a stranger's
 * OPTIONS costs the server.
 */
export const MAX_CORS_CONFIGURATION_BYTES = 64 * 1024;

/** The bytes of the rules written as PutBucketCors's XML (`<CORSRule><AllowedOrigin>…</AllowedOrigin>…</CORSRule>`), without the envelope. */
function xmlBytes(rules: readonly CorsRule[]): number {
  const element = (name: string, value: string | number) => 2 * name.length + 5 + Buffer.byteLength(String(value));
  let size = 0;
  for (const r of rules) {
    size += element('CORSRule', '');
    if (r.ID !== undefined) size += element('ID', r.ID);
    for (const v of r.AllowedOrigins) size += element('AllowedOrigin', v);
    for (const v of r.AllowedMethods) size += element('AllowedMethod', v);
    for (const v of r.AllowedHeaders ?? []) size += element('AllowedHeader', v);
    for (const v of r.ExposeHeaders ?? []) size += element('ExposeHeader', v);
    if (r.MaxAgeSeconds !== undefined) size += element('MaxAgeSeconds', r.MaxAgeSeconds);
  }
  return size;
}

/** One CORSRule as the codec parsed it from PutBucketCors's XML. */
export interface CorsRuleInput {
  ID?: string;
  AllowedHeaders?: string[];
  AllowedMethods?: string[];
  AllowedOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

function wildcards(value: string): number {
  return value.split('*').length - 1;
}

/**
 * Checks PutBucketCors's rules as S3 does and returns them as stored: values kept as sent
 * (GetBucketCors gives back the cases written), members left out stay out.
 */
export function checkCorsRules(rules: readonly CorsRuleInput[] | undefined): CorsRule[] {
  // S3's schema allows 1 to 100 CORSRule elements; outside it the document does not validate.
  if (!rules || rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  const checked = rules.map((rule) => {
    const methods = rule.AllowedMethods ?? [];
    const origins = rule.AllowedOrigins ?? [];
    if (methods.length === 0 || origins.length === 0) throw malformedXml();
    for (const method of methods) {
      if (!CORS_METHODS.includes(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
    for (const origin of origins) if (wildcards(origin) > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    for (const h of rule.AllowedHeaders ?? []) if (wildcards(h) > 1) throw invalidRequest(`AllowedHeader "${h}" can not have more than one wildcard.`);
    for (const h of rule.ExposeHeaders ?? []) {
      if (h.includes('*')) throw invalidRequest(`ExposeHeader "${h}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
    }
    if (rule.ID !== undefined && rule.ID.length > MAX_ID_LENGTH) throw invalidArgument('ID length should not exceed allowed limit of 255', 'ID', rule.ID);
    return {
      ...(rule.ID !== undefined ? { ID: rule.ID } : {}),
      AllowedOrigins: origins,
      AllowedMethods: methods,
      ...(rule.AllowedHeaders && rule.AllowedHeaders.length > 0 ? { AllowedHeaders: rule.AllowedHeaders } : {}),
      ...(rule.ExposeHeaders && rule.ExposeHeaders.length > 0 ? { ExposeHeaders: rule.ExposeHeaders } : {}),
      ...(rule.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.MaxAgeSeconds } : {}),
    };
  });
  if (xmlBytes(checked) > MAX_CORS_CONFIGURATION_BYTES) throw new AwsError('MaxMessageLengthExceeded', 400, 'Your request was too big.');
  return checked;
}

/**
 * `*` stands for any run of characters, the empty one too (`http://*.example.com`, `x-amz-*`,
 * `*`); everything else matches exactly. A pattern has at most one `*` (checked on the way in).
 */
function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** Access-Control-Request-Headers as names: comma-separated, trimmed, lower-cased (as S3 answers them). */
export function requestedHeaders(value: string | undefined): string[] {
  return (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
}

/**
 * A rule's AllowedHeaders as one test of a lower-cased name: exact names looked up in a set,
 * patterns tried one by one (a lone `*` allows every name). Built once per rule and request, so a
 * preflight costs its distinct requested names times the rule's patterns, not times every entry.
 */
function headerTest(rule: CorsRule): (name: string) => boolean {
  const exact = new Set<string>();
  const patterns: Array<{ prefix: string; suffix: string }> = [];
  for (const h of rule.AllowedHeaders ?? []) {
    const lower = h.toLowerCase();
    const star = lower.indexOf('*');
    if (lower === '*') return () => true;
    if (star < 0) exact.add(lower);
    else patterns.push({ prefix: lower.slice(0, star), suffix: lower.slice(star + 1) });
  }
  return (name) =>
    exact.has(name) || patterns.some((p) => name.length >= p.prefix.length + p.suffix.length && name.startsWith(p.prefix) && name.endsWith(p.suffix));
}

/**
 * The first rule that allows the origin, the method and every requested header; undefined when
 * none does. Origins match as written (scheme, host and port, case and all); header names
 * match without regard to case.
 */
export function matchingRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[]): CorsRule | undefined {
  const names = [...new Set(headers.map((h) => h.toLowerCase()))];
  return rules.find((rule) => {
    if (!rule.AllowedMethods.includes(method)) return false;
    if (!rule.AllowedOrigins.some((allowed) => wildcardMatch(allowed, origin))) return false;
    if (names.length === 0) return true;
    const allowed = headerTest(rule);
    return names.every(allowed);
  });
}

/**
 * The Access-Control-* headers S3 answers for a matched rule. A rule that lets the origin in
 * only through `*` is answered `*`, without credentials (a browser refuses `*` with them);
 * one that names the origin echoes it with Access-Control-Allow-Credentials. Allowed headers
 * are the requested ones (a preflight's), lower-cased, in the order asked.
 */
export function corsResponseHeaders(rule: CorsRule, origin: string, headers: readonly string[]): Record<string, string> {
  const named = rule.AllowedOrigins.some((allowed) => allowed !== '*' && wildcardMatch(allowed, origin));
  const out: Record<string, string> = named
    ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' }
    : { 'access-control-allow-origin': '*' };
  out['vary'] = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
  out['access-control-allow-methods'] = rule.AllowedMethods.join(', ');
  if (headers.length > 0) out['access-control-allow-headers'] = headers.join(', ');
  if (rule.ExposeHeaders && rule.ExposeHeaders.length > 0) out['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return out;
}
