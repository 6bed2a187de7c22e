import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { FeatureValue, OnlineRecord } from '../feature-store.js';
import type { CachedRow } from './featurestore-records-cache.js';
import { prepare, type Statement } from './node-sqlite.js';

/** A record's row as reads and writes see it. */
export interface RecordRow {
  record_id: string;
  features: string;
  event_time: string;
  event_time_ms: number;
  expires_at: number | null;
  deleted: number;
}

/** A row found expired by the sweep, with its group's stored shape. */
export interface ExpiredRow extends RecordRow {
  account_id: string;
  region: string;
  group_name: string;
  shape: string | null;
}

const COLUMNS = 'record_id, features, event_time, event_time_ms, expires_at, deleted';

/** A row parsed once, as the cache keeps it. */
export function toCached(r: RecordRow): CachedRow {
  const record: OnlineRecord = {
    recordId: r.record_id,
    features: JSON.parse(r.features) as Array<[string, FeatureValue]>,
    eventTime: r.event_time,
    eventTimeMs: r.event_time_ms,
    ...(r.expires_at !== null ? { expiresAt: new Date(r.expires_at) } : {}),
  };
  return { record, deleted: r.deleted === 1, expiresAt: r.expires_at };
}

type Key = [string, string, string];
type Stmt<P extends SQLInputValue[] = SQLInputValue[], R = unknown> = Statement<P, R>;

/** The record store's prepared statements; group names are stored lower-cased by the caller. */
export interface RecordStatements {
  get: Stmt<[...Key, string], RecordRow>;
  getMany: Stmt<[...Key, string], RecordRow>;
  upsert: Stmt;
  remove: Stmt;
  upsertShape: Stmt;
  dropRecords: Stmt;
  dropShape: Stmt;
  expired: Stmt<[number, number], ExpiredRow>;
  shapeOf: Stmt<Key, { shape: string }>;
  /** A page of ids: after ($4, or from the start when null), soft-deleted ones when $5 is 1, none expired at $6, at most $7. */
  list: Stmt<[...Key, string | null, number, number, number], { record_id: string }>;
}

export function recordStatements(db: DatabaseSync): RecordStatements {
  const where = 'account_id = ? AND region = ? AND group_name = ?';
  return {
    get: prepare<[string, string, string, string], RecordRow>(db, `SELECT ${COLUMNS} FROM fs_records WHERE ${where} AND record_id = ?`),
    getMany: prepare<[string, string, string, string], RecordRow>(db,
      `SELECT ${COLUMNS} FROM fs_records WHERE ${where} AND record_id IN (SELECT value FROM json_each(?))`,
    ),
    upsert: db.prepare(
      `INSERT OR REPLACE INTO fs_records (account_id, region, group_name, record_id, features, event_time, event_time_ms, expires_at, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    remove: db.prepare(`DELETE FROM fs_records WHERE ${where} AND record_id = ?`),
    upsertShape: db.prepare('INSERT OR REPLACE INTO fs_record_groups (account_id, region, group_name, shape) VALUES (?, ?, ?, ?)'),
    dropRecords: db.prepare(`DELETE FROM fs_records WHERE ${where}`),
    dropShape: db.prepare(`DELETE FROM fs_record_groups WHERE ${where}`),
    expired: prepare<[number, number], ExpiredRow>(db,
      `SELECT r.*, g.shape FROM fs_records r LEFT JOIN fs_record_groups g USING (account_id, region, group_name)
       WHERE r.expires_at IS NOT NULL AND r.expires_at <= ? ORDER BY r.expires_at LIMIT ?`,
    ),
    shapeOf: prepare<[string, string, string], { shape: string }>(db, `SELECT shape FROM fs_record_groups WHERE ${where}`),
    list: prepare<[string, string, string, string | null, number, number, number], { record_id: string }>(db,
      `SELECT record_id FROM fs_records WHERE ${where} AND (?4 IS NULL OR record_id > ?4) AND (deleted = 0 OR ?5 = 1)
       AND (expires_at IS NULL OR expires_at > ?6) ORDER BY record_id LIMIT ?7`,
    ),
  };
}
