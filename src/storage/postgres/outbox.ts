import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { FeatureValue, NewOutboxRow, OfflineOutbox, OutboxClaim, OutboxGroupRef, OutboxRow } from '../feature-store.js';
import type { PgDatabase, Queryable } from './database.js';

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
  is_deleted: boolean;
}

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
    isDeleted: r.is_deleted,
  };
}

const bySequence = (a: OutboxRow, b: OutboxRow) => a.sequence - b.sequence;
const ROW_COLUMNS = 'sequence, account_id, region, group_name, group_created_at, record_values, event_time, write_time, api_invocation_time, is_deleted';
const GROUP = 'account_id = $1 AND region = $2 AND group_name = $3 AND group_created_at = $4';
const groupParams = (g: OutboxGroupRef) => [g.accountId, g.region, g.featureGroupName, g.featureGroupCreatedAt.getTime()];
const limitOf = (n: number) => Math.max(0, Math.floor(n));
const systemClock: Clock = { now: () => new Date() };

// The distinct groups by skipping along fs_outbox_by_group (a loose index scan): one index seek
// per group, however many rows each holds, where DISTINCT would read a whole backlog each pass.
const PENDING_GROUPS = `
  WITH RECURSIVE g AS (
    (SELECT account_id, region, group_name, group_created_at FROM fs_outbox
      ORDER BY account_id, region, group_name, group_created_at LIMIT 1)
    UNION ALL
    SELECT n.* FROM g CROSS JOIN LATERAL (
      SELECT o.account_id, o.region, o.group_name, o.group_created_at FROM fs_outbox o
       WHERE (o.account_id, o.region, o.group_name, o.group_created_at) > (g.account_id, g.region, g.group_name, g.group_created_at)
       ORDER BY o.account_id, o.region, o.group_name, o.group_created_at LIMIT 1) n
  )
  SELECT * FROM g`;

// The group's claim: a new one, or one whose lease has run out (taken over under a new token).
// ON CONFLICT serialises two claimants of one group: the second waits for the first to commit,
// then finds a live lease and gets no row back.
const TAKE_CLAIM = `
  INSERT INTO fs_outbox_batches (account_id, region, group_name, group_created_at, claim_token, claimant, claimed_until)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (account_id, region, group_name, group_created_at) DO UPDATE
    SET claim_token = EXCLUDED.claim_token, claimant = EXCLUDED.claimant, claimed_until = EXCLUDED.claimed_until
    WHERE fs_outbox_batches.claimed_until <= $8
  RETURNING batch_id`;

/**
 * The offline outbox in PostgreSQL, shared by every server process: the record stores append to
 * it inside their write transactions ({@link append} takes the transaction's client), and the
 * offline writers of all processes drain it through claims (see {@link OfflineOutbox.claim}).
 * Leases are judged by `clock`, each process's own (the system clock unless given): keep the
 * hosts' clocks in step (NTP), and leases far longer than any skew.
 */
export class PgOfflineOutbox implements OfflineOutbox {
  readonly #clock: Clock;

  constructor(private readonly db: PgDatabase, opts: { clock?: Clock } = {}) {
    this.#clock = opts.clock ?? systemClock;
  }

  /** Appends a row and returns its sequence; `q` is the client of the write's transaction. */
  async append(q: Queryable, row: NewOutboxRow): Promise<number> {
    const [sequence] = await this.appendMany(q, [row]);
    return sequence!;
  }

