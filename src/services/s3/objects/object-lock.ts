import { AwsError } from '../../../core/errors.js';
import type { ContextValue } from '../../../auth/policy/types.js';
import type { Bucket, RetentionMode } from '../../../storage/s3.js';
import { isDeleteMarker, type ObjectVersion, type StoredObject } from '../../../storage/s3-objects.js';
import { s3Errors } from './errors.js';

/**
 * S3 Object Lock on object versions: the retention and legal hold a write gives a version, the
 * headers that report them, and the rule that refuses deleting a protected version. A delete
 * without a version id only adds a delete marker, which Object Lock never refuses.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** PutObject's (and CopyObject's, CreateMultipartUpload's) Object Lock members. */
export interface LockHeaders {
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: Date;
  ObjectLockLegalHoldStatus?: string;
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

export const missingLockConfiguration = () => s3Errors.invalidRequest('Bucket is missing Object Lock Configuration');

/** Whether a write names any Object Lock setting of its own. */
export const setsLock = (input: LockHeaders): boolean =>
  input.ObjectLockMode !== undefined || input.ObjectLockRetainUntilDate !== undefined || input.ObjectLockLegalHoldStatus !== undefined;

export function checkMode(mode: string): RetentionMode {
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw s3Errors.invalidArgument('Unknown wormMode directive.', 'x-amz-object-lock-mode', mode);
  return mode;
}

/** A retain-until date a request gives: in the future (S3 refuses the past). */
export function checkRetainUntil(date: Date, now: Date): string {
  if (Number.isNaN(date.getTime())) throw s3Errors.invalidArgument('The retain until date must be provided in ISO 8601 format', 'x-amz-object-lock-retain-until-date', String(date));
  if (date.getTime() <= now.getTime()) throw s3Errors.invalidArgument('The retain until date must be in the future!', 'x-amz-object-lock-retain-until-date', date.toISOString());
  return date.toISOString();
}

/**
 * The Object Lock fields of a new version: the write's own mode and date (both or neither), its
 * legal hold, or else the bucket's default retention counted from now.
 */
export function lockFieldsForWrite(input: LockHeaders, bucket: Bucket, now: Date): Pick<StoredObject, 'retention' | 'legalHold'> {
  if (setsLock(input)) {
    if (!bucket.objectLock) throw missingLockConfiguration();
    if ((input.ObjectLockMode === undefined) !== (input.ObjectLockRetainUntilDate === undefined)) {
      throw s3Errors.invalidArgument('x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', 'x-amz-object-lock-retain-until-date', '');
    }
    const hasIntegrity = input.ContentMD5 !== undefined || input.ChecksumAlgorithm !== undefined
      || [input.ChecksumCRC32, input.ChecksumCRC32C, input.ChecksumCRC64NVME, input.ChecksumSHA1, input.ChecksumSHA256].some((c) => c !== undefined);
    if (!hasIntegrity) throw s3Errors.invalidRequest('Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters');
  }
  const out: Pick<StoredObject, 'retention' | 'legalHold'> = {};
  if (input.ObjectLockLegalHoldStatus !== undefined) {
    if (input.ObjectLockLegalHoldStatus !== 'ON' && input.ObjectLockLegalHoldStatus !== 'OFF') {
      throw s3Errors.invalidArgument('Legal Hold must be either of \'ON\' or \'OFF\'', 'x-amz-object-lock-legal-hold', input.ObjectLockLegalHoldStatus);
    }
    if (input.ObjectLockLegalHoldStatus === 'ON') out.legalHold = true;
  }
  if (input.ObjectLockMode !== undefined && input.ObjectLockRetainUntilDate !== undefined) {
    out.retention = { mode: checkMode(input.ObjectLockMode), retainUntil: checkRetainUntil(input.ObjectLockRetainUntilDate, now) };
  } else if (bucket.objectLock?.defaultRetention) {
    const d = bucket.objectLock.defaultRetention;
    const until = new Date(now.getTime() + (d.days ?? 0) * DAY_MS);
    if (d.years) until.setUTCFullYear(until.getUTCFullYear() + d.years);
    out.retention = { mode: d.mode, retainUntil: until.toISOString() };
  }
  return out;
}

/** The condition keys of a write's Object Lock settings (s3:object-lock-*), for bucket policies that require them. */
export function lockConditionKeys(input: LockHeaders, now: Date): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (input.ObjectLockMode !== undefined) out['s3:object-lock-mode'] = input.ObjectLockMode;
  if (input.ObjectLockRetainUntilDate !== undefined && !Number.isNaN(input.ObjectLockRetainUntilDate.getTime())) {
    out['s3:object-lock-retain-until-date'] = input.ObjectLockRetainUntilDate.toISOString();
    out['s3:object-lock-remaining-retention-days'] = String(Math.max(0, Math.ceil((input.ObjectLockRetainUntilDate.getTime() - now.getTime()) / DAY_MS)));
  }
  if (input.ObjectLockLegalHoldStatus !== undefined) out['s3:object-lock-legal-hold'] = input.ObjectLockLegalHoldStatus;
  return out;
}

/** GetObject's and HeadObject's Object Lock headers for a version that has any. */
export function lockOutput(o: StoredObject): Record<string, unknown> {
  return {
    ...(o.retention ? { ObjectLockMode: o.retention.mode, ObjectLockRetainUntilDate: new Date(o.retention.retainUntil) } : {}),
    ...(o.legalHold ? { ObjectLockLegalHoldStatus: 'ON' } : {}),
  };
}

/** Whether a retention still protects its version at `now`. */
export const retentionActive = (retention: StoredObject['retention'], now: Date): boolean =>
  retention !== undefined && new Date(retention.retainUntil).getTime() > now.getTime();

/** S3's answer to deleting (or overwriting the retention of) a protected version. */
export const protectedByLock = () => new AwsError('AccessDenied', 403, 'Access Denied because object protected by object lock.');

/**
 * The check a permanent delete of a version runs in its transaction: refused under a legal hold,
 * under COMPLIANCE retention, and under GOVERNANCE retention unless the caller bypasses it (with
 * the header and the s3:BypassGovernanceRetention permission, checked at authorization).
 */
export function deleteLockCheck(now: Date, bypassGovernance: boolean): (version: ObjectVersion) => void {
  return (version) => {
    if (isDeleteMarker(version)) return;
    if (version.legalHold) throw protectedByLock();
    if (!retentionActive(version.retention, now)) return;
    if (version.retention!.mode === 'COMPLIANCE' || !bypassGovernance) throw protectedByLock();
  };
}
