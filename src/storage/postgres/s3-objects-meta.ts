import type { DeleteMarker, ListedVersion, MultipartUpload, ObjectMetadataStore, ObjectVersion, StoredObject, StoredPart, VersionChange, VersioningState, WriteCondition } from '../s3-objects.js';
import { findVersion, latestVersion, listVersions, lockKey, putCurrentVersion, putMarkerVersion, removeVersion, updateNoncurrentVersion } from './s3-object-versions.js';
import { documentOf, listStart, objectFromRow, objectToRow, partFromRow, uploadFromRow, uploadListBounds, type ObjectRow, type PartRow, type UploadRow } from '../sqlite/s3-objects-schema.js';
import type { PgDatabase, Queryable } from './database.js';

const MAX_PARTS = 10_000;

/**
 * {@link ObjectMetadataStore} on PostgreSQL, shared by every server process: the same rows as
 * SQLite's (see s3-schema.ts). Where SQLite serialises writers on its one write lock, processes
 * here meet in row locks and keys:
 * - a write to a key locks its row (SELECT … FOR UPDATE) before the conditional check, so the check
 *   and the write see one state; when there is no row to lock, the insert is ON CONFLICT DO NOTHING
 *   and, if another process inserted the key meanwhile, the check runs again against its object
 *   (two If-None-Match: * puts: exactly one wins, the other fails its check);
 * - a multipart upload's row is locked FOR UPDATE by whoever ends it (complete, abort, drop) and
 *   FOR KEY SHARE by whoever adds a part, so an upload completes once, and no part slips in
 *   between the reading of its parts and the forgetting of the upload.
 */
export class PgObjectMetadataStore implements ObjectMetadataStore {
  constructor(private readonly db: PgDatabase) {}

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const { rows } = await this.db.query<ObjectRow>('SELECT * FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key]);
    return rows[0] ? objectFromRow(rows[0]) : undefined;
  }

  async putObject(object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ replacedBlobId?: string }> {
    const replaced = await this.db.transaction((client) => writeCurrent(client, object, condition, versioning));
    return replaced && replaced !== object.blobId ? { replacedBlobId: replaced } : {};
  }

