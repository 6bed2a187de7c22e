import { isDeleteMarker, versionIdOf, type MultipartUpload, type ObjectVersion, type StoredObject, type StoredPart } from '../s3-objects.js';

/**
 * The object side's tables (a migration step of database.ts; never edit once shipped, append).
 * Keys use SQLite's BINARY collation, which compares UTF-8 bytes: the order S3 lists keys in.
 * Bucket names are plain text, not foreign keys: buckets belong to the bucket side's tables.
 * PostgreSQL keeps the same tables and rows (src/storage/postgres/s3-schema.ts), so the row
 * shapes and their conversions below serve both stores.
 */
export const S3_OBJECTS_SCHEMA = `
  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    owner_account_id TEXT NOT NULL,
    storage_class TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
  CREATE INDEX s3_objects_by_blob ON s3_objects(blob_id);
  CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    initiated INTEGER NOT NULL,
    document TEXT NOT NULL
  );
  CREATE INDEX s3_uploads_by_key ON s3_uploads(bucket, key, upload_id);
  CREATE TABLE s3_parts (
    upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    checksum TEXT,
    PRIMARY KEY (upload_id, part_number)
  ) WITHOUT ROWID;
  CREATE INDEX s3_parts_by_blob ON s3_parts(blob_id);`;

/**
 * Every version of a key but its current object: noncurrent objects and delete markers (a later
 * migration step). `seq` orders a key's versions, newest highest: a version joins the table
 * as the newest there is, so the next seq is the key's highest plus one. A delete marker's row
 * has no blob (''), size 0 and no etag; its document holds its owner.
 */
export const S3_VERSIONS_SCHEMA = `
  CREATE TABLE s3_object_versions (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    version_id TEXT NOT NULL,
    delete_marker INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    owner_account_id TEXT NOT NULL,
    storage_class TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (bucket, key, seq)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX s3_object_versions_by_id ON s3_object_versions(bucket, key, version_id);
  CREATE INDEX s3_object_versions_by_blob ON s3_object_versions(blob_id);`;

/**
 * ListObjectVersions' order, (key, newest first), as an index (a later migration step): listing
 * walks it instead of sorting a bucket's or a key's versions for every page.
 */
export const S3_VERSIONS_LISTING_INDEX = 'CREATE INDEX s3_object_versions_listing ON s3_object_versions(bucket, key, seq DESC);';

/** The seq a key's current object sorts with among its versions: above any stored one. */
export const CURRENT_SEQ = Number.MAX_SAFE_INTEGER;

export interface ObjectRow {
  bucket: string;
  key: string;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  owner_account_id: string;
  storage_class: string;
  document: string;
}

/** A row of s3_object_versions, or of s3_objects read with the same columns (seq CURRENT_SEQ, not a marker). */
export interface VersionRow extends ObjectRow {
  seq: number;
  /** 'null' for the null version; not selected when the row is a current object (its id is in the document). */
  version_id: string;
  /** 1/0 in SQLite, a boolean in PostgreSQL. */
  delete_marker: number | boolean;
}

export interface UploadRow {
  document: string;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  checksum: string | null;
  /** A later column: the part's IV in an encrypted upload (NULL otherwise, and in rows from before it). */
  iv?: string | null;
}

/** What the document column holds: the object's fields that are not columns of their own. */
type ObjectDocument = Pick<StoredObject, 'headers' | 'metadata' | 'checksum' | 'ownerCanonicalId' | 'acl' | 'tags' | 'partSizes' | 'encryption' | 'uploadId' | 'versionId' | 'retention' | 'legalHold'>;

export function objectFromRow(row: ObjectRow): StoredObject {
  const doc = JSON.parse(row.document) as ObjectDocument;
  return {
    bucket: row.bucket,
    key: row.key,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    ownerAccountId: row.owner_account_id,
    storageClass: row.storage_class,
    blobId: row.blob_id,
    ...doc,
  };
}

