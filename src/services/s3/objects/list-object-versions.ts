import { isDeleteMarker, versionIdOf, type ListedVersion, type ObjectMetadataStore } from '../../../storage/s3-objects.js';
import type { Operation } from '../../operation.js';
import { s3Errors } from './errors.js';
import { commonPrefixOf, effectiveMaxKeys, urlEncodeKey } from './list.js';
import { quoted } from './object-view.js';
import { listingRequests, type ListInputBase } from './list-objects.js';

export interface ListObjectVersionsInput extends ListInputBase {
  KeyMarker?: string;
  VersionIdMarker?: string;
}

interface VersionsPage {
  entries: ListedVersion[];
  commonPrefixes: string[];
  isTruncated: boolean;
  next?: { key: string; versionId?: string };
}

/** Sorts after every key that starts with `p` (see list.ts). */
const pastPrefix = (p: string) => p + '\u{10FFFF}';
const SCAN_BATCH = 1000;

/**
 * One page of ListObjectVersions: versions in (key, newest first) order after the key and
 * version markers, keys under the delimiter rolled up into common prefixes (each counted once
 * against max-keys, as a version is). The next markers name the last version (or prefix) given.
 */
async function versionsPage(meta: ObjectMetadataStore, bucket: string, input: ListObjectVersionsInput, maxKeys: number): Promise<VersionsPage> {
  const prefix = input.Prefix ?? '';
  const page: VersionsPage = { entries: [], commonPrefixes: [], isTruncated: false };
  let keyMarker = input.KeyMarker || undefined;
  let versionIdMarker = keyMarker !== undefined ? input.VersionIdMarker || undefined : undefined;
  let lastPrefix: string | undefined;
  if (keyMarker !== undefined && commonPrefixOf(keyMarker, prefix, input.Delimiter) === keyMarker) {
    lastPrefix = keyMarker;
    keyMarker = pastPrefix(keyMarker);
    versionIdMarker = undefined;
  }
  let count = 0;
  for (;;) {
    const batch = await meta.listVersions(bucket, { prefix, ...(keyMarker !== undefined ? { keyMarker } : {}), ...(versionIdMarker !== undefined ? { versionIdMarker } : {}), limit: SCAN_BATCH });
    if (batch.length === 0) return page;
    let rescan = false;
    for (const entry of batch) {
      const key = entry.version.key;
      keyMarker = key;
      versionIdMarker = versionIdOf(entry.version);
      const cp = commonPrefixOf(key, prefix, input.Delimiter);
      if (cp !== undefined && cp === lastPrefix) continue;
      if (count >= maxKeys) {
        page.isTruncated = maxKeys > 0;
        return page;
      }
      count++;
      if (cp !== undefined) {
        page.commonPrefixes.push(cp);
        page.next = { key: cp };
        lastPrefix = cp;
        keyMarker = pastPrefix(cp);
        versionIdMarker = undefined;
        rescan = true;
        break;
      }
      page.entries.push(entry);
      page.next = { key, versionId: versionIdOf(entry.version) };
    }
    if (!rescan && batch.length < SCAN_BATCH) return page;
  }
}

/**
 * s3:ListBucketVersions — every version and delete marker, key by key and newest first, with
 * IsLatest; a bucket never versioned lists its objects as `null` versions. A version-id-marker
 * needs a key-marker (InvalidArgument otherwise, as S3).
 */
export const listObjectVersions: Operation<ListObjectVersionsInput, Record<string, unknown>> = {
  authorization: listingRequests('s3:ListBucketVersions'),
  async handle(input, ctx) {
    if (input.VersionIdMarker && !input.KeyMarker) throw s3Errors.invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', input.VersionIdMarker);
    if (input.EncodingType !== undefined && input.EncodingType !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', input.EncodingType);
    const encode = input.EncodingType === 'url' ? urlEncodeKey : (t: string) => t;
    const maxKeys = effectiveMaxKeys(input.MaxKeys);
    const page = await versionsPage(ctx.state.s3Objects.meta, input.Bucket, input, maxKeys);
    const versions = [];
    const markers = [];
    for (const { version, isLatest } of page.entries) {
      const common = { Key: encode(version.key), VersionId: versionIdOf(version), IsLatest: isLatest, LastModified: version.lastModified, Owner: { ID: version.ownerCanonicalId } };
      if (isDeleteMarker(version)) {
        markers.push(common);
        continue;
      }
      versions.push({
        ...common,
        ETag: quoted(version.etag),
        Size: version.size,
        StorageClass: version.storageClass,
        ...(version.checksum ? { ChecksumAlgorithm: [version.checksum.algorithm], ChecksumType: version.checksum.type } : {}),
      });
    }
    return {
      Name: input.Bucket,
      Prefix: encode(input.Prefix ?? ''),
      KeyMarker: encode(input.KeyMarker ?? ''),
      VersionIdMarker: input.VersionIdMarker ?? '',
      ...(page.isTruncated && page.next ? { NextKeyMarker: encode(page.next.key), ...(page.next.versionId !== undefined ? { NextVersionIdMarker: page.next.versionId } : {}) } : {}),
      MaxKeys: maxKeys,
      ...(input.Delimiter ? { Delimiter: encode(input.Delimiter) } : {}),
      IsTruncated: page.isTruncated,
      ...(versions.length > 0 ? { Versions: versions } : {}),
      ...(markers.length > 0 ? { DeleteMarkers: markers } : {}),
      ...(page.commonPrefixes.length > 0 ? { CommonPrefixes: page.commonPrefixes.map((cp) => ({ Prefix: encode(cp) })) } : {}),
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
    };
  },
};
