/**
 * JSON value → PolicyAst, applying IAM's grammar in AWS's order so that a document with several
 * faults gets the message AWS gives (order and wording as recorded by moto's IAM tests):
 * syntax → version → principal rules → legacy parsing → unique Sids → actions present →
 * resources present → resource format → action vendor prefixes → principal values.
 */
import type { ConditionAst, PolicyAst, PrincipalAst, StatementAst } from './ast.js';
import type { JsonObject, JsonValue } from './parse.js';
import type { PolicyKind } from './types.js';
import { MESSAGES, malformed } from './errors.js';
import { parseOperator, OPERATORS } from './conditions/operators.js';
import { parseDateValue } from './conditions/date.js';
import { parseIpRange } from './conditions/ip.js';
import { checkPrincipalValues, readPrincipal } from './validate-principal.js';
import { failsLegacyResourceParsing, resourceFormatError } from './validate-resource.js';

const TOP_KEYS = new Set(['Version', 'Id', 'Statement', 'Conditions']);
const STATEMENT_KEYS = new Set(['Sid', 'Action', 'NotAction', 'Resource', 'NotResource', 'Effect', 'Principal', 'NotPrincipal', 'Condition']);
/** Policy kinds IAM stores as permissions policies: no Principal, Version 2012-10-17 required. */
const PERMISSION_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session']);

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringOrList(v: JsonValue | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) malformed(MESSAGES.syntax);
  return v as string[];
}

function conditionValues(v: JsonValue): string[] {
  const scalar = (x: JsonValue): string => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    return malformed(MESSAGES.syntax);
  };
  return Array.isArray(v) ? v.map(scalar) : [scalar(v)];
}

function readConditions(v: JsonValue | undefined): ConditionAst[] {
  if (v === undefined) return [];
  if (!isObject(v)) malformed(MESSAGES.syntax);
  const out: ConditionAst[] = [];
  for (const operator of Object.keys(v)) {
    const block = v[operator]!;
    if (!isObject(block)) malformed(MESSAGES.syntax);
    const keys = Object.keys(block);
    const parsed = parseOperator(operator);
    if (!parsed) {
      // AWS accepts an unknown operator only with an empty block (it then means nothing).
      if (keys.length > 0) malformed(MESSAGES.syntax);
      continue;
    }
    const seen = new Set<string>();
    for (const key of keys) {
      // Keys are case-insensitive, so `aws:username` and `AWS:UserName` in one block would be
      // one key twice; rejected (decision) rather than silently merged.
      if (seen.has(key.toLowerCase())) malformed(MESSAGES.syntax);
      seen.add(key.toLowerCase());
      out.push({ operator, ...parsed, key, values: conditionValues(block[key]!) });
    }
  }
  return out;
}

function readStatement(v: JsonValue, index: number): StatementAst {
  if (!isObject(v)) malformed(MESSAGES.syntax);
  for (const key of Object.keys(v)) if (!STATEMENT_KEYS.has(key)) malformed(MESSAGES.syntax);
  if ('Action' in v && 'NotAction' in v) malformed(MESSAGES.syntax);
  if ('Resource' in v && 'NotResource' in v) malformed(MESSAGES.syntax);
  if ('Principal' in v && 'NotPrincipal' in v) malformed(MESSAGES.syntax);
  const effect = v['Effect'];
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) malformed(MESSAGES.syntax);
  const sid = v['Sid'];
  if (sid !== undefined && typeof sid !== 'string') malformed(MESSAGES.syntax);
  const st: StatementAst = {
    index,
    effect: effect as 'Allow' | 'Deny', // case checked later, by "legacy parsing" as in AWS
    action: stringOrList(v['Action']),
    notAction: stringOrList(v['NotAction']),
    resource: stringOrList(v['Resource']),
    notResource: stringOrList(v['NotResource']),
    conditions: readConditions(v['Condition']),
  };
  if (sid !== undefined) st.sid = sid;
  if (v['Principal'] !== undefined) st.principal = readPrincipal(v['Principal']);
  if (v['NotPrincipal'] !== undefined) st.notPrincipal = readPrincipal(v['NotPrincipal']);
  return st;
}

