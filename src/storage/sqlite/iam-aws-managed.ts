import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/paths.js';
import type { ManagedPolicy, PolicyVersion } from '../iam.js';

/** An AWS managed policy as sagelite serves it: its metadata and its one known (default) version. */
export interface AwsManagedPolicy {
  policy: ManagedPolicy;
  version: PolicyVersion;
}

/** Where the documents live in the package (copied from the shared research data; see its README). */
export const AWS_MANAGED_POLICY_DIR = join(PACKAGE_ROOT, 'data', 'aws-managed-policies');

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable ANPA… id derived from the ARN, so it is the same in every account and after restarts. */
function stablePolicyId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 16; i++) id += BASE32[digest[i]! % 32];
  return id;
}

/** "February 06, 2015, 18:40 UTC" (the managed-policy reference's format) → Date, or undefined. */
function parseDocsDate(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const t = Date.parse(text.replace(/, (\d\d:\d\d) UTC$/, ' $1 UTC'));
  return Number.isNaN(t) ? undefined : new Date(t);
}

interface PolicyFile {
  PolicyName?: unknown;
  Arn?: unknown;
  DefaultVersionId?: unknown;
  UpdateDate?: unknown;
  PolicyDocument?: unknown;
  DocsPolicyDetails?: { CreationTime?: unknown };
}

/**
 * Reads the AWS managed policies shipped with sagelite. Files without a PolicyName and a
 * PolicyDocument (notes, RAM permission lists) are skipped.
 */
export function loadAwsManagedPolicies(dir: string = AWS_MANAGED_POLICY_DIR): Map<string, AwsManagedPolicy> {
  const out = new Map<string, AwsManagedPolicy>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as PolicyFile;
    if (typeof file.PolicyName !== 'string' || typeof file.PolicyDocument !== 'object' || file.PolicyDocument === null) continue;
    const arn = typeof file.Arn === 'string' ? file.Arn : `arn:aws:iam::aws:policy/${file.PolicyName}`;
    const resource = arn.split(':').slice(5).join(':'); // policy/<path><name>
    const path = resource.slice('policy'.length, resource.length - file.PolicyName.length);
    const updateDate = typeof file.UpdateDate === 'string' ? new Date(file.UpdateDate) : new Date(0);
    const createDate = parseDocsDate(file.DocsPolicyDetails?.CreationTime) ?? updateDate;
    const versionId = typeof file.DefaultVersionId === 'string' ? file.DefaultVersionId : 'v1';
    out.set(arn, {
      policy: {
        accountId: '',
        policyId: stablePolicyId(arn),
        policyName: file.PolicyName,
        path: path || '/',
        arn,
        defaultVersionId: versionId,
        attachmentCount: 0,
        permissionsBoundaryUsageCount: 0,
        isAttachable: true,
        createDate,
        updateDate,
        tags: [],
      },
      version: { versionId, document: JSON.stringify(file.PolicyDocument, null, 4), isDefaultVersion: true, createDate: updateDate },
    });
  }
  return out;
}
