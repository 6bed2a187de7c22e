/**
 * PutBucketPolicy's checks: the policy engine's grammar for resource policies (kind 'resource'),
 * then S3's own rules, each refused with MalformedPolicy and S3's message:
 * - every Action is an S3 action ("Policy has invalid action");
 * - every Resource is this bucket or an object in it ("Policy has invalid resource");
 * - every listed action applies to some resource of its statement, e.g. s3:GetObject needs an
 *   object ARN ("Action does not apply to any resource(s) in statement");
 * - every principal is well formed and every user/role it names exists ("Invalid principal in
 *   policy"). Account ids are accepted whether or not the account exists, as for trust policies.
 */
import { compilePolicy, PolicyDocumentError } from '../../../auth/policy/index.js';
import { parseArn } from '../../../core/arn.js';
import type { IamReader } from '../../../storage/iam.js';
import { malformedPolicy } from '../errors.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Kind = 'bucket' | 'object';

const list = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const strings = (v: Json | undefined): string[] => list(v).filter((x): x is string => typeof x === 'string');

const ACCOUNT_ACTIONS = new Set(
  ['ListAllMyBuckets', 'GetAccountPublicAccessBlock', 'PutAccountPublicAccessBlock', 'CreateJob', 'ListJobs', 'ListAccessPoints', 'ListStorageLensConfigurations', 'ListMultiRegionAccessPoints'].map((a) => a.toLowerCase()),
);
const OTHER_OBJECT_ACTIONS = new Set(['abortmultipartupload', 'listmultipartuploadparts', 'replicatedelete', 'replicatetags', 'bypassgovernanceretention', 'initiatereplication']);

/** The resource kinds an S3 action applies to; both for wildcards and names sagelite does not classify. */
export function actionResourceKinds(action: string): Kind[] {
  if (action === '*' || /[*?]/.test(action)) return ['bucket', 'object'];
  const name = action.slice(action.indexOf(':') + 1).toLowerCase();
  if (ACCOUNT_ACTIONS.has(name)) return [];
  if (OTHER_OBJECT_ACTIONS.has(name) || (name.includes('object') && !name.includes('bucketobjectlock'))) return ['object'];
  if (name.includes('bucket') || name.endsWith('configuration')) return ['bucket'];
  return ['bucket', 'object'];
}

/** Which kind of this bucket's resources an ARN pattern names, or undefined if it is not this bucket's. */
function resourceKinds(resource: string, bucket: string): Kind[] | undefined {
  const base = `arn:aws:s3:::${bucket}`;
  if (resource === base) return ['bucket'];
  if (resource.startsWith(base + '/')) return ['object'];
  return undefined;
}

async function principalExists(iam: IamReader, value: string): Promise<boolean> {
  if (value === '*' || /^\d{12}$/.test(value)) return true;
  const arn = parseArn(value);
  if (!arn) return false;
  if (arn.service === 'sts' || arn.resource === 'root') return true;
  const m = /^(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn.resource);
  if (arn.service !== 'iam' || !m) return false;
  const entity = m[1] === 'user' ? await iam.getUser(arn.account, m[3]!) : await iam.getRole(arn.account, m[3]!);
  return entity !== undefined && entity.path === m[2];
}

async function checkStatement(st: { [k: string]: Json }, bucket: string, iam: IamReader): Promise<void> {
  const actions = strings(st['Action'] ?? st['NotAction']);
  for (const a of actions) if (a !== '*' && !a.toLowerCase().startsWith('s3:')) throw malformedPolicy('Policy has invalid action');
  const resources = strings(st['Resource'] ?? st['NotResource']);
  const kinds = new Set<Kind>();
  for (const r of resources) {
    const k = resourceKinds(r, bucket);
    if (!k) throw malformedPolicy('Policy has invalid resource');
    k.forEach((x) => kinds.add(x));
  }
  if (st['Action'] !== undefined && st['Resource'] !== undefined) {
    for (const a of actions) if (!actionResourceKinds(a).some((k) => kinds.has(k))) throw malformedPolicy('Action does not apply to any resource(s) in statement');
  }
  for (const key of ['Principal', 'NotPrincipal']) {
    const p = st[key];
    if (p === undefined || typeof p === 'string') continue;
    if (p && typeof p === 'object' && !Array.isArray(p)) {
      for (const v of strings(p['AWS'])) if (!(await principalExists(iam, v))) throw malformedPolicy('Invalid principal in policy');
    }
  }
}

/**
 * Validates a bucket policy for the bucket.
 * @throws AwsError MalformedPolicy (400) with S3's message.
 */
export async function validateBucketPolicy(iam: IamReader, bucket: string, text: string): Promise<void> {
  if (!text.trimStart().startsWith('{')) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    throw malformedPolicy('This policy contains invalid Json');
  }
  try {
    compilePolicy(text, 'resource');
  } catch (e) {
    if (!(e instanceof PolicyDocumentError)) throw e;
    // S3 names no value in its principal message, unlike IAM.
    throw malformedPolicy(e.message.startsWith('Invalid principal in policy') ? 'Invalid principal in policy' : e.message);
  }
  const statements = doc && typeof doc === 'object' && !Array.isArray(doc) ? list(doc['Statement']) : [];
  for (const st of statements) if (st && typeof st === 'object' && !Array.isArray(st)) await checkStatement(st, bucket, iam);
}
