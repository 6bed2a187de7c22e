import type { DatabaseSync } from 'node:sqlite';
import type { FeatureValue, OfflineOutbox, OutboxGroupRef, OutboxRow } from '../feature-store.js';
import { prepare, transaction } from './node-sqlite.js';

interface OutboxDbRow {
  sequence: number;
  account_id: string;
  region: string;
  group_name: string;
  group_created_at: number;
  record_values: string;
  event_time: string;
  write_time: number;
  api_invocation_time: number;
  is_deleted: number;
}

interface GroupDbRow {
  account_id: string;
  region: string;
  group_name: string;
  group_created_at: number;
}

/** An outbox row before it has its sequence. */
export type NewOutboxRow = Omit<OutboxRow, 'sequence'>;

function fromDb(r: OutboxDbRow): OutboxRow {
  return {
    sequence: r.sequence,
    accountId: r.account_id,
    region: r.region,
    featureGroupName: r.group_name,
    featureGroupCreatedAt: new Date(r.group_created_at),
    values: JSON.parse(r.record_values) as Record<string, FeatureValue | null>,
    eventTime: r.event_time,
    writeTime: new Date(r.write_time),
    apiInvocationTime: new Date(r.api_invocation_time),
    isDeleted: r.is_deleted === 1,
  };
}

/**
 * The offline outbox in SQLite (table `fs_outbox`). The record store appends to it inside its
 * own transactions ({@link SqliteOfflineOutbox.append} joins whatever transaction is open); the
 * offline-store writer reads it in order and acknowledges what it has stored in S3.
 */
export class SqliteOfflineOutbox implements OfflineOutbox {
  readonly #insert;
  readonly #pending;
  readonly #pendingAfter;
  readonly #ack;
  readonly #count;
  readonly #firstGroup;
  readonly #nextGroup;
  readonly #pendingOf;

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare(
      `INSERT INTO fs_outbox (account_id, region, group_name, group_created_at, record_values, event_time, write_time, api_invocation_time, is_deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#pending = prepare<[number], OutboxDbRow>(db, 'SELECT * FROM fs_outbox ORDER BY sequence LIMIT ?');
    this.#pendingAfter = prepare<[number, number], OutboxDbRow>(db, 'SELECT * FROM fs_outbox WHERE sequence > ? ORDER BY sequence LIMIT ?');
    const del = db.prepare('DELETE FROM fs_outbox WHERE sequence = ?');
    this.#ack = transaction(db, (sequences: readonly number[]) => {
      for (const s of sequences) del.run(s);
    });
    this.#count = prepare<[], { n: number }>(db, 'SELECT count(*) AS n FROM fs_outbox');
    // Distinct groups by skipping along the index fs_outbox_by_group: one seek per group, however
    // many rows each holds (a GROUP BY would read every row of a 100k-row backlog each pass).
    const groupColumns = 'SELECT account_id, region, group_name, group_created_at FROM fs_outbox';
    const groupOrder = 'ORDER BY account_id, region, group_name, group_created_at LIMIT 1';
    this.#firstGroup = prepare<[], GroupDbRow>(db, `${groupColumns} ${groupOrder}`);
    this.#nextGroup = prepare<[string, string, string, number], GroupDbRow>(db,
      `${groupColumns} WHERE (account_id, region, group_name, group_created_at) > (?, ?, ?, ?) ${groupOrder}`,
    );
    this.#pendingOf = prepare<[string, string, string, number, number], OutboxDbRow>(db,
      'SELECT * FROM fs_outbox WHERE account_id = ? AND region = ? AND group_name = ? AND group_created_at = ? ORDER BY sequence LIMIT ?',
    );
  }

  /** Appends a row and returns its sequence. Call inside the transaction of the write that caused it. */
  append(row: NewOutboxRow): number {
    const r = this.#insert.run(
      row.accountId,
      row.region,
      row.featureGroupName,
      row.featureGroupCreatedAt.getTime(),
      JSON.stringify(row.values),
      row.eventTime,
      row.writeTime.getTime(),
      row.apiInvocationTime.getTime(),
      row.isDeleted ? 1 : 0,
    );
    return Number(r.lastInsertRowid);
  }

  pending(limit: number): OutboxRow[] {
    return this.#pending.all(Math.max(0, Math.floor(limit))).map(fromDb);
  }

  pendingAfter(sequence: number, limit: number): OutboxRow[] {
    return this.#pendingAfter.all(sequence, Math.max(0, Math.floor(limit))).map(fromDb);
  }

  pendingGroups(): OutboxGroupRef[] {
    const out: OutboxGroupRef[] = [];
    for (let g = this.#firstGroup.get(); g; g = this.#nextGroup.get(g.account_id, g.region, g.group_name, g.group_created_at)) {
      out.push({ accountId: g.account_id, region: g.region, featureGroupName: g.group_name, featureGroupCreatedAt: new Date(g.group_created_at) });
    }
    return out;
  }

  pendingOf(group: OutboxGroupRef, limit: number): OutboxRow[] {
    const { accountId, region, featureGroupName, featureGroupCreatedAt } = group;
    return this.#pendingOf.all(accountId, region, featureGroupName, featureGroupCreatedAt.getTime(), Math.max(0, Math.floor(limit))).map(fromDb);
  }

  acknowledge(sequences: readonly number[]): void {
    if (sequences.length > 0) this.#ack(sequences);
  }

  /** How many rows wait for the writer (for status and tests). */
  size(): number {
    return this.#count.get()!.n;
  }
}
