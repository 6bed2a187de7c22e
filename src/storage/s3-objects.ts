/**
 * S3's object side: object metadata (SQLite, or PostgreSQL shared by several server processes)
 * and object bytes (files: src/storage/files/), kept behind two interfaces so that either can have
 * another backend. Bucket types are shared from ./s3.ts.
 */
import type { Readable } from 'node:stream';
import type { Acl, RetentionMode } from './s3.js';

/** Flexible-checksum algorithms as S3 names them on the wire. */
export type ChecksumName = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** An object's (or part's) checksum: FULL_OBJECT over the bytes, COMPOSITE over part checksums (`…-N`). */
export interface StoredChecksum {
  algorithm: ChecksumName;
  /** Base64, as in the `x-amz-checksum-*` header; COMPOSITE values carry the `-N` suffix. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface ObjectTag {
  Key: string;
  Value: string;
}

/** The headers an object was stored with and answers GetObject/HeadObject with. */
export interface ContentHeaders {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  websiteRedirectLocation?: string;
}

/** One stored object: its metadata and the id of the blob that holds its bytes. */
export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  /** Without quotes: 32 hex digits, or `hex-N` for a multipart object. */
  etag: string;
  lastModified: Date;
  headers: ContentHeaders;
  /** x-amz-meta-* pairs, names lower-cased. */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  ownerAccountId: string;
  ownerCanonicalId: string;
  /** The object's ACL; absent means the owner's FULL_CONTROL alone (canned `private`). */
  acl?: Acl;
  storageClass: string;
  tags: ObjectTag[];
  /** Multipart objects: the size of each part, in order (GetObject/HeadObject `partNumber`). */
  partSizes?: number[];
  blobId: string;
  /** The multipart upload that made the object: a repeated CompleteMultipartUpload (a retry after a lost answer) answers as the first did. */
  uploadId?: string;
  /** How the object is encrypted; absent is SSE-S3 (S3's default), whose bytes sagelite keeps as written. */
  encryption?: ObjectEncryption;
  /** The version's id; absent is the `null` version (every object of a bucket never versioned, and writes while versioning is suspended). */
  versionId?: string;
  /** Object Lock retention of this version: no delete of it before `retainUntil` (GOVERNANCE: unless bypassed). */
  retention?: { mode: RetentionMode; retainUntil: string };
  /** Object Lock legal hold of this version: no delete of it while on. */
  legalHold?: boolean;
}

/** A delete marker: a version without bytes that makes its key answer as absent while it is the latest. */
export interface DeleteMarker {
  bucket: string;
  key: string;
  /** Absent for the `null` marker (a delete while versioning is suspended). */
  versionId?: string;
  lastModified: Date;
  ownerAccountId: string;
  ownerCanonicalId: string;
  deleteMarker: true;
}

/** One version of a key: an object or a delete marker. */
export type ObjectVersion = StoredObject | DeleteMarker;

export const isDeleteMarker = (v: ObjectVersion): v is DeleteMarker => (v as Partial<DeleteMarker>).deleteMarker === true;

/** The id S3 shows for a version: `null` for the null version. */
export const versionIdOf = (v: ObjectVersion): string => v.versionId ?? 'null';

/** A version in ListObjectVersions order, and whether it is its key's latest. */
export interface ListedVersion {
  version: ObjectVersion;
  isLatest: boolean;
}

/**
 * How a write treats the key's versions: absent for a bucket whose versioning was never enabled
 * (the write replaces the one object, as before versioning existed).
 */
export type VersioningState = 'Enabled' | 'Suspended' | undefined;

/**
 * An object's server-side encryption. SSE-KMS and SSE-C objects are encrypted at rest with
 * AES-256-CTR (`iv`, base64): under a data key KMS made (kept only as KMS's ciphertext, so every
 * read asks KMS, as the reader) or under the customer's own key (kept only as a salted hash, to
 * recognise it). A multipart object's parts were each enciphered as they came, with the
 * object's key and an IV of their own: `partIvs`, beside `partSizes`.
 */
