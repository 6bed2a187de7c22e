import type { FeatureValue, OnlineRecord } from '../feature-store.js';

/**
 * The PostgreSQL record store's statements and row mapping (tables in records-schema.ts). Every
 * statement keys a group on (account, region, lower-cased name): names are unique without regard
 * to case, as the control plane keeps them.
 */

/** A record's row as reads and writes see it. */
export interface RecordRow {
  record_id: string;
  features: string;
  event_time: string;
  event_time_ms: number;
  expires_at: number | null;
  deleted: boolean;
}

/** A row the sweep removed, with its group's stored shape. */
export interface ExpiredRow extends RecordRow {
  account_id: string;
  region: string;
  group_name: string;
  shape: string | null;
}

const COLUMNS = 'record_id, features, event_time, event_time_ms, expires_at, deleted';
const GROUP = 'account_id = $1 AND region = $2 AND group_name = $3';

export const SQL = {
  get: `SELECT ${COLUMNS} FROM fs_records WHERE ${GROUP} AND record_id = $4`,
  getMany: `SELECT ${COLUMNS} FROM fs_records WHERE ${GROUP} AND record_id = ANY($4::text[])`,
  /** The record, locked until the write's transaction ends: concurrent writes of it queue here. */
  lock: `SELECT ${COLUMNS} FROM fs_records WHERE ${GROUP} AND record_id = $4 FOR UPDATE`,
  /**
   * A record where there was none. Nothing is written (and no row comes back) when another
   * transaction created it meanwhile: this one waits for that to commit, then judges against it.
   */
  create: `INSERT INTO fs_records (account_id, region, group_name, record_id, features, event_time, event_time_ms, expires_at, deleted)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING record_id`,
  /** Replaces the locked record. */
  replace: `UPDATE fs_records SET features = $5, event_time = $6, event_time_ms = $7, expires_at = $8, deleted = $9 WHERE ${GROUP} AND record_id = $4`,
  remove: `DELETE FROM fs_records WHERE ${GROUP} AND record_id = $4`,
  /** Stores the group's shape only when it is missing or differs, so an unchanged shape takes no lock. */
  saveShape: `INSERT INTO fs_record_groups (account_id, region, group_name, shape)
    SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM fs_record_groups WHERE ${GROUP} AND shape = $4)
    ON CONFLICT (account_id, region, group_name) DO UPDATE SET shape = EXCLUDED.shape`,
  shapeOf: `SELECT shape FROM fs_record_groups WHERE ${GROUP}`,
  /** A page of ids: after $4 (from the start when null), soft-deleted ones when $5, none expired at $6, at most $7. */
  list: `SELECT record_id FROM fs_records WHERE ${GROUP} AND ($4::text IS NULL OR record_id > $4::text) AND (NOT deleted OR $5::boolean)
    AND (expires_at IS NULL OR expires_at > $6) ORDER BY record_id LIMIT $7`,
  dropRecords: `DELETE FROM fs_records WHERE ${GROUP}`,
  dropShape: `DELETE FROM fs_record_groups WHERE ${GROUP}`,
  /**
   * Removes up to $2 records expired at $1, with their groups' shapes. SKIP LOCKED: a record a
   * write holds is that write's to judge (it expires it itself), and several processes' sweeps
   * share the work instead of queueing on each other.
   */
  expire: `WITH gone AS (
      DELETE FROM fs_records r USING (
        SELECT account_id, region, group_name, record_id FROM fs_records
         WHERE expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
      WHERE (r.account_id, r.region, r.group_name, r.record_id) = (due.account_id, due.region, due.group_name, due.record_id)
      RETURNING r.*)
    SELECT gone.*, g.shape FROM gone LEFT JOIN fs_record_groups g USING (account_id, region, group_name) ORDER BY gone.expires_at`,
} as const;

/** A row as the interface returns it. */
export function toRecord(r: RecordRow): OnlineRecord {
  return {
    recordId: r.record_id,
    features: JSON.parse(r.features) as Array<[string, FeatureValue]>,
    eventTime: r.event_time,
    eventTimeMs: r.event_time_ms,
    ...(r.expires_at !== null ? { expiresAt: new Date(r.expires_at) } : {}),
  };
}

/** Expired at `now`: hidden from reads, and gone (with its marker) before a write is judged. */
export function isExpired(r: RecordRow, now: Date): boolean {
  return r.expires_at !== null && r.expires_at <= now.getTime();
}

/** Not soft-deleted and not expired at `now`. */
export function isLive(r: RecordRow, now: Date): boolean {
  return !r.deleted && !isExpired(r, now);
}
