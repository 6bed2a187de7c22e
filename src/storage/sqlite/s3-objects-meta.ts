import type { DatabaseSync } from 'node:sqlite';
import type { Acl } from '../s3.js';
import type { MultipartUpload, ObjectMetadataStore, ObjectTag, StoredObject, StoredPart, WriteCondition } from '../s3-objects.js';
import { immediate, prepare, transaction } from './node-sqlite.js';

interface ObjectRow {
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

interface UploadRow {
  document: string;
}

interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  checksum: string | null;
}

/** What the document column holds: the object's fields that are not columns of their own. */
type ObjectDocument = Pick<StoredObject, 'headers' | 'metadata' | 'checksum' | 'ownerCanonicalId' | 'acl' | 'tags' | 'partSizes'>;

function objectFromRow(row: ObjectRow): StoredObject {
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

function documentOf(o: StoredObject): string {
  const doc: ObjectDocument = { headers: o.headers, metadata: o.metadata, ownerCanonicalId: o.ownerCanonicalId, tags: o.tags };
  if (o.checksum) doc.checksum = o.checksum;
  if (o.acl) doc.acl = o.acl;
  if (o.partSizes) doc.partSizes = o.partSizes;
  return JSON.stringify(doc);
}

function partFromRow(row: PartRow): StoredPart {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    blobId: row.blob_id,
    ...(row.checksum ? { checksum: JSON.parse(row.checksum) as StoredPart['checksum'] } : {}),
  };
}

function uploadFromRow(row: UploadRow): MultipartUpload {
  const u = JSON.parse(row.document) as MultipartUpload & { initiated: string };
  return { ...u, initiated: new Date(u.initiated) };
}

/** {@link ObjectMetadataStore} on SQLite: one row per object, upload and part (see s3-objects-schema.ts). */
export class SqliteObjectMetadataStore implements ObjectMetadataStore {
  readonly #q;
  readonly #putObject;
  readonly #completeUpload;

