import { createHash } from 'node:crypto';
import { splitS3Uri, type S3Location } from '../core/s3-uri.js';
import type { FeatureGroup, FeatureType } from '../storage/feature-store.js';

export type { S3Location };

/**
 * Where SageMaker puts offline-store objects (docs: feature-store-offline.html):
 * `<ResolvedOutputS3Uri>/year=YYYY/month=MM/day=DD/hour=HH/<timestamp>_<16 alphanumerics>.parquet`,
 * with `ResolvedOutputS3Uri = <S3Uri>/<account>/sagemaker/<region>/offline-store/<name>-<creation epoch>/data`.
 * Pure functions, so the layout is tested without a server.
 */

/** Splits `s3://bucket/some/prefix/` into bucket and key (the key without a trailing slash). */
export function parseS3Uri(uri: string): S3Location {
  const location = splitS3Uri(uri);
  if (!location || location.scheme !== 's3') throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: location.bucket, key: location.key.replace(/\/+$/, '') };
}

/** The group's creation time in whole seconds: the `<creation epoch>` of its folder. */
export function creationEpoch(createdAt: Date): number {
  return Math.floor(createdAt.getTime() / 1000);
}

/**
 * The folder SageMaker writes a group's files under. The control plane stores it as
 * ResolvedOutputS3Uri; it is derived here the same way when a group lacks it.
 */
export function resolvedOutputS3Uri(group: Pick<FeatureGroup, 'accountId' | 'region' | 'name' | 'createdAt' | 'offlineStoreConfig'>): string | undefined {
  const s3 = group.offlineStoreConfig?.S3StorageConfig;
  if (!s3) return undefined;
  if (s3.ResolvedOutputS3Uri) return s3.ResolvedOutputS3Uri;
  const base = s3.S3Uri.replace(/\/+$/, '');
  return `${base}/${group.accountId}/sagemaker/${group.region}/offline-store/${group.name}-${creationEpoch(group.createdAt)}/data`;
}

/**
 * A record's event time in epoch milliseconds: Fractional (and Integral) hold Unix seconds,
 * String holds ISO-8601 (`yyyy-MM-dd'T'HH:mm:ss[.SSS]Z`). Undefined when unreadable, so the
 * caller can fall back rather than stall the flush on one odd value.
 */
export function eventTimeMs(value: string, type: FeatureType | undefined): number | undefined {
  const numeric = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim());
  if (type === 'String' || (type === undefined && !numeric)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (!numeric) return undefined;
  const ms = Math.round(Number(value) * 1000);
  return Number.isFinite(ms) ? ms : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The hourly partition (UTC) of an instant: `year=2020/month=06/day=30/hour=23`. */
export function partitionPath(ms: number): string {
  const d = new Date(ms);
  return `year=${pad(d.getUTCFullYear(), 4)}/month=${pad(d.getUTCMonth() + 1)}/day=${pad(d.getUTCDate())}/hour=${pad(d.getUTCHours())}`;
}

/** The file-name timestamp, ISO-8601 basic to the second: `20200630T064401Z`. */
export function fileTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The 16 "random" alphanumerics of a file name, derived instead from what identifies the batch
 * (group, creation, partition, first sequence and that row's invocation time). A retry after a
 * crash between PutObject and acknowledge therefore overwrites the same object rather than
 * writing its rows a second time; the invocation time guards against an outbox that reuses
 * sequence numbers.
 */
export function batchSuffix(parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest();
  let out = '';
  for (let i = 0; i < 16; i++) out += ALNUM[digest[i]! % ALNUM.length];
  return out;
}

/** What names one Parquet object. */
export interface BatchName {
  /** The group's ResolvedOutputS3Uri. */
  resolvedUri: string;
  /** Event time that picks the hourly partition. */
  partitionMs: number;
  /** Event time written as the file's timestamp. */
  fileMs: number;
  /** The 16-character suffix ({@link batchSuffix}). */
  suffix: string;
}

/** The bucket and key of a batch's Parquet object, at SageMaker's layout. */
export function objectLocation(name: BatchName): S3Location {
  const base = parseS3Uri(name.resolvedUri);
  const file = `${partitionPath(name.partitionMs)}/${fileTimestamp(name.fileMs)}_${name.suffix}.parquet`;
  return { bucket: base.bucket, key: base.key ? `${base.key}/${file}` : file };
}