export type ObjectEncryption =
  | { type: 'AES256' }
  | { type: 'aws:kms'; keyArn: string; dataKey: string; iv: string; context: Record<string, string>; bucketKeyEnabled: boolean; partIvs?: string[] }
  | { type: 'SSE-C'; keyMd5: string; keySalt: string; keyHash: string; iv: string; partIvs?: string[] };

/** A multipart upload in progress: what CreateMultipartUpload fixed for the object to be. */
export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  headers: ContentHeaders;
  metadata: Record<string, string>;
  checksumAlgorithm?: ChecksumName;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  ownerAccountId: string;
  ownerCanonicalId: string;
  /** Who started it (Initiator in ListParts/ListMultipartUploads). */
  initiatorArn: string;
  initiatorId: string;
  acl?: Acl;
  storageClass: string;
  tags: ObjectTag[];
  /** SSE-KMS or SSE-C: the key every part is enciphered with (its `iv` unused; each part has its own). */
  encryption?: ObjectEncryption;
  /** Object Lock settings the object will have (CreateMultipartUpload's headers, or the bucket's default then). */
  retention?: StoredObject['retention'];
  legalHold?: boolean;
}

export interface StoredPart {
  uploadId: string;
  partNumber: number;
  size: number;
  /** md5 hex, without quotes. */
  etag: string;
  lastModified: Date;
  checksum?: StoredChecksum;
  blobId: string;
  /** The part's IV (base64) when its upload is encrypted (SSE-KMS, SSE-C). */
  iv?: string;
}

/** A throwing check run inside the write's transaction against what is stored now (conditional writes). */
export type WriteCondition = (current: StoredObject | undefined) => void;

/** What may change in a version in place (PutObjectAcl, PutObjectTagging, PutObjectRetention, PutObjectLegalHold). */
export type VersionChange = { acl?: Acl; tags?: ObjectTag[]; retention?: StoredObject['retention']; legalHold?: boolean };

/**
 * Object and multipart metadata. Every method is atomic; none touches blobs.
 *
 * Versions: the key's current object (when its latest version is not a delete marker) is what
 * getObject and listObjects see; every other version — noncurrent objects and delete markers — is
 * kept apart, newest first. A write in a versioned bucket (`versioning` given) keeps the object it
 * supersedes as a noncurrent version, except that a `null` version replaces the `null` version.
 */
export interface ObjectMetadataStore {
  /** The key's current object; undefined when there is none or its latest version is a delete marker. */
  getObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Inserts or replaces; returns the blob id no version names any more, to be removed after commit. */
  putObject(object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ replacedBlobId?: string }>;
  /** Unversioned buckets: removes the object. */
  deleteObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  /** Changes a version's ACL, tags, retention or legal hold in place (the current object without `versionId`); false when it is gone or a delete marker. */
  updateObject(bucket: string, key: string, change: VersionChange, versionId?: string): Promise<boolean>;
  /** Objects in key order (UTF-8 byte order, as S3 lists), after `after`, whose keys start with `prefix`. */
  listObjects(bucket: string, opts: { prefix: string; after?: string; limit: number }): Promise<StoredObject[]>;

