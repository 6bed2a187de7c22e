import { AwsError } from '../core/errors.js';
import type { FeatureGroup, FeatureGroupReader, OfflineStoreStatus } from '../storage/feature-store.js';
import { ServiceAssumeDenied } from '../services/sts/assume-role-for-service.js';
import { NoRoleError } from './role-sessions.js';

/** BlockedReason's model limit (botocore: max 1024). */
const MAX_REASON = 1024;

/**
 * Whether a failure is the customer's to fix (the group's offline store shows `Blocked`): the
 * role cannot be assumed, or S3 refused the write (policy, missing bucket, …). Anything else is
 * sagelite's own trouble and is only logged and retried.
 */
export function isBlockingError(e: unknown): boolean {
  return e instanceof ServiceAssumeDenied || e instanceof NoRoleError || (e instanceof AwsError && e.status < 500);
}

/** The BlockedReason for a failure, naming the step that failed and S3's or STS's words. */
export function blockedReason(e: unknown, target: { bucket: string; key: string } | undefined): string {
  let reason: string;
  if (e instanceof ServiceAssumeDenied) reason = `Unable to assume role ${e.roleArn}: ${e.message}`;
  else if (e instanceof NoRoleError) reason = e.message;
  else if (e instanceof AwsError) reason = `Unable to write to ${target ? `s3://${target.bucket}/${target.key}` : 'S3'}: ${e.code}: ${e.message}`;
  else reason = String((e as Error)?.message ?? e);
  return reason.length > MAX_REASON ? reason.slice(0, MAX_REASON - 1) + '…' : reason;
}

/**
 * The reader's status setter as stores implement it: FeatureGroupStore's answers a promise, the
 * optional one of FeatureGroupReader is still typed `void`; either is awaited.
 */
type StatusSetter = (accountId: string, region: string, name: string, status: OfflineStoreStatus) => Promise<void> | void;

/**
 * Tells the control plane's store when a group's offline store turns Blocked or Active again,
 * only on a change. The store may not implement the setter yet; then nothing is recorded.
 */
export async function reportStatus(reader: FeatureGroupReader, group: FeatureGroup, status: OfflineStoreStatus): Promise<boolean> {
  const current = group.offlineStoreStatus;
  if (current?.Status === status.Status && current.BlockedReason === status.BlockedReason) return false;
  const set: StatusSetter | undefined = reader.setOfflineStoreStatus?.bind(reader);
  if (!set) return false;
  await set(group.accountId, group.region, group.name, status);
  return true;
}
