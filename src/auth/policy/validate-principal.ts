/**
 * The Principal / NotPrincipal element: shape (syntax) and values. Only `"*"` may be a wildcard;
 * `Principal: "*"` means `{"AWS":"*"}`. AWS values name an account (`123456789012` or
 * `arn:aws:iam::123456789012:root`), a user, a role, a role session, a federated user, or the
 * unique id IAM substitutes for a deleted user/role (which then matches nothing new).
 */
import type { PrincipalAst } from './ast.js';
import type { JsonValue } from './parse.js';
import { MESSAGES, malformed } from './errors.js';

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

const VALID_AWS_PRINCIPAL = new RegExp(
  '^(?:\\*|\\d{12}|A[A-Z]{3}[A-Z0-9]{12,124}' +
    '|arn:aws:iam::\\d{12}:(?:root|user/[^*?]+|role/[^*?]+)' +
    '|arn:aws:sts::\\d{12}:(?:assumed-role/[^/*?]+/[^/*?]+|federated-user/[^/*?]+))$',
);

function stringList(value: JsonValue | undefined): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/** Reads the element's shape; a wrong shape is "Syntax errors in policy.". */
export function readPrincipal(value: JsonValue): PrincipalAst {
  const out: PrincipalAst = { everyone: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (typeof value === 'string') {
    if (value !== '*') malformed(MESSAGES.invalidPrincipal('AWS', value));
    out.everyone = true;
    return out;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) malformed(MESSAGES.syntax);
  const keys = Object.keys(value);
  if (keys.length === 0) malformed(MESSAGES.syntax);
  for (const key of keys) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) malformed(MESSAGES.syntax);
    const list = stringList(value[key]);
    if (!list || list.length === 0) malformed(MESSAGES.syntax);
    if (key === 'AWS') out.aws = list;
    else if (key === 'Service') out.service = list;
    else if (key === 'Federated') out.federated = list;
    else out.canonicalUser = list;
  }
  out.everyone = out.aws.includes('*');
  return out;
}

/** Checks each value; throws AWS's `Invalid principal in policy: "AWS":"…"` for the first bad one. */
export function checkPrincipalValues(principal: PrincipalAst): void {
  for (const v of principal.aws) if (!VALID_AWS_PRINCIPAL.test(v)) malformed(MESSAGES.invalidPrincipal('AWS', v));
  for (const v of principal.service) {
    if (v === '' || /[*?\s]/.test(v)) malformed(MESSAGES.invalidPrincipal('Service', v));
  }
  for (const v of principal.federated) if (v === '' || v.includes('*')) malformed(MESSAGES.invalidPrincipal('Federated', v));
  for (const v of principal.canonicalUser) if (v === '' || v.includes('*')) malformed(MESSAGES.invalidPrincipal('CanonicalUser', v));
}