  /** Appends rows in one statement and returns their sequences, in order. */
  async appendMany(q: Queryable, rows: readonly NewOutboxRow[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const column = <T>(f: (r: NewOutboxRow) => T) => rows.map(f);
    const r = await q.query<{ sequence: number }>(
      `INSERT INTO fs_outbox (account_id, region, group_name, group_created_at, record_values, event_time, write_time, api_invocation_time, is_deleted)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::boolean[])
       RETURNING sequence`,
      [
        column((x) => x.accountId),
        column((x) => x.region),
        column((x) => x.featureGroupName),
        column((x) => x.featureGroupCreatedAt.getTime()),
        column((x) => JSON.stringify(x.values)),
        column((x) => x.eventTime),
        column((x) => x.writeTime.getTime()),
        column((x) => x.apiInvocationTime.getTime()),
        column((x) => x.isDeleted),
      ],
    );
    return r.rows.map((x) => x.sequence).sort((a, b) => a - b);
  }

  async pending(limit: number): Promise<OutboxRow[]> {
    const r = await this.db.query<OutboxDbRow>(`SELECT ${ROW_COLUMNS} FROM fs_outbox ORDER BY sequence LIMIT $1`, [limitOf(limit)]);
    return r.rows.map(fromDb);
  }

  async pendingGroups(): Promise<OutboxGroupRef[]> {
    const r = await this.db.query<{ account_id: string; region: string; group_name: string; group_created_at: number }>(PENDING_GROUPS);
    return r.rows.map((g) => ({ accountId: g.account_id, region: g.region, featureGroupName: g.group_name, featureGroupCreatedAt: new Date(g.group_created_at) }));
  }

  async pendingOf(group: OutboxGroupRef, limit: number): Promise<OutboxRow[]> {
    const r = await this.db.query<OutboxDbRow>(`SELECT ${ROW_COLUMNS} FROM fs_outbox WHERE ${GROUP} ORDER BY sequence LIMIT $5`, [...groupParams(group), limitOf(limit)]);
    return r.rows.map(fromDb);
  }

  async acknowledge(sequences: readonly number[]): Promise<void> {
    if (sequences.length > 0) await this.db.query('DELETE FROM fs_outbox WHERE sequence = ANY($1::bigint[])', [[...sequences]]);
  }

  claim(group: OutboxGroupRef, claimant: string, limit: number, leaseMs: number): Promise<OutboxClaim | undefined> {
    const now = this.#clock.now().getTime();
    const token = randomUUID();
    return this.db.transaction(async (c) => {
      const taken = await c.query<{ batch_id: number }>(TAKE_CLAIM, [...groupParams(group), token, claimant, now + leaseMs, now]);
      const batch = taken.rows[0]?.batch_id;
      if (batch === undefined) return undefined;
      // Taken over: exactly the rows its previous holder did not acknowledge.
      let rows = (await c.query<OutboxDbRow>(`SELECT ${ROW_COLUMNS} FROM fs_outbox WHERE batch_id = $1`, [batch])).rows;
      if (rows.length === 0) {
        // A new claim (or one with nothing left): the group's oldest unclaimed rows. Holding the
        // group's claim row locked, no other claimant can be assigning this group's rows.
        rows = (await c.query<OutboxDbRow>(
          `UPDATE fs_outbox SET batch_id = $5 WHERE sequence IN (
             SELECT sequence FROM fs_outbox WHERE ${GROUP} AND batch_id IS NULL ORDER BY sequence LIMIT $6)
           RETURNING ${ROW_COLUMNS}`,
          [...groupParams(group), batch, limitOf(limit)],
        )).rows;
      }
      if (rows.length === 0) {
        await c.query('DELETE FROM fs_outbox_batches WHERE batch_id = $1', [batch]);
        return undefined;
      }
      return { token, group: { ...group }, rows: rows.map(fromDb).sort(bySequence), until: new Date(now + leaseMs) };
    });
  }

  async renew(claim: OutboxClaim, leaseMs: number): Promise<boolean> {
    const until = this.#clock.now().getTime() + leaseMs;
    const r = await this.db.query('UPDATE fs_outbox_batches SET claimed_until = $2 WHERE claim_token = $1', [claim.token, until]);
    return r.rowCount === 1;
  }

  acknowledgeClaimed(claim: OutboxClaim, sequences: readonly number[]): Promise<boolean> {
    return this.db.transaction(async (c) => {
      // Locked, so a takeover waits for this acknowledgement and then sees what is left.
      const held = await c.query<{ batch_id: number }>('SELECT batch_id FROM fs_outbox_batches WHERE claim_token = $1 FOR UPDATE', [claim.token]);
      const batch = held.rows[0]?.batch_id;
      if (batch === undefined) return false;
      await c.query('DELETE FROM fs_outbox WHERE batch_id = $1 AND sequence = ANY($2::bigint[])', [batch, [...sequences]]);
      // Every row acknowledged: the claim is done, and the group's next claim takes new rows.
      await c.query('DELETE FROM fs_outbox_batches WHERE batch_id = $1 AND NOT EXISTS (SELECT 1 FROM fs_outbox WHERE batch_id = $1)', [batch]);
      return true;
    });
  }

  async release(claim: OutboxClaim): Promise<void> {
    await this.db.query('UPDATE fs_outbox_batches SET claim_token = $2, claimed_until = 0 WHERE claim_token = $1', [claim.token, randomUUID()]);
  }

  /** How many rows wait for the writers (for status and tests). */
  async size(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM fs_outbox');
    return r.rows[0]!.n;
  }
}