function readSyntax(doc: JsonValue): { version?: string; id?: string; statements: StatementAst[] } {
  if (!isObject(doc)) malformed(MESSAGES.syntax);
  for (const key of Object.keys(doc)) if (!TOP_KEYS.has(key)) malformed(MESSAGES.syntax);
  const version = doc['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') malformed(MESSAGES.syntax);
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') malformed(MESSAGES.syntax);
  const raw = doc['Statement'];
  if (raw === undefined || (!isObject(raw) && !Array.isArray(raw))) malformed(MESSAGES.syntax);
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) malformed(MESSAGES.syntax);
  return { version: version as string | undefined, id: id as string | undefined, statements: list.map(readStatement) };
}

function checkPrincipalPresence(kind: PolicyKind, statements: StatementAst[]): void {
  for (const st of statements) {
    const named = st.principal !== undefined || st.notPrincipal !== undefined;
    if (PERMISSION_KINDS.has(kind) && named) malformed(MESSAGES.principalNotAllowed);
    if ((kind === 'resource' || kind === 'trust') && !named) malformed(MESSAGES.principalMissing);
    if (kind === 'trust' && (st.resource !== undefined || st.notResource !== undefined)) malformed(MESSAGES.resourceProhibited);
    // Role trust policies take no NotPrincipal (IAM's role trust policy reference).
    if (kind === 'trust' && st.notPrincipal !== undefined) malformed(MESSAGES.notPrincipalProhibited);
  }
}

function checkLegacyConditions(st: StatementAst): void {
  if (st.effect !== 'Allow' && st.effect !== 'Deny') malformed(MESSAGES.legacy); // Effect is case-sensitive
  for (const c of st.conditions) {
    const family = OPERATORS.get(c.base)!.family;
    // Decision: a value the operator can never read is rejected when the policy is stored,
    // with the message AWS gives for unreadable dates.
    if (family === 'date' && c.values.some((x) => parseDateValue(x) === undefined)) malformed(MESSAGES.legacy);
    if (family === 'ip' && c.values.some((x) => parseIpRange(x) === undefined)) malformed(MESSAGES.legacy);
  }
}

function checkActionPrefix(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') malformed(MESSAGES.noVendor);
  if (parts.length > 2) malformed(MESSAGES.oneColon);
  if (parts[0] !== '*' && /[^a-zA-Z0-9\-.]/.test(parts[0]!)) malformed(MESSAGES.vendorInvalid(parts[0]!));
}

/**
 * Validates a parsed document for a policy kind; throws PolicyDocumentError with AWS's message.
 *
 * @example validatePolicy(parsePolicyJson(text), 'identity').statements.length
 */
export function validatePolicy(doc: JsonValue, kind: PolicyKind): PolicyAst {
  const { version, id, statements } = readSyntax(doc);
  if (PERMISSION_KINDS.has(kind) && version !== '2012-10-17') malformed(MESSAGES.version);
  checkPrincipalPresence(kind, statements);

  let resourceError: string | undefined;
  for (const st of statements) checkLegacyConditions(st);
  for (const field of ['resource', 'notResource'] as const) {
    for (const st of statements) {
      const list = st[field];
      if (!list) continue;
      // AWS reports the last bad resource, scanning each list in reverse sorted order.
      for (const r of [...list].sort().reverse()) resourceError = resourceFormatError(r) ?? resourceError;
      if (resourceError === undefined && list.some(failsLegacyResourceParsing)) malformed(MESSAGES.legacy);
    }
  }
  const sids = new Set<string>();
  for (const st of statements) {
    if (!st.sid) continue;
    if (sids.has(st.sid)) malformed(MESSAGES.duplicateSid);
    sids.add(st.sid);
  }
  for (const st of statements) {
    const actions = st.action ?? st.notAction;
    if (!actions || actions.length === 0) malformed(MESSAGES.noActions);
  }
  if (kind !== 'trust') {
    for (const st of statements) {
      const resources = st.resource ?? st.notResource;
      if (!resources || resources.length === 0) malformed(MESSAGES.noResources);
    }
  }
  if (resourceError !== undefined) malformed(resourceError);
  for (const st of statements) for (const a of st.action ?? st.notAction ?? []) checkActionPrefix(a);
  for (const st of statements) {
    for (const p of [st.principal, st.notPrincipal]) if (p) checkPrincipalValues(p as PrincipalAst);
  }
  const ast: PolicyAst = { kind, version: version === '2012-10-17' ? '2012-10-17' : '2008-10-17', statements };
  if (id !== undefined) ast.id = id;
  return ast;
}
