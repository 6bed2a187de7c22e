import type { DatabaseSync } from 'node:sqlite';
import { versionIdOf, type DeleteMarker, type ListedVersion, type ObjectVersion, type StoredObject } from '../s3-objects.js';
import { prepare } from './node-sqlite.js';
import { CURRENT_SEQ, listStart, objectFromRow, objectToRow, versionFromRow, versionToRow, type ObjectRow, type VersionRow } from './s3-objects-schema.js';

/** The columns of s3_objects as a VersionRow: the current object sorts above every stored version. */
const CURRENT_AS_VERSION = `bucket, key, ${CURRENT_SEQ} AS seq, 0 AS delete_marker, blob_id, size, etag, last_modified, owner_account_id, storage_class, document, 1 AS is_latest`;

/** The columns of s3_object_versions `v` as listed: a delete marker is latest when no current object or newer version is. */
const NONCURRENT_AS_LISTED = `v.bucket, v.key, v.seq, v.delete_marker, v.blob_id, v.size, v.etag, v.last_modified, v.owner_account_id, v.storage_class, v.document,
  (v.delete_marker = 1
   AND NOT EXISTS (SELECT 1 FROM s3_objects o WHERE o.bucket = v.bucket AND o.key = v.key)
   AND v.seq = (SELECT MAX(seq) FROM s3_object_versions w WHERE w.bucket = v.bucket AND w.key = v.key)) AS is_latest`;

type ListedRow = VersionRow & { is_latest: number };

/**
 * A key's versions on SQLite: its current object in s3_objects, the rest in s3_object_versions.
 * Every method is synchronous and runs inside the caller's write transaction, so a version moves
 * between the two tables with nothing in between.
 */
export class SqliteVersions {
  readonly #q;

