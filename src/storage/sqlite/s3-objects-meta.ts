import type { DatabaseSync } from 'node:sqlite';
import type { DeleteMarker, ListedVersion, MultipartUpload, ObjectMetadataStore, ObjectVersion, StoredObject, StoredPart, VersionChange, VersioningState, WriteCondition } from '../s3-objects.js';
import { SqliteVersions } from './s3-object-versions.js';
import { immediate, prepare, transaction } from './node-sqlite.js';
import { documentOf, listStart, objectFromRow, objectToRow, partFromRow, uploadFromRow, uploadListBounds, type ObjectRow, type PartRow, type UploadRow } from './s3-objects-schema.js';

/**
 * {@link ObjectMetadataStore} on SQLite: one row per object, upload and part (see s3-objects-schema.ts).
 * Each method runs synchronously inside one SQLite transaction; the promises it returns are
 * already settled, so a conditional write's check and its write can have nothing in between.
 */
export class SqliteObjectMetadataStore implements ObjectMetadataStore {
  readonly #q;
  readonly #putObject;
  readonly #completeUpload;
  readonly #versions: SqliteVersions;

  constructor(private readonly db: DatabaseSync) {
    this.#versions = new SqliteVersions(db);
    this.#q = {
      getObject: prepare<[string, string], ObjectRow>(db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ?'),
      upsertObject: db.prepare(
        `INSERT OR REPLACE INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
         VALUES (:bucket, :key, :blob_id, :size, :etag, :last_modified, :owner_account_id, :storage_class, :document)`,
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
        `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksum, iv) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
    this.#putObject = transaction(db, (o: StoredObject, condition?: WriteCondition, versioning?: VersioningState): { replacedBlobId?: string } => {
      condition?.(this.#get(o.bucket, o.key));
      const replaced = this.#write(o, versioning);
      return replaced && replaced !== o.blobId ? { replacedBlobId: replaced } : {};
    }, 'immediate');
    this.#completeUpload = transaction(db, (uploadId: string, o: StoredObject, condition?: WriteCondition, versioning?: VersioningState) => {
      if (!this.#q.getUpload.get(uploadId)) return undefined;
      condition?.(this.#get(o.bucket, o.key));
      const obsoleteBlobIds = this.#partBlobs(uploadId);
      this.#q.deleteUpload.run(uploadId);
      const replaced = this.#write(o, versioning);
      if (replaced && replaced !== o.blobId) obsoleteBlobIds.push(replaced);
      return { obsoleteBlobIds };
    }, 'immediate');
  }

  /** Makes `o` the current object; returns the blob no version names any more. */
  #write(o: StoredObject, versioning: VersioningState): string | undefined {
    if (versioning) return this.#versions.putCurrent(o);
    const current = this.#get(o.bucket, o.key);
    this.#q.upsertObject.run({ ...objectToRow(o) });
    return current?.blobId;
  }

  #get(bucket: string, key: string): StoredObject | undefined {
    const row = this.#q.getObject.get(bucket, key);
    return row ? objectFromRow(row) : undefined;
  }

  #partBlobs(uploadId: string): string[] {
    return this.#q.listParts.all(uploadId, 0, 10_000).map((p) => p.blob_id);
  }

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    return this.#get(bucket, key);
  }

  async putObject(object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ replacedBlobId?: string }> {
    return this.#putObject(object, condition, versioning);
  }

  async deleteObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    return immediate(this.db, () => {
      const current = this.#get(bucket, key);
      if (current) this.#q.deleteObject.run(bucket, key);
      return current;
    });
  }

  async updateObject(bucket: string, key: string, change: VersionChange, versionId?: string): Promise<boolean> {
    return immediate(this.db, () => {
      const current = this.#get(bucket, key);
      if (current && (versionId === undefined || versionId === (current.versionId ?? 'null'))) {
        this.#q.updateDocument.run(documentOf({ ...current, ...change }), bucket, key);
        return true;
      }
      return versionId !== undefined && this.#versions.updateNoncurrent(bucket, key, versionId, (o) => documentOf({ ...o, ...change }));
    });
  }

  async getVersion(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    return this.#versions.find(bucket, key, versionId)?.version;
  }

  async getLatest(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return this.#versions.latest(bucket, key);
  }

  async putDeleteMarker(marker: DeleteMarker): Promise<{ replacedBlobId?: string }> {
    return immediate(this.db, () => {
      const replaced = this.#versions.putMarker(marker);
      return replaced ? { replacedBlobId: replaced } : {};
    });
  }

  async deleteVersion(bucket: string, key: string, versionId: string, check?: (version: ObjectVersion) => void): Promise<ObjectVersion | undefined> {
    return immediate(this.db, () => this.#versions.remove(bucket, key, versionId, check));
  }

  async listVersions(bucket: string, opts: { prefix: string; keyMarker?: string; versionIdMarker?: string; limit: number }): Promise<ListedVersion[]> {
    return this.#versions.list(bucket, opts);
  }

  async listObjects(bucket: string, opts: { prefix: string; after?: string; limit: number }): Promise<StoredObject[]> {
    const start = listStart(opts.prefix, opts.after);
    const rows = (start.inclusive ? this.#q.listFrom : this.#q.listAfter).all(bucket, start.from, opts.limit);
    const out: StoredObject[] = [];
    for (const row of rows) {
      if (!row.key.startsWith(opts.prefix)) break; // sorted: past the prefix, nothing further matches
      out.push(objectFromRow(row));
    }
    return out;
  }

  async createUpload(upload: MultipartUpload): Promise<void> {
    this.#q.insertUpload.run(upload.uploadId, upload.bucket, upload.key, upload.initiated.getTime(), JSON.stringify(upload));
  }

  async getUpload(uploadId: string): Promise<MultipartUpload | undefined> {
    const row = this.#q.getUpload.get(uploadId);
    return row ? uploadFromRow(row) : undefined;
  }

  async listUploads(bucket: string, opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string; limit: number }): Promise<MultipartUpload[]> {
    const { from, keyMarker, idMarker } = uploadListBounds(opts);
    const rows = this.#q.listUploads.all(bucket, from, keyMarker, idMarker, opts.limit);
    const out: MultipartUpload[] = [];
    for (const row of rows) {
      const u = uploadFromRow(row);
      if (!u.key.startsWith(opts.prefix)) break;
      out.push(u);
    }
    return out;
  }

  async putPart(part: StoredPart): Promise<{ stored: boolean; replacedBlobId?: string }> {
    return immediate(this.db, () => {
      if (!this.#q.getUpload.get(part.uploadId)) return { stored: false };
      const current = this.#q.getPart.get(part.uploadId, part.partNumber);
      this.#q.upsertPart.run(part.uploadId, part.partNumber, part.blobId, part.size, part.etag, part.lastModified.getTime(), part.checksum ? JSON.stringify(part.checksum) : null, part.iv ?? null);
      return current ? { stored: true, replacedBlobId: current.blob_id } : { stored: true };
    });
  }

  async listParts(uploadId: string, opts: { afterPart?: number; limit?: number } = {}): Promise<StoredPart[]> {
    return this.#q.listParts.all(uploadId, opts.afterPart ?? 0, opts.limit ?? 10_000).map(partFromRow);
  }

  async completeUpload(uploadId: string, object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ obsoleteBlobIds: string[] } | undefined> {
    return this.#completeUpload(uploadId, object, condition, versioning);
  }

  async abortUpload(uploadId: string): Promise<string[] | undefined> {
    return immediate(this.db, () => {
      if (!this.#q.getUpload.get(uploadId)) return undefined;
      const blobs = this.#partBlobs(uploadId);
      this.#q.deleteUpload.run(uploadId);
      return blobs;
    });
  }

  async bucketIsEmpty(bucket: string): Promise<boolean> {
    return this.#q.anyObject.get(bucket) === undefined && !this.#versions.hasAny(bucket);
  }

  async dropBucket(bucket: string): Promise<string[]> {
    return immediate(this.db, () => {
      const blobs = [...this.#q.bucketBlobs.all(bucket, bucket).map((r) => r.blob_id), ...this.#versions.drop(bucket)];
      this.#q.dropObjects.run(bucket);
      this.#q.dropUploads.run(bucket);
      return blobs;
    });
  }

  async isBlobReferenced(blobId: string): Promise<boolean> {
    return this.#q.objectBlob.get(blobId) !== undefined || this.#q.partBlob.get(blobId) !== undefined || this.#versions.references(blobId);
  }
}
