import { versionIdOf, type DeleteMarker, type ListedVersion, type ObjectVersion, type StoredObject } from '../s3-objects.js';
import { CURRENT_SEQ, listStart, objectFromRow, objectToRow, versionFromRow, versionToRow, type ObjectRow, type VersionRow } from '../sqlite/s3-objects-schema.js';
import type { Queryable } from './database.js';

/**
 * A key's versions on PostgreSQL: its current object in s3_objects, the rest in
 * s3_object_versions (the same rows as SQLite's, see src/storage/sqlite/s3-object-versions.ts).
 * Every function runs inside the caller's transaction after {@link lockKey}: processes writing one
 * key's versions take turns, so a version moves between the tables, and a new version takes the
 * next seq, with no other writer in between.
 */

/** Serialises versioned writes to one key across processes until the transaction ends. */
export async function lockKey(client: Queryable, bucket: string, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`s3-version:${bucket}/${key}`]);
}

async function current(client: Queryable, bucket: string, key: string): Promise<StoredObject | undefined> {
  const { rows } = await client.query<ObjectRow>('SELECT * FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key]);
  return rows[0] ? objectFromRow(rows[0]) : undefined;
}

async function byId(client: Queryable, bucket: string, key: string, versionId: string): Promise<VersionRow | undefined> {
  const { rows } = await client.query<VersionRow>('SELECT * FROM s3_object_versions WHERE bucket = $1 AND key = $2 AND version_id = $3', [bucket, key, versionId]);
  return rows[0];
}

async function newest(client: Queryable, bucket: string, key: string): Promise<VersionRow | undefined> {
  const { rows } = await client.query<VersionRow>('SELECT * FROM s3_object_versions WHERE bucket = $1 AND key = $2 ORDER BY seq DESC LIMIT 1', [bucket, key]);
  return rows[0];
}

async function upsertCurrent(client: Queryable, object: StoredObject): Promise<void> {
  const r = objectToRow(object);
  await client.query(
    `INSERT INTO s3_objects (bucket, key, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (bucket, key) DO UPDATE SET blob_id = $3, size = $4, etag = $5, last_modified = $6, owner_account_id = $7, storage_class = $8, document = $9`,
    [r.bucket, r.key, r.blob_id, r.size, r.etag, r.last_modified, r.owner_account_id, r.storage_class, r.document],
  );
}

async function insertNoncurrent(client: Queryable, version: ObjectVersion): Promise<void> {
  const r = versionToRow(version);
  await client.query(
    `INSERT INTO s3_object_versions (bucket, key, seq, version_id, delete_marker, blob_id, size, etag, last_modified, owner_account_id, storage_class, document)
     VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM s3_object_versions WHERE bucket = $1 AND key = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.bucket, r.key, r.version_id, r.delete_marker === 1, r.blob_id, r.size, r.etag, r.last_modified, r.owner_account_id, r.storage_class, r.document],
  );
}

const deleteCurrent = (client: Queryable, bucket: string, key: string) => client.query('DELETE FROM s3_objects WHERE bucket = $1 AND key = $2', [bucket, key]);
const deleteNoncurrent = (client: Queryable, bucket: string, key: string, versionId: string) =>
  client.query('DELETE FROM s3_object_versions WHERE bucket = $1 AND key = $2 AND version_id = $3', [bucket, key, versionId]);

/** The version by id, wherever it is kept. */
export async function findVersion(client: Queryable, bucket: string, key: string, versionId: string): Promise<{ version: ObjectVersion; isCurrent: boolean } | undefined> {
  const now = await current(client, bucket, key);
  if (now && versionIdOf(now) === versionId) return { version: now, isCurrent: true };
  const row = await byId(client, bucket, key, versionId);
  return row ? { version: versionFromRow(row), isCurrent: false } : undefined;
}

export async function latestVersion(client: Queryable, bucket: string, key: string): Promise<ObjectVersion | undefined> {
  const now = await current(client, bucket, key);
  if (now) return now;
  const top = await newest(client, bucket, key);
  return top && top.delete_marker ? versionFromRow(top) : undefined;
}

/**
 * Before a new latest version: the current object becomes noncurrent, or, when both it and the
 * newcomer are null versions, goes; a noncurrent null version goes when the newcomer is null.
 * Returns the blob no version names any more.
 */
async function supersede(client: Queryable, bucket: string, key: string, newcomerIsNull: boolean): Promise<string | undefined> {
  let obsolete: string | undefined;
  const now = await current(client, bucket, key);
  if (now) {
    if (newcomerIsNull && now.versionId === undefined) obsolete = now.blobId;
    else await insertNoncurrent(client, now);
    await deleteCurrent(client, bucket, key);
  }
  if (newcomerIsNull) {
    const oldNull = await byId(client, bucket, key, 'null');
    if (oldNull) {
      await deleteNoncurrent(client, bucket, key, 'null');
      if (!oldNull.delete_marker) obsolete = oldNull.blob_id;
    }
  }
  return obsolete;
}

export async function putCurrentVersion(client: Queryable, object: StoredObject): Promise<string | undefined> {
  const obsolete = await supersede(client, object.bucket, object.key, object.versionId === undefined);
  await upsertCurrent(client, object);
  return obsolete;
}

export async function putMarkerVersion(client: Queryable, marker: DeleteMarker): Promise<string | undefined> {
  const obsolete = await supersede(client, marker.bucket, marker.key, marker.versionId === undefined);
  await insertNoncurrent(client, marker);
  return obsolete;
}

/** Removes a version for good; the newest remaining becomes current unless it is a delete marker. */
export async function removeVersion(client: Queryable, bucket: string, key: string, versionId: string, check?: (v: ObjectVersion) => void): Promise<ObjectVersion | undefined> {
  const found = await findVersion(client, bucket, key, versionId);
  if (!found) return undefined;
  check?.(found.version);
  if (found.isCurrent) await deleteCurrent(client, bucket, key);
  else await deleteNoncurrent(client, bucket, key, versionId);
  if (!(await current(client, bucket, key))) {
    const top = await newest(client, bucket, key);
    if (top && !top.delete_marker) {
      await deleteNoncurrent(client, bucket, key, top.version_id);
      await upsertCurrent(client, objectFromRow(top));
    }
  }
  return found.version;
}

/** Rewrites a noncurrent version's document; false when there is none of that id, or it is a marker. */
export async function updateNoncurrentVersion(client: Queryable, bucket: string, key: string, versionId: string, change: (o: StoredObject) => string): Promise<boolean> {
  const row = await byId(client, bucket, key, versionId);
  if (!row || row.delete_marker) return false;
  await client.query('UPDATE s3_object_versions SET document = $4 WHERE bucket = $1 AND key = $2 AND version_id = $3', [bucket, key, versionId, change(objectFromRow(row))]);
  return true;
}

/** The columns of s3_objects as listed versions: the current object sorts above every stored version. */
const CURRENT_AS_LISTED = `bucket, key, ${CURRENT_SEQ}::bigint AS seq, false AS delete_marker, blob_id, size, etag, last_modified, owner_account_id, storage_class, document, true AS is_latest`;

/** The columns of s3_object_versions `v` as listed: a delete marker is latest when no current object or newer version is. */
const NONCURRENT_AS_LISTED = `v.bucket, v.key, v.seq, v.delete_marker, v.blob_id, v.size, v.etag, v.last_modified, v.owner_account_id, v.storage_class, v.document,
  (v.delete_marker
   AND NOT EXISTS (SELECT 1 FROM s3_objects o WHERE o.bucket = v.bucket AND o.key = v.key)
   AND v.seq = (SELECT MAX(seq) FROM s3_object_versions w WHERE w.bucket = v.bucket AND w.key = v.key)) AS is_latest`;

/**
 * Versions in (key, newest first) order: each arm reads at most a page off an index in that
 * order (the planner would otherwise sort every version of the bucket for each page), and only
 * those rows are merged, so a page costs what it returns however many versions the bucket or one
 * key has. From a key on, or after a key marker: that key's versions older than the marker's
 * (none without a version marker), then the keys past it.
 */
const LIST_FROM = `(SELECT ${CURRENT_AS_LISTED} FROM s3_objects WHERE bucket = $1 AND key >= $2 ORDER BY key LIMIT $3)
  UNION ALL
  (SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = $1 AND v.key >= $2 ORDER BY v.key, v.seq DESC LIMIT $3)
  ORDER BY key, seq DESC LIMIT $3`;
const LIST_AFTER = `(SELECT ${CURRENT_AS_LISTED} FROM s3_objects WHERE bucket = $1 AND key > $2 ORDER BY key LIMIT $4)
  UNION ALL
  (SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = $1 AND v.key = $2 AND v.seq < $3 ORDER BY v.seq DESC LIMIT $4)
  UNION ALL
  (SELECT ${NONCURRENT_AS_LISTED} FROM s3_object_versions v WHERE v.bucket = $1 AND v.key > $2 ORDER BY v.key, v.seq DESC LIMIT $4)
  ORDER BY key, seq DESC LIMIT $4`;

export async function listVersions(client: Queryable, bucket: string, opts: { prefix: string; keyMarker?: string; versionIdMarker?: string; limit: number }): Promise<ListedVersion[]> {
  const start = listStart(opts.prefix, opts.keyMarker);
  let query: { text: string; values: unknown[] };
  if (start.inclusive) {
    query = { text: LIST_FROM, values: [bucket, start.from, opts.limit] };
  } else {
    let markerSeq = 0;
    if (opts.versionIdMarker !== undefined) {
      const found = await findVersion(client, bucket, start.from, opts.versionIdMarker);
      markerSeq = !found || found.isCurrent ? CURRENT_SEQ : Number((await byId(client, bucket, start.from, opts.versionIdMarker))!.seq);
    }
    query = { text: LIST_AFTER, values: [bucket, start.from, markerSeq, opts.limit] };
  }
  const { rows } = await client.query<VersionRow & { is_latest: boolean }>(query.text, query.values);
  const out: ListedVersion[] = [];
  for (const row of rows) {
    if (!row.key.startsWith(opts.prefix)) break;
    out.push({ version: versionFromRow(row), isLatest: row.is_latest });
  }
  return out;
}