  constructor(private readonly db: DatabaseSync) {
    this.#q = {
      getObject: prepare<[string, string], ObjectRow>(db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ?'),
      upsertObject: db.prepare(
        `INSERT OR REPLACE INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
         VALUES (@bucket, @key, @blobId, @size, @etag, @lastModified, @ownerAccountId, @storageClass, @document)`,
      ),
      deleteObject: db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?'),
      updateDocument: db.prepare('UPDATE s3_objects SET document = ? WHERE bucket = ? AND key = ?'),
      listFrom: prepare<[string, string, number], ObjectRow>(db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key LIMIT ?'),
      listAfter: prepare<[string, string, number], ObjectRow>(db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key > ? ORDER BY key LIMIT ?'),
      anyObject: prepare<[string], { one: number }>(db, 'SELECT 1 AS one FROM s3_objects WHERE bucket = ? LIMIT 1'),
      insertUpload: db.prepare('INSERT INTO s3_uploads (upload_id, bucket, key, initiated, document) VALUES (?, ?, ?, ?, ?)'),
      getUpload: prepare<[string], UploadRow>(db, 'SELECT document FROM s3_uploads WHERE upload_id = ?'),
      listUploads: prepare<[string, string, string, string, number], UploadRow>(db,
        `SELECT document FROM s3_uploads WHERE bucket = ? AND key >= ? AND (key > ? OR upload_id > ?) ORDER BY key, upload_id LIMIT ?`,
      ),
      deleteUpload: db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?'),
      getPart: prepare<[string, number], PartRow>(db, 'SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?'),
      upsertPart: db.prepare(
        `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      listParts: prepare<[string, number, number], PartRow>(db, 'SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?'),
      bucketBlobs: prepare<[string, string], { blob_id: string }>(db,
        `SELECT blob_id FROM s3_objects WHERE bucket = ?
         UNION ALL SELECT p.blob_id FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = ?`,
      ),
      dropObjects: db.prepare('DELETE FROM s3_objects WHERE bucket = ?'),
      dropUploads: db.prepare('DELETE FROM s3_uploads WHERE bucket = ?'),
      objectBlob: prepare<[string], { one: number }>(db, 'SELECT 1 AS one FROM s3_objects WHERE blob_id = ? LIMIT 1'),
      partBlob: prepare<[string], { one: number }>(db, 'SELECT 1 AS one FROM s3_parts WHERE blob_id = ? LIMIT 1'),
    };
    this.#putObject = transaction(db, (o: StoredObject, condition?: WriteCondition): { replacedBlobId?: string } => {
      const current = this.getObject(o.bucket, o.key);
      condition?.(current);
      this.#upsert(o);
      return current && current.blobId !== o.blobId ? { replacedBlobId: current.blobId } : {};
    }, 'immediate');
    this.#completeUpload = transaction(db, (uploadId: string, o: StoredObject, condition?: WriteCondition) => {
      if (!this.#q.getUpload.get(uploadId)) return undefined;
      const current = this.getObject(o.bucket, o.key);
      condition?.(current);
      const obsoleteBlobIds = this.listParts(uploadId).map((p) => p.blobId);
      if (current && current.blobId !== o.blobId) obsoleteBlobIds.push(current.blobId);
      this.#q.deleteUpload.run(uploadId);
      this.#upsert(o);
      return { obsoleteBlobIds };
    }, 'immediate');
  }

  #upsert(o: StoredObject): void {
    this.#q.upsertObject.run({
      bucket: o.bucket,
      key: o.key,
      blobId: o.blobId,
      size: o.size,
      etag: o.etag,
      lastModified: o.lastModified.getTime(),
      ownerAccountId: o.ownerAccountId,
      storageClass: o.storageClass,
      document: documentOf(o),
    });
  }

  getObject(bucket: string, key: string): StoredObject | undefined {
    const row = this.#q.getObject.get(bucket, key);
    return row ? objectFromRow(row) : undefined;
  }

  putObject(object: StoredObject, condition?: WriteCondition): { replacedBlobId?: string } {
    return this.#putObject(object, condition);
  }

  deleteObject(bucket: string, key: string): StoredObject | undefined {
    return immediate(this.db, () => {
      const current = this.getObject(bucket, key);
      if (current) this.#q.deleteObject.run(bucket, key);
      return current;
    });
  }

  updateObject(bucket: string, key: string, change: { acl?: Acl; tags?: ObjectTag[] }): boolean {
    return immediate(this.db, () => {
      const current = this.getObject(bucket, key);
      if (!current) return false;
      this.#q.updateDocument.run(documentOf({ ...current, ...change }), bucket, key);
      return true;
    });
  }

  listObjects(bucket: string, opts: { prefix: string; after?: string; limit: number }): StoredObject[] {
    // Start at the prefix, or just after the marker when that lies beyond it.
    const rows =
      opts.after !== undefined && !(Buffer.compare(Buffer.from(opts.after), Buffer.from(opts.prefix)) < 0)
        ? this.#q.listAfter.all(bucket, opts.after, opts.limit)
        : this.#q.listFrom.all(bucket, opts.prefix, opts.limit);
    const out: StoredObject[] = [];
    for (const row of rows) {
      if (!row.key.startsWith(opts.prefix)) break; // sorted: past the prefix, nothing further matches
      out.push(objectFromRow(row));
    }
    return out;
  }

  createUpload(upload: MultipartUpload): void {
    this.#q.insertUpload.run(upload.uploadId, upload.bucket, upload.key, upload.initiated.getTime(), JSON.stringify(upload));
  }

  getUpload(uploadId: string): MultipartUpload | undefined {
    const row = this.#q.getUpload.get(uploadId);
    return row ? uploadFromRow(row) : undefined;
  }

  listUploads(bucket: string, opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string; limit: number }): MultipartUpload[] {
    const marker = opts.keyMarker ?? '';
    // Without an upload-id-marker, uploads of the marker key itself are skipped (S3's rule).
    const from = Buffer.compare(Buffer.from(marker), Buffer.from(opts.prefix)) < 0 ? opts.prefix : marker;
    const idMarker = opts.keyMarker !== undefined && opts.keyMarker !== '' ? opts.uploadIdMarker ?? '\u{10FFFF}' : '';
    const rows = this.#q.listUploads.all(bucket, from, marker, idMarker, opts.limit);
    const out: MultipartUpload[] = [];
    for (const row of rows) {
      const u = uploadFromRow(row);
      if (!u.key.startsWith(opts.prefix)) break;
      out.push(u);
    }
    return out;
  }

  putPart(part: StoredPart): { stored: boolean; replacedBlobId?: string } {
    return immediate(this.db, () => {
      if (!this.#q.getUpload.get(part.uploadId)) return { stored: false };
      const current = this.#q.getPart.get(part.uploadId, part.partNumber);
      this.#q.upsertPart.run(part.uploadId, part.partNumber, part.blobId, part.size, part.etag, part.lastModified.getTime(), part.checksum ? JSON.stringify(part.checksum) : null);
      return current ? { stored: true, replacedBlobId: current.blob_id } : { stored: true };
    });
  }

  listParts(uploadId: string, opts: { afterPart?: number; limit?: number } = {}): StoredPart[] {
    return this.#q.listParts.all(uploadId, opts.afterPart ?? 0, opts.limit ?? 10_000).map(partFromRow);
  }

  completeUpload(uploadId: string, object: StoredObject, condition?: WriteCondition): { obsoleteBlobIds: string[] } | undefined {
    return this.#completeUpload(uploadId, object, condition);
  }

  abortUpload(uploadId: string): string[] | undefined {
    return immediate(this.db, () => {
      if (!this.#q.getUpload.get(uploadId)) return undefined;
      const blobs = this.listParts(uploadId).map((p) => p.blobId);
      this.#q.deleteUpload.run(uploadId);
      return blobs;
    });
  }

  bucketIsEmpty(bucket: string): boolean {
    return this.#q.anyObject.get(bucket) === undefined;
  }

  dropBucket(bucket: string): string[] {
    return immediate(this.db, () => {
      const blobs = this.#q.bucketBlobs.all(bucket, bucket).map((r) => r.blob_id);
      this.#q.dropObjects.run(bucket);
      this.#q.dropUploads.run(bucket);
      return blobs;
    });
  }

  isBlobReferenced(blobId: string): boolean {
    return this.#q.objectBlob.get(blobId) !== undefined || this.#q.partBlob.get(blobId) !== undefined;
  }
}