  constructor(db: DatabaseSync) {
    this.#q = {
      current: prepare<[string, string], ObjectRow>(db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ?'),
      upsertCurrent: db.prepare(
        `INSERT OR REPLACE INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
         VALUES (:bucket, :key, :blob_id, :size, :etag, :last_modified, :owner_account_id, :storage_class, :document)`,
      ),
      deleteCurrent: db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?'),
      byId: prepare<[string, string, string], VersionRow>(db, 'SELECT * FROM s3_object_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      newest: prepare<[string, string], VersionRow>(db, 'SELECT * FROM s3_object_versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO s3_object_versions (bucket, key, seq, version_id, delete_marker, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
         VALUES (:bucket, :key, (SELECT COALESCE(MAX(seq), 0) + 1 FROM s3_object_versions WHERE bucket = :bucket AND key = :key),
                 :version_id, :delete_marker, :blob_id, :size, :etag, :last_modified, :owner_account_id, :storage_class, :document)`,
      ),
      remove: db.prepare('DELETE FROM s3_object_versions WHERE bucket = ? AND key = ? AND version_id = ?'),
      updateDocument: db.prepare('UPDATE s3_object_versions SET document = ? WHERE bucket = ? AND key = ? AND version_id = ?'),
      // Versions in (key, newest first) order straight off the indexes, each arm already in that
      // order (merged, never sorted): the list costs the page it returns, however many versions
      // the bucket or one key has. From a key on, or after a key marker (that key's versions
      // older than the marker's, then the keys past it).
      listFrom: prepare<[string, string, number], ListedRow>(db,
        `SELECT ${CURRENT_AS_VERSION} FROM s3_objects WHERE bucket = ?1 AND key >= ?2
         UNION ALL
         SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = ?1 AND v.key >= ?2
         ORDER BY key, seq DESC LIMIT ?3`),
      listAfter: prepare<[string, string, number, number], ListedRow>(db,
        `SELECT ${CURRENT_AS_VERSION} FROM s3_objects WHERE bucket = ?1 AND key > ?2
         UNION ALL
         SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = ?1 AND v.key = ?2 AND v.seq < ?3
         UNION ALL
         SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = ?1 AND v.key > ?2
         ORDER BY key, seq DESC LIMIT ?4`),
      anyVersion: prepare<[string], { one: number }>(db, 'SELECT 1 AS one FROM s3_object_versions WHERE bucket = ? LIMIT 1'),
      bucketBlobs: prepare<[string], { blob_id: string }>(db, "SELECT blob_id FROM s3_object_versions WHERE bucket = ? AND blob_id <> ''"),
      dropBucket: db.prepare('DELETE FROM s3_object_versions WHERE bucket = ?'),
      blob: prepare<[string], { one: number }>(db, 'SELECT 1 AS one FROM s3_object_versions WHERE blob_id = ? LIMIT 1'),
    };
  }

  current(bucket: string, key: string): StoredObject | undefined {
    const row = this.#q.current.get(bucket, key);
    return row ? objectFromRow(row) : undefined;
  }

  /** The version by id, wherever it is kept. */
  find(bucket: string, key: string, versionId: string): { version: ObjectVersion; isCurrent: boolean } | undefined {
    const current = this.current(bucket, key);
    if (current && versionIdOf(current) === versionId) return { version: current, isCurrent: true };
    const row = this.#q.byId.get(bucket, key, versionId);
    return row ? { version: versionFromRow(row), isCurrent: false } : undefined;
  }

  latest(bucket: string, key: string): ObjectVersion | undefined {
    const current = this.current(bucket, key);
    if (current) return current;
    const newest = this.#q.newest.get(bucket, key);
    return newest && newest.delete_marker ? versionFromRow(newest) : undefined;
  }

  /**
   * Makes `object` the key's current version: what it supersedes becomes noncurrent, but a null
   * version replaces the null version wherever it is. Returns the blob no version names any more.
   */
  putCurrent(object: StoredObject): string | undefined {
    const superseded = this.#supersede(object.bucket, object.key, object.versionId === undefined);
    this.#q.upsertCurrent.run({ ...objectToRow(object) });
    return superseded;
  }

  /** Puts a delete marker as the key's latest version; returns the blob no version names any more. */
  putMarker(marker: DeleteMarker): string | undefined {
    const superseded = this.#supersede(marker.bucket, marker.key, marker.versionId === undefined);
    this.#q.deleteCurrent.run(marker.bucket, marker.key);
    this.#q.insert.run({ ...versionToRow(marker) });
    return superseded;
  }

  /** Removes a version for good; the newest remaining becomes current unless it is a delete marker. */
  remove(bucket: string, key: string, versionId: string, check?: (version: ObjectVersion) => void): ObjectVersion | undefined {
    const found = this.find(bucket, key, versionId);
    if (!found) return undefined;
    check?.(found.version);
    if (found.isCurrent) this.#q.deleteCurrent.run(bucket, key);
    else this.#q.remove.run(bucket, key, versionId);
    if (!this.#q.current.get(bucket, key)) {
      const newest = this.#q.newest.get(bucket, key);
      if (newest && !newest.delete_marker) {
        this.#q.remove.run(bucket, key, newest.version_id);
        this.#q.upsertCurrent.run({ ...objectToRow(objectFromRow(newest)) });
      }
    }
    return found.version;
  }

  /** Rewrites a noncurrent version's document; false when there is none of that id, or it is a marker. */
  updateNoncurrent(bucket: string, key: string, versionId: string, change: (o: StoredObject) => string): boolean {
    const row = this.#q.byId.get(bucket, key, versionId);
    if (!row || row.delete_marker) return false;
    this.#q.updateDocument.run(change(objectFromRow(row)), bucket, key, versionId);
    return true;
  }

  list(bucket: string, opts: { prefix: string; keyMarker?: string; versionIdMarker?: string; limit: number }): ListedVersion[] {
    const start = listStart(opts.prefix, opts.keyMarker);
    // After a key marker: its versions older than the marker's (none without a version marker), then the keys past it.
    const rows = start.inclusive
      ? this.#q.listFrom.all(bucket, start.from, opts.limit)
      : this.#q.listAfter.all(bucket, start.from, opts.versionIdMarker !== undefined ? this.#seqOf(bucket, start.from, opts.versionIdMarker) : 0, opts.limit);
    const out: ListedVersion[] = [];
    for (const row of rows) {
      if (!row.key.startsWith(opts.prefix)) break;
      out.push({ version: versionFromRow(row), isLatest: row.is_latest === 1 });
    }
    return out;
  }

  hasAny(bucket: string): boolean {
    return this.#q.anyVersion.get(bucket) !== undefined;
  }

  /** Forgets the bucket's noncurrent versions and markers; returns their blobs. */
  drop(bucket: string): string[] {
    const blobs = this.#q.bucketBlobs.all(bucket).map((r) => r.blob_id);
    this.#q.dropBucket.run(bucket);
    return blobs;
  }

  references(blobId: string): boolean {
    return this.#q.blob.get(blobId) !== undefined;
  }

  /** A version's place among its key's: the current one above all; an unknown id, above all too (S3 then lists the key's older versions from the top). */
  #seqOf(bucket: string, key: string, versionId: string): number {
    const current = this.current(bucket, key);
    if (current && versionIdOf(current) === versionId) return CURRENT_SEQ;
    return this.#q.byId.get(bucket, key, versionId)?.seq ?? CURRENT_SEQ;
  }

  /**
   * Before a new latest version: the current object becomes noncurrent, or, when both it and the
   * newcomer are null versions, goes; a noncurrent null version goes when the newcomer is null.
   */
  #supersede(bucket: string, key: string, newcomerIsNull: boolean): string | undefined {
    let obsolete: string | undefined;
    const current = this.current(bucket, key);
    if (current) {
      if (newcomerIsNull && current.versionId === undefined) obsolete = current.blobId;
      else this.#q.insert.run({ ...versionToRow(current) });
      this.#q.deleteCurrent.run(bucket, key);
    }
    if (newcomerIsNull) {
      const oldNull = this.#q.byId.get(bucket, key, 'null');
      if (oldNull) {
        this.#q.remove.run(bucket, key, 'null');
        if (!oldNull.delete_marker) obsolete = oldNull.blob_id;
      }
    }
    return obsolete;
  }
}
