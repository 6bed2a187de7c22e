/**
 * Whether a bucket policy is "public", for BlockPublicPolicy, RestrictPublicBuckets and
 * GetBucketPolicyStatus. AWS's rule: a policy is non-public only when every Allow grants to fixed
 * principals, or is pinned by a condition on a fixed value of a key that names who or where the
 * caller is. sagelite's reading, conservative (anything not clearly pinned is public):
 * - an Allow with `NotPrincipal`, or whose Principal is `"*"` / `{"AWS":"*"}` or any value with a
 *   wildcard, is public unless one of its conditions pins it;
 * - a condition pins when its operator is StringEquals, StringEqualsIgnoreCase, ArnEquals, ArnLike,
 *   StringLike (no IfExists, no ForAllValues/ForAnyValue), its key is one of PINNING_KEYS, and no
 *   value has `*` or `?`; for aws:SourceIp, IpAddress with IPv4 prefixes of /8 or longer
 *   (IPv6 /32 or longer).
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const PINNING_KEYS = new Set(
  [
    'aws:SourceArn', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceAccount', 'aws:SourceOwner', 'aws:PrincipalOrgID',
    'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:userid', 's3:DataAccessPointArn', 's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);
const FIXED_VALUE_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'ArnEquals', 'ArnLike', 'StringLike']);

const asList = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isObject = (v: Json | undefined): v is { [k: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function narrowCidr(value: string): boolean {
  const [ip, bits] = value.split('/');
  const prefix = bits === undefined ? (ip!.includes(':') ? 128 : 32) : Number(bits);
  return Number.isInteger(prefix) && prefix >= (ip!.includes(':') ? 32 : 8);
}

function conditionPins(operator: string, key: string, values: Json[]): boolean {
  if (values.length === 0) return false;
  const texts = values.map((v) => String(v));
  if (key.toLowerCase() === 'aws:sourceip') return operator === 'IpAddress' && texts.every(narrowCidr);
  if (!FIXED_VALUE_OPERATORS.has(operator) || !PINNING_KEYS.has(key.toLowerCase())) return false;
  return texts.every((t) => t !== '' && !/[*?]/.test(t));
}

function pinnedByCondition(condition: Json | undefined): boolean {
  if (!isObject(condition)) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) continue;
    for (const [key, values] of Object.entries(block)) if (conditionPins(operator, key, asList(values))) return true;
  }
  return false;
}

function grantsToAnyone(principal: Json | undefined): boolean {
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  return Object.values(principal).some((v) => asList(v).some((p) => typeof p === 'string' && /[*?]/.test(p)));
}

/** Whether one statement of a bucket policy is public (see the file comment for the rule). */
export function isPublicStatement(statement: Json): boolean {
  if (!isObject(statement) || statement['Effect'] !== 'Allow') return false;
  const open = statement['NotPrincipal'] !== undefined || grantsToAnyone(statement['Principal']);
  return open && !pinnedByCondition(statement['Condition']);
}

/** The statements of a (valid) policy document, as a list. */
export function policyStatements(document: string): Json[] {
  const doc = JSON.parse(document) as Json;
  return isObject(doc) ? asList(doc['Statement']) : [];
}

/** Whether a (valid) bucket policy grants public access. */
export function isPublicPolicy(document: string): boolean {
  return policyStatements(document).some(isPublicStatement);
}
