import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import type { FeatureValue, NewOutboxRow, OfflineOutbox, OutboxClaim, OutboxGroupRef, OutboxRow } from '../feature-store.js';
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

export type { NewOutboxRow };

/** A group's claim as this process holds it: the lease, and the rows it still has to acknowledge. */
interface HeldClaim {
  token: string;
  claimant: string;
  until: number;
  sequences: Set<number>;
}

const groupKey = (g: OutboxGroupRef) => `${g.accountId}\u0000${g.region}\u0000${g.featureGroupName}\u0000${g.featureGroupCreatedAt.getTime()}`;
const systemClock: Clock = { now: () => new Date() };

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
 *
 * Claims live in this process's memory: a SQLite data directory has one server process (it is
 * locked), so every writer that can claim is in here, and a restart, which ends every writer,
 * rightly ends every claim. Leases are judged by `clock` (the system clock unless given).
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
  readonly #rowsOf;
  /** Claims by group key ({@link groupKey}). */
  readonly #claims = new Map<string, HeldClaim>();
  readonly #clock: Clock;

  constructor(db: DatabaseSync, opts: { clock?: Clock } = {}) {
    this.#clock = opts.clock ?? systemClock;
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
    this.#rowsOf = prepare<[string], OutboxDbRow>(db, 'SELECT * FROM fs_outbox WHERE sequence IN (SELECT value FROM json_each(?)) ORDER BY sequence');
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

  pending(limit: number): Promise<OutboxRow[]> {
    return settle(() => this.#pending.all(Math.max(0, Math.floor(limit))).map(fromDb));
  }

  pendingAfter(sequence: number, limit: number): Promise<OutboxRow[]> {
    return settle(() => this.#pendingAfter.all(sequence, Math.max(0, Math.floor(limit))).map(fromDb));
  }

  pendingGroups(): Promise<OutboxGroupRef[]> {
    return settle(() => {
      const out: OutboxGroupRef[] = [];
      for (let g = this.#firstGroup.get(); g; g = this.#nextGroup.get(g.account_id, g.region, g.group_name, g.group_created_at)) {
        out.push({ accountId: g.account_id, region: g.region, featureGroupName: g.group_name, featureGroupCreatedAt: new Date(g.group_created_at) });
      }
      return out;
    });
  }

  pendingOf(group: OutboxGroupRef, limit: number): Promise<OutboxRow[]> {
    return settle(() => this.#oldestOf(group, limit));
  }

  acknowledge(sequences: readonly number[]): Promise<void> {
    return settle(() => {
      if (sequences.length > 0) this.#ack(sequences);
    });
  }

  claim(group: OutboxGroupRef, claimant: string, limit: number, leaseMs: number): Promise<OutboxClaim | undefined> {
    return settle(() => {
      const key = groupKey(group);
      const now = this.#clock.now().getTime();
      const held = this.#claims.get(key);
      if (held && held.until > now) return undefined;
      // A lapsed or released claim is taken over whole: the rows it has left, and no others.
      let rows = held ? this.#rowsOf.all(JSON.stringify([...held.sequences])).map(fromDb) : [];
      if (rows.length === 0) rows = this.#oldestOf(group, limit);
      if (rows.length === 0) {
        this.#claims.delete(key);
        return undefined;
      }
      const claim: HeldClaim = { token: randomUUID(), claimant, until: now + leaseMs, sequences: new Set(rows.map((r) => r.sequence)) };
      this.#claims.set(key, claim);
      return { token: claim.token, group: { ...group }, rows, until: new Date(claim.until) };
    });
  }

  renew(claim: OutboxClaim, leaseMs: number): Promise<boolean> {
    return settle(() => {
      const held = this.#held(claim);
      if (held) held.until = this.#clock.now().getTime() + leaseMs;
      return held !== undefined;
    });
  }

  acknowledgeClaimed(claim: OutboxClaim, sequences: readonly number[]): Promise<boolean> {
    return settle(() => {
      const held = this.#held(claim);
      if (!held) return false;
      const mine = sequences.filter((s) => held.sequences.has(s));
      if (mine.length > 0) this.#ack(mine);
      for (const s of mine) held.sequences.delete(s);
      // Every row acknowledged: the claim is done, and the group's next claim takes new rows.
      if (held.sequences.size === 0) this.#claims.delete(groupKey(claim.group));
      return true;
    });
  }

  release(claim: OutboxClaim): Promise<void> {
    return settle(() => {
      const held = this.#held(claim);
      if (!held) return;
      held.token = randomUUID();
      held.until = 0;
    });
  }

  /** How many rows wait for the writer (for status and tests). */
  size(): Promise<number> {
    return settle(() => this.#count.get()!.n);
  }

  #oldestOf(group: OutboxGroupRef, limit: number): OutboxRow[] {
    const { accountId, region, featureGroupName, featureGroupCreatedAt } = group;
    return this.#pendingOf.all(accountId, region, featureGroupName, featureGroupCreatedAt.getTime(), Math.max(0, Math.floor(limit))).map(fromDb);
  }

  /** The claim as held, if `claim`'s token still holds it. */
  #held(claim: OutboxClaim): HeldClaim | undefined {
    const held = this.#claims.get(groupKey(claim.group));
    return held?.token === claim.token ? held : undefined;
  }
}

/** `fn`'s result as a promise, its throw as a rejection, as a network store's would be. */
function settle<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}