  /** One version by id (`null` for the null version). */
  getVersion(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined>;
  /** The key's latest version: its current object, or the delete marker that hides it. */
  getLatest(bucket: string, key: string): Promise<ObjectVersion | undefined>;
  /**
   * A delete without a version id in a versioned bucket: the marker becomes the latest version.
   * Returns the blob no version names any more (a `null` object replaced by a `null` marker).
   */
  putDeleteMarker(marker: DeleteMarker, versioning: 'Enabled' | 'Suspended'): Promise<{ replacedBlobId?: string }>;
  /**
   * Removes one version for good (`null` for the null version); the newest remaining version
   * becomes the latest. `check` runs in the transaction against the version found and may throw
   * (Object Lock). Undefined when there is no such version.
   */
  deleteVersion(bucket: string, key: string, versionId: string, check?: (version: ObjectVersion) => void): Promise<ObjectVersion | undefined>;
  /**
   * Versions in (key, newest first) order, of keys starting with `prefix`, after the marker: past
   * `keyMarker` or, with `versionIdMarker`, past that version of that key.
   */
  listVersions(bucket: string, opts: { prefix: string; keyMarker?: string; versionIdMarker?: string; limit: number }): Promise<ListedVersion[]>;

  createUpload(upload: MultipartUpload): Promise<void>;
  getUpload(uploadId: string): Promise<MultipartUpload | undefined>;
  /** Uploads in (key, initiated, upload id) order after the (key, upload id) marker. */
  listUploads(bucket: string, opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string; limit: number }): Promise<MultipartUpload[]>;
  /** Stores a part (a part of the same number is replaced); false when the upload is gone. */
  putPart(part: StoredPart): Promise<{ stored: boolean; replacedBlobId?: string }>;
  listParts(uploadId: string, opts?: { afterPart?: number; limit?: number }): Promise<StoredPart[]>;
  /**
   * Makes the object of a completed upload visible and forgets the upload, in one transaction.
   * Returns the blobs no longer needed (every part, the replaced object), or undefined when the
   * upload was already gone.
   */
  completeUpload(uploadId: string, object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ obsoleteBlobIds: string[] } | undefined>;
  /** Forgets an upload; returns its parts' blob ids, or undefined when there was none. */
  abortUpload(uploadId: string): Promise<string[] | undefined>;

  /** No object and no version (noncurrent or delete marker) left in the bucket. */
  bucketIsEmpty(bucket: string): Promise<boolean>;
  /** Forgets every object, version and upload of a bucket; returns the blob ids they held. */
  dropBucket(bucket: string): Promise<string[]>;
  /** Whether any object or part holds this blob (start-up sweep of orphans). */
  isBlobReferenced(blobId: string): Promise<boolean>;
}

/** An open blob for reading: its size and ranged streams over it. */
export interface BlobReader {
  readonly size: number;
  /** The bytes from `start` to `end` inclusive (the whole blob when absent); closes the blob at its end. */
  stream(range?: { start: number; end: number }): Readable;
  close(): Promise<void>;
}

/** A blob being written: invisible until {@link commit} has made it durable. */
export interface BlobWriter {
  readonly size: number;
  write(chunk: Buffer): Promise<void>;
  /** Flushes, syncs and publishes the blob; returns its id. */
  commit(): Promise<string>;
  /** Throws the bytes away (safe to call after a failed write, and more than once). */
  abort(): Promise<void>;
}

/** Object bytes: written durably before metadata names them, read as streams, never held whole. */
export interface BlobStore {
  create(): Promise<BlobWriter>;
  /** Opens a committed blob; undefined when it is gone (removed by a concurrent replace). */
  open(blobId: string): Promise<BlobReader | undefined>;
  remove(blobId: string): Promise<void>;
  /**
   * Makes the blob's bytes readable at `path` (a new file) without going through a stream: a hard
   * link when the store and `path` share a file system, else a copy. The file keeps the bytes
   * even if the object is later replaced. False when the blob is gone.
   */
  materialize(blobId: string, path: string): Promise<boolean>;
}

/**
 * The object side's store as the rest of sagelite sees it: metadata and blobs, plus what the
 * bucket side needs for DeleteBucket.
 */
export interface ObjectStore {
  readonly meta: ObjectMetadataStore;
  readonly blobs: BlobStore;
  /** No objects in the bucket (DeleteBucket answers BucketNotEmpty otherwise). */
  bucketIsEmpty(bucket: string): Promise<boolean>;
  /** Forgets the bucket's objects and multipart uploads and removes their bytes. */
  dropBucket(bucket: string): Promise<void>;
  /** Removes blobs that no metadata names any more; errors are left for the next start-up sweep. */
  discardBlobs(blobIds: readonly string[]): Promise<void>;
}