/** The object as a row, the document column holding what has no column of its own. */
export function objectToRow(o: StoredObject): ObjectRow {
  return {
    bucket: o.bucket,
    key: o.key,
    blob_id: o.blobId,
    size: o.size,
    etag: o.etag,
    last_modified: o.lastModified.getTime(),
    owner_account_id: o.ownerAccountId,
    storage_class: o.storageClass,
    document: documentOf(o),
  };
}

export function documentOf(o: StoredObject): string {
  const doc: ObjectDocument = { headers: o.headers, metadata: o.metadata, ownerCanonicalId: o.ownerCanonicalId, tags: o.tags };
  if (o.checksum) doc.checksum = o.checksum;
  if (o.acl) doc.acl = o.acl;
  if (o.partSizes) doc.partSizes = o.partSizes;
  if (o.encryption) doc.encryption = o.encryption;
  if (o.uploadId) doc.uploadId = o.uploadId;
  if (o.versionId) doc.versionId = o.versionId;
  if (o.retention) doc.retention = o.retention;
  if (o.legalHold) doc.legalHold = o.legalHold;
  return JSON.stringify(doc);
}

/** A version as its s3_object_versions row, but for `seq`, which the store assigns. */
export function versionToRow(v: ObjectVersion): ObjectRow & { version_id: string; delete_marker: 0 | 1 } {
  if (!isDeleteMarker(v)) return { ...objectToRow(v), version_id: versionIdOf(v), delete_marker: 0 };
  const document = JSON.stringify({ ownerCanonicalId: v.ownerCanonicalId, ...(v.versionId ? { versionId: v.versionId } : {}) });
  return {
    bucket: v.bucket, key: v.key, version_id: versionIdOf(v), delete_marker: 1, blob_id: '', size: 0, etag: '',
    last_modified: v.lastModified.getTime(), owner_account_id: v.ownerAccountId, storage_class: '', document,
  };
}

export function versionFromRow(row: VersionRow): ObjectVersion {
  if (!row.delete_marker) return objectFromRow(row);
  const doc = JSON.parse(row.document) as { ownerCanonicalId: string; versionId?: string };
  return {
    bucket: row.bucket, key: row.key, lastModified: new Date(row.last_modified), ownerAccountId: row.owner_account_id,
    ownerCanonicalId: doc.ownerCanonicalId, ...(doc.versionId ? { versionId: doc.versionId } : {}), deleteMarker: true,
  };
}

export function partFromRow(row: PartRow): StoredPart {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    blobId: row.blob_id,
    ...(row.checksum ? { checksum: JSON.parse(row.checksum) as StoredPart['checksum'] } : {}),
    ...(row.iv ? { iv: row.iv } : {}),
  };
}

export function uploadFromRow(row: UploadRow): MultipartUpload {
  const u = JSON.parse(row.document) as MultipartUpload & { initiated: string };
  return { ...u, initiated: new Date(u.initiated) };
}

/** Whether `a` sorts before `b` in UTF-8 byte order (S3's key order). */
export function bytesBefore(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
}

/**
 * Where a listing of keys under `prefix` after `after` starts: at the prefix (inclusive), or just
 * after the marker when that lies beyond it.
 */
export function listStart(prefix: string, after: string | undefined): { from: string; inclusive: boolean } {
  return after !== undefined && !bytesBefore(after, prefix) ? { from: after, inclusive: false } : { from: prefix, inclusive: true };
}

/**
 * The bounds of a ListMultipartUploads page: uploads whose key is at least `from`, and either past
 * `keyMarker` or of that key with an upload id past `idMarker`. Without an upload-id-marker,
 * uploads of the marker key itself are skipped (S3's rule).
 */
export function uploadListBounds(opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string }): { from: string; keyMarker: string; idMarker: string } {
  const keyMarker = opts.keyMarker ?? '';
  const from = bytesBefore(keyMarker, opts.prefix) ? opts.prefix : keyMarker;
  const idMarker = opts.keyMarker !== undefined && opts.keyMarker !== '' ? opts.uploadIdMarker ?? '\u{10FFFF}' : '';
  return { from, keyMarker, idMarker };
}