  async deleteObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const { rows } = await this.db.query<ObjectRow>('DELETE FROM s3_objects WHERE bucket = $1 AND key = $2 RETURNING *', [bucket, key]);
    return rows[0] ? objectFromRow(rows[0]) : undefined;
  }

  async updateObject(bucket: string, key: string, change: VersionChange, versionId?: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      if (versionId !== undefined) await lockKey(client, bucket, key);
      const current = await lockObject(client, bucket, key);
      if (current && (versionId === undefined || versionId === (current.versionId ?? 'null'))) {
        await client.query('UPDATE s3_objects SET document = $3 WHERE bucket = $1 AND key = $2', [bucket, key, documentOf({ ...current, ...change })]);
        return true;
      }
      return versionId !== undefined && updateNoncurrentVersion(client, bucket, key, versionId, (o) => documentOf({ ...o, ...change }));
    });
  }

  async getVersion(bucket: string, key: string, versionId: string): Promise<ObjectVersion | undefined> {
    return this.db.transaction(async (client) => (await findVersion(client, bucket, key, versionId))?.version);
  }

  async getLatest(bucket: string, key: string): Promise<ObjectVersion | undefined> {
    return this.db.transaction((client) => latestVersion(client, bucket, key));
  }

  async putDeleteMarker(marker: DeleteMarker): Promise<{ replacedBlobId?: string }> {
    const replaced = await this.db.transaction(async (client) => {
      await lockKey(client, marker.bucket, marker.key);
      return putMarkerVersion(client, marker);
    });
    return replaced ? { replacedBlobId: replaced } : {};
  }

  async deleteVersion(bucket: string, key: string, versionId: string, check?: (version: ObjectVersion) => void): Promise<ObjectVersion | undefined> {
    return this.db.transaction(async (client) => {
      await lockKey(client, bucket, key);
      return removeVersion(client, bucket, key, versionId, check);
    });
  }

  async listVersions(bucket: string, opts: { prefix: string; keyMarker?: string; versionIdMarker?: string; limit: number }): Promise<ListedVersion[]> {
    return this.db.transaction((client) => listVersions(client, bucket, opts));
  }

  async listObjects(bucket: string, opts: { prefix: string; after?: string; limit: number }): Promise<StoredObject[]> {
    const start = listStart(opts.prefix, opts.after);
    const { rows } = await this.db.query<ObjectRow>(
      `SELECT * FROM s3_objects WHERE bucket = $1 AND key ${start.inclusive ? '>=' : '>'} $2 ORDER BY key LIMIT $3`,
      [bucket, start.from, opts.limit],
    );
    const out: StoredObject[] = [];
    for (const row of rows) {
      if (!row.key.startsWith(opts.prefix)) break; // sorted: past the prefix, nothing further matches
      out.push(objectFromRow(row));
    }
    return out;
  }

  async createUpload(upload: MultipartUpload): Promise<void> {
    await this.db.query('INSERT INTO s3_uploads (upload_id, bucket, key, initiated, document) VALUES ($1, $2, $3, $4, $5)', [
      upload.uploadId, upload.bucket, upload.key, upload.initiated.getTime(), JSON.stringify(upload),
    ]);
  }

  async getUpload(uploadId: string): Promise<MultipartUpload | undefined> {
    const { rows } = await this.db.query<UploadRow>('SELECT document FROM s3_uploads WHERE upload_id = $1', [uploadId]);
    return rows[0] ? uploadFromRow(rows[0]) : undefined;
  }

  async listUploads(bucket: string, opts: { prefix: string; keyMarker?: string; uploadIdMarker?: string; limit: number }): Promise<MultipartUpload[]> {
    const { from, keyMarker, idMarker } = uploadListBounds(opts);
    const { rows } = await this.db.query<UploadRow>(
      'SELECT document FROM s3_uploads WHERE bucket = $1 AND key >= $2 AND (key > $3 OR upload_id > $4) ORDER BY key, upload_id LIMIT $5',
      [bucket, from, keyMarker, idMarker, opts.limit],
    );
    const out: MultipartUpload[] = [];
    for (const row of rows) {
      const u = uploadFromRow(row);
      if (!u.key.startsWith(opts.prefix)) break;
      out.push(u);
    }
    return out;
  }

  async putPart(part: StoredPart): Promise<{ stored: boolean; replacedBlobId?: string }> {
    return this.db.transaction(async (client) => {
      const upload = await client.query('SELECT 1 FROM s3_uploads WHERE upload_id = $1 FOR KEY SHARE', [part.uploadId]);
      if (upload.rowCount === 0) return { stored: false };
      const values = [part.uploadId, part.partNumber, part.blobId, part.size, part.etag, part.lastModified.getTime(), part.checksum ? JSON.stringify(part.checksum) : null, part.iv ?? null];
      for (;;) {
        const current = await client.query<{ blob_id: string }>('SELECT blob_id FROM s3_parts WHERE upload_id = $1 AND part_number = $2 FOR UPDATE', [part.uploadId, part.partNumber]);
        if (current.rows[0]) {
          await client.query('UPDATE s3_parts SET blob_id = $3, size = $4, etag = $5, last_modified = $6, checksum = $7, iv = $8 WHERE upload_id = $1 AND part_number = $2', values);
          return { stored: true, replacedBlobId: current.rows[0].blob_id };
        }
        const inserted = await client.query(
          `INSERT INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksum, iv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (upload_id, part_number) DO NOTHING`,
          values,
        );
        if (inserted.rowCount === 1) return { stored: true };
        // Another process stored this part number meanwhile: replace its part, and say so.
      }
    });
  }

  async listParts(uploadId: string, opts: { afterPart?: number; limit?: number } = {}): Promise<StoredPart[]> {
    const { rows } = await this.db.query<PartRow>('SELECT * FROM s3_parts WHERE upload_id = $1 AND part_number > $2 ORDER BY part_number LIMIT $3', [
      uploadId, opts.afterPart ?? 0, opts.limit ?? MAX_PARTS,
    ]);
    return rows.map(partFromRow);
  }

  async completeUpload(uploadId: string, object: StoredObject, condition?: WriteCondition, versioning?: VersioningState): Promise<{ obsoleteBlobIds: string[] } | undefined> {
    return this.db.transaction(async (client) => {
      // A racing completion (or abort) waits here, and then finds the upload gone.
      if (!(await lockUpload(client, uploadId))) return undefined;
      const replaced = await writeCurrent(client, object, condition, versioning);
      const obsoleteBlobIds = await forgetUpload(client, uploadId);
      if (replaced && replaced !== object.blobId) obsoleteBlobIds.push(replaced);
      return { obsoleteBlobIds };
    });
  }

  async abortUpload(uploadId: string): Promise<string[] | undefined> {
    return this.db.transaction(async (client) => ((await lockUpload(client, uploadId)) ? forgetUpload(client, uploadId) : undefined));
  }

  async bucketIsEmpty(bucket: string): Promise<boolean> {
    const { rows } = await this.db.query<{ empty: boolean }>(
      'SELECT NOT EXISTS (SELECT 1 FROM s3_objects WHERE bucket = $1) AND NOT EXISTS (SELECT 1 FROM s3_object_versions WHERE bucket = $1) AS empty',
      [bucket],
    );
    return rows[0]!.empty;
  }

  async dropBucket(bucket: string): Promise<string[]> {
    return this.db.transaction(async (client) => {
      // Locking the uploads first keeps parts from being added to them until they are gone, so
      // every part's blob is returned. (An upload created while this runs may lose a part added
      // to it to the cascade unreported: its file then waits for a start-up sweep.)
      await client.query('SELECT 1 FROM s3_uploads WHERE bucket = $1 FOR UPDATE', [bucket]);
      const objects = await client.query<{ blob_id: string }>('DELETE FROM s3_objects WHERE bucket = $1 RETURNING blob_id', [bucket]);
      const parts = await client.query<{ blob_id: string }>(
        'DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket = $1) RETURNING blob_id',
        [bucket],
      );
      await client.query('DELETE FROM s3_uploads WHERE bucket = $1', [bucket]);
      const versions = await client.query<{ blob_id: string }>('DELETE FROM s3_object_versions WHERE bucket = $1 RETURNING blob_id', [bucket]);
      return [...objects.rows, ...parts.rows, ...versions.rows.filter((v) => v.blob_id !== '')].map((r) => r.blob_id);
    });
  }

  async isBlobReferenced(blobId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ referenced: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM s3_objects WHERE blob_id = $1) OR EXISTS (SELECT 1 FROM s3_parts WHERE blob_id = $1)
              OR EXISTS (SELECT 1 FROM s3_object_versions WHERE blob_id = $1) AS referenced`,
      [blobId],
    );
    return rows[0]!.referenced;
  }
}

async function lockObject(client: Queryable, bucket: string, key: string): Promise<StoredObject | undefined> {
  const { rows } = await client.query<ObjectRow>('SELECT * FROM s3_objects WHERE bucket = $1 AND key = $2 FOR UPDATE', [bucket, key]);
  return rows[0] ? objectFromRow(rows[0]) : undefined;
}

/**
 * Inserts or replaces the object once `condition` accepts what the key holds, inside the caller's
 * transaction; returns the object replaced. The check always sees the row it then writes over:
 * the row is locked, or there was none and the insert finds none either.
 */
async function writeObject(client: Queryable, object: StoredObject, condition: WriteCondition | undefined): Promise<StoredObject | undefined> {
  const r = objectToRow(object);
  const values = [r.bucket, r.key, r.blob_id, r.size, r.etag, r.last_modified, r.owner_account_id, r.storage_class, r.document];
  for (;;) {
    const current = await lockObject(client, object.bucket, object.key);
    condition?.(current);
    if (current) {
      await client.query(
        `UPDATE s3_objects SET blob_id = $3, size = $4, etag = $5, last_modified = $6, owner_account_id = $7, storage_class = $8, document = $9
         WHERE bucket = $1 AND key = $2`,
        values,
      );
      return current;
    }
    const inserted = await client.query(
      `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (bucket, key) DO NOTHING`,
      values,
    );
    if (inserted.rowCount === 1) return undefined;
    // Another process wrote the key since it was read (its insert committed while this one
    // waited): judge the condition again, against that object.
  }
}

/**
 * Makes `object` the key's current version after `condition` accepts what the key holds; returns
 * the blob no version names any more. Versioned writes take the key's turn first (lockKey).
 */
async function writeCurrent(client: Queryable, object: StoredObject, condition: WriteCondition | undefined, versioning: VersioningState): Promise<string | undefined> {
  if (!versioning) return (await writeObject(client, object, condition))?.blobId;
  await lockKey(client, object.bucket, object.key);
  condition?.(await lockObject(client, object.bucket, object.key));
  return putCurrentVersion(client, object);
}

async function lockUpload(client: Queryable, uploadId: string): Promise<boolean> {
  return ((await client.query('SELECT 1 FROM s3_uploads WHERE upload_id = $1 FOR UPDATE', [uploadId])).rowCount ?? 0) > 0;
}

/** Deletes a locked upload and its parts; returns the parts' blob ids in part order. */
async function forgetUpload(client: Queryable, uploadId: string): Promise<string[]> {
  const parts = await client.query<{ blob_id: string; part_number: number }>('DELETE FROM s3_parts WHERE upload_id = $1 RETURNING blob_id, part_number', [uploadId]);
  await client.query('DELETE FROM s3_uploads WHERE upload_id = $1', [uploadId]);
  return parts.rows.sort((a, b) => a.part_number - b.part_number).map((p) => p.blob_id);
}
