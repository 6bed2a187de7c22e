import { AwsError } from '../../../core/errors.js';
import type { StoredObject } from '../../../storage/s3-objects.js';
import type { Operation, OperationContext } from '../../operation.js';
import { requireBucket } from '../access.js';
import { s3Errors } from './errors.js';
import { storedObjectRequests, type ObjectAddress } from './object-access.js';
import { checkMode, checkRetainUntil, missingLockConfiguration, protectedByLock, retentionActive } from './object-lock.js';
import { changeVersion } from './object-tagging.js';
import { readableVersion } from './versions.js';

interface VersionAddress extends ObjectAddress {
  VersionId?: string;
}

interface PutObjectRetentionInput extends VersionAddress {
  Retention?: { Mode?: string; RetainUntilDate?: Date };
  BypassGovernanceRetention?: boolean;
}

interface PutObjectLegalHoldInput extends VersionAddress {
  LegalHold?: { Status?: string };
}

const noLockConfiguration = () => new AwsError('NoSuchObjectLockConfiguration', 404, 'The specified object does not have a ObjectLock configuration');

/** The version a lock operation is about, in a bucket that has Object Lock (InvalidRequest otherwise). */
async function lockedVersion(ctx: OperationContext, input: VersionAddress, method: string): Promise<StoredObject> {
  const bucket = await requireBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
  if (!bucket.objectLock) throw missingLockConfiguration();
  return readableVersion(ctx, input.Bucket, input.Key, input.VersionId, method);
}

const versionOpts = (input: VersionAddress) => (input.VersionId !== undefined ? { versionId: input.VersionId } : {});

/**
 * s3:PutObjectRetention — sets a version's retention. COMPLIANCE can only be lengthened; a
 * GOVERNANCE retention is shortened, removed or changed to another mode only with
 * x-amz-bypass-governance-retention and s3:BypassGovernanceRetention.
 */
export const putObjectRetention: Operation<PutObjectRetentionInput, Record<string, never>> = {
  async authorization(input, ctx) {
    const requests = await storedObjectRequests(ctx, input, 's3:PutObjectRetention', versionOpts(input));
    if (input.BypassGovernanceRetention) requests.push(...(await storedObjectRequests(ctx, input, 's3:BypassGovernanceRetention', versionOpts(input))));
    return requests;
  },
  async handle(input, ctx) {
    const version = await lockedVersion(ctx, input, 'PUT');
    const r = input.Retention;
    if (!r || (r.Mode === undefined) !== (r.RetainUntilDate === undefined)) throw s3Errors.malformedXml();
    const now = ctx.clock.now();
    const next = r.Mode !== undefined ? { mode: checkMode(r.Mode), retainUntil: checkRetainUntil(r.RetainUntilDate!, now) } : undefined;
    const current = version.retention;
    if (current && retentionActive(current, now)) {
      const weaker = !next || new Date(next.retainUntil) < new Date(current.retainUntil) || next.mode !== current.mode;
      if (weaker && (current.mode === 'COMPLIANCE' || !input.BypassGovernanceRetention)) throw protectedByLock();
    }
    await changeVersion(ctx, input, { retention: next });
    return {};
  },
};

/** s3:GetObjectRetention — NoSuchObjectLockConfiguration for a version without one. */
export const getObjectRetention: Operation<VersionAddress> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:GetObjectRetention', versionOpts(input)),
  async handle(input, ctx) {
    const version = await lockedVersion(ctx, input, 'GET');
    if (!version.retention) throw noLockConfiguration();
    return { Retention: { Mode: version.retention.mode, RetainUntilDate: new Date(version.retention.retainUntil) } };
  },
};

/** s3:PutObjectLegalHold — ON or OFF on one version; while ON no one deletes that version. */
export const putObjectLegalHold: Operation<PutObjectLegalHoldInput, Record<string, never>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:PutObjectLegalHold', versionOpts(input)),
  async handle(input, ctx) {
    await lockedVersion(ctx, input, 'PUT');
    const status = input.LegalHold?.Status;
    if (status !== 'ON' && status !== 'OFF') throw s3Errors.malformedXml();
    await changeVersion(ctx, input, { legalHold: status === 'ON' ? true : undefined });
    return {};
  },
};

/** s3:GetObjectLegalHold — ON or OFF (a version never held is OFF). */
export const getObjectLegalHold: Operation<VersionAddress> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:GetObjectLegalHold', versionOpts(input)),
  async handle(input, ctx) {
    const version = await lockedVersion(ctx, input, 'GET');
    return { LegalHold: { Status: version.legalHold ? 'ON' : 'OFF' } };
  },
};
