import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OffsetClock } from '../../core/clock.js';
import type { AwsError } from '../../core/errors.js';
import { rootPrincipal } from '../../core/principal.js';
import { QueryCancelled, type QueryEngine, type QueryRequest, type QueryResult } from '../../query-engine/types.js';
import type { AthenaStore, QueryExecutionRecord } from '../../storage/athena.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import { SqliteAthenaStore } from '../../storage/sqlite/athena-store.js';
import type { ServerState } from '../operation.js';
import { LocalLocks } from '../../core/keyed-lock.js';
import { AthenaQueryRunner, TIMEOUT_REASON, type AthenaRunnerOptions } from './runner.js';

/**
 * An engine whose statements run until their signal aborts them (as DuckDbQueryEngine does on
 * connection.interrupt()), or, with `ignoreAbort`, until the test lets them go: what is under
 * test is which query the runner starts when, and how it ends.
 */
class GatedEngine implements QueryEngine {
  readonly maxResultBytes = 1024;
  readonly started: string[] = [];
  readonly #release = new Map<string, (e: unknown) => void>();
  ignoreAbort = false;

  execute(request: QueryRequest): Promise<QueryResult> {
    this.started.push(request.queryExecutionId);
    return new Promise((_resolve, reject) => {
      this.#release.set(request.queryExecutionId, reject);
      if (!this.ignoreAbort) request.signal.addEventListener('abort', () => reject(new QueryCancelled('Query was cancelled')), { once: true });
    });
  }

  /** Ends a statement (as the engine does once an interrupt finally lands). */
  letGo(id: string): void {
    this.#release.get(id)?.(new QueryCancelled('Query was cancelled'));
  }

  async close(): Promise<void> {}
}

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
let seq = 0;
const record = (accountId: string): QueryExecutionRecord => ({
  id: `${accountId.slice(0, 1)}-${++seq}`,
  accountId,
  region: 'us-east-1',
  workGroup: 'primary',
  query: 'SELECT 1',
  context: {},
  resultConfiguration: { OutputLocation: 's3://results/' },
  startedBy: `arn:aws:iam::${accountId}:root`,
  state: 'QUEUED',
  submittedAt: new Date(),
});
const tick = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
/**
 * Resolves once `check` holds. A queued query reaches the engine only after its RUNNING is
 * recorded, which may take the store a round trip: the test waits for the event, not for a tick.
 */
async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`not so after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('Athena runner capacity: per-account limits, round robin, query timeout', () => {
  let dir: string;
  let db: ReturnType<typeof openDatabase>;
  let athena: AthenaStore;
  let engine: GatedEngine;
  const execution = async (q: QueryExecutionRecord) => (await athena.getExecution(q.accountId, 'us-east-1', q.id))!;
  const runner = (options: Omit<AthenaRunnerOptions, 'startWaitMs'>) => {
    const state = { athena, clock: new OffsetClock(), queryEngine: engine, locks: new LocalLocks() } as unknown as ServerState;
    return new AthenaQueryRunner(() => state, { startWaitMs: 0, ...options });
  };
  const submit = async (r: AthenaQueryRunner, ...queries: QueryExecutionRecord[]) => {
    for (const q of queries) await r.submit(q, rootPrincipal(q.accountId, 'AKIAEXAMPLE'));
    await tick();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-capacity-'));
    db = openDatabase(dir);
    athena = new SqliteAthenaStore(db, new OffsetClock());
    engine = new GatedEngine();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("account A filling its own limit with long queries leaves B's query running at once", async () => {
    const r = runner({ maxConcurrent: 4, maxConcurrentPerAccount: 2 });
    const as = [record(A), record(A), record(A), record(A), record(A)];
    await submit(r, ...as);
    assert.deepEqual(await Promise.all(as.map(async (q) => (await execution(q)).state)), ['RUNNING', 'RUNNING', 'QUEUED', 'QUEUED', 'QUEUED'], "A's backlog waits in A's own queue");
    const b = record(B);
    await submit(r, b);
    assert.equal((await execution(b)).state, 'RUNNING', "B's query did not wait behind A's");
    assert.deepEqual(engine.started, [as[0]!.id, as[1]!.id, b.id]);
    // A's next query starts only when one of A's own ends, not when a slot of B's frees.
    await r.stop(b.id);
    await r.waitFor(b.id, 1_000);
    await tick();
    assert.equal((await execution(as[2]!)).state, 'QUEUED', 'A stays within its own limit even with free machine slots');
    await r.stop(as[0]!.id);
    await r.waitFor(as[0]!.id, 1_000);
    await until(() => engine.started.includes(as[2]!.id));
    assert.equal((await execution(as[2]!)).state, 'RUNNING');
    await r.close();
  });

  it('gives freed slots round robin to the waiting account served longest ago, each account in its own order', async () => {
    const r = runner({ maxConcurrent: 2, maxConcurrentPerAccount: 2 });
    const [a1, a2, a3, a4, a5] = [record(A), record(A), record(A), record(A), record(A)];
    const [b1, b2] = [record(B), record(B)];
    const c1 = record(C);
    await submit(r, a1, a2, a3, a4, a5, b1, b2, c1);
    assert.deepEqual(engine.started, [a1.id, a2.id], 'the machine is full: everyone else waits');
    // Each time a running query ends, the next one to start shows the order of turns.
    const order: string[] = [];
    let running = [a1, a2];
    for (let i = 0; i < 6; i++) {
      const ending = running[0]!;
      const started = engine.started.length;
      await r.stop(ending.id);
      await r.waitFor(ending.id, 1_000);
      await until(() => engine.started.length > started);
      const next = engine.started.at(-1)!;
      order.push(next);
      running = [...running.slice(1), [a3, a4, a5, b1, b2, c1].find((q) => q.id === next)!];
    }
    assert.deepEqual(order, [b1.id, c1.id, a3.id, b2.id, a4.id, a5.id]);
    await r.close();
  });

  it('a stopped queued query leaves its account queue; the next of that account keeps its turn', async () => {
    const r = runner({ maxConcurrent: 1, maxConcurrentPerAccount: 1 });
    const [a1, a2, a3] = [record(A), record(A), record(A)];
    const b1 = record(B);
    await submit(r, a1, a2, a3, b1);
    await r.stop(a2.id);
    assert.equal((await execution(a2)).state, 'CANCELLED');
    await r.stop(a1.id);
    await r.waitFor(a1.id, 1_000);
    await until(() => engine.started.length === 2);
    assert.deepEqual(engine.started, [a1.id, b1.id], 'B, never served, goes before A again');
    await r.stop(b1.id);
    await r.waitFor(b1.id, 1_000);
    await until(() => engine.started.length === 3);
    assert.deepEqual(engine.started, [a1.id, b1.id, a3.id], 'the cancelled one never runs');
    await r.close();
  });

  it('a query running past the timeout is interrupted and ends FAILED with Athena\'s "Query timeout"; its slot goes to the next', async () => {
    const r = runner({ maxConcurrent: 1, maxConcurrentPerAccount: 1, queryTimeoutMs: 50 });
    const [a1, a2] = [record(A), record(A)];
    await submit(r, a1, a2);
    await r.waitFor(a1.id, 5_000);
    const failed = await execution(a1);
    assert.equal(failed.state, 'FAILED');
    assert.equal(failed.stateChangeReason, TIMEOUT_REASON);
    assert.deepEqual(failed.athenaError, { ErrorCategory: 1, ErrorType: 206, Retryable: false, ErrorMessage: 'Query timeout' });
    await until(() => engine.started.includes(a2.id));
    assert.equal((await execution(a2)).state, 'RUNNING', 'the queued query got the slot; its own timeout counts from now, not from when it was queued');
    await r.waitFor(a2.id, 5_000);
    assert.equal((await execution(a2)).state, 'FAILED');
    await r.close();
  });

  it('the timeout records FAILED at once even while the engine is slow to let go, and keeps the slot until it does', async () => {
    const r = runner({ maxConcurrent: 1, maxConcurrentPerAccount: 1, queryTimeoutMs: 50 });
    engine.ignoreAbort = true;
    const [a1, b1] = [record(A), record(B)];
    await submit(r, a1, b1);
    const t0 = Date.now();
    while ((await execution(a1)).state === 'RUNNING' && Date.now() - t0 < 5_000) await new Promise((res) => setTimeout(res, 10));
    assert.equal((await execution(a1)).state, 'FAILED');
    assert.equal((await execution(a1)).stateChangeReason, TIMEOUT_REASON);
    assert.equal((await execution(b1)).state, 'QUEUED', 'the engine still works on A: no second query on the machine');
    engine.ignoreAbort = false;
    engine.letGo(a1.id);
    await r.waitFor(a1.id, 1_000);
    await until(() => engine.started.includes(b1.id));
    assert.equal((await execution(b1)).state, 'RUNNING');
    assert.equal((await execution(a1)).state, 'FAILED', 'the late end of the engine does not overwrite FAILED');
    await r.stop(b1.id);
    await r.close();
  });

  it('a query that could not be recorded gives its slot back', async () => {
    let failNext = true;
    const flaky = new Proxy(athena, {
      get: (target, key) =>
        key === 'insertExecution'
          ? async (rec: QueryExecutionRecord) => {
              if (failNext) {
                failNext = false;
                throw new Error('database is closed');
              }
              return target.insertExecution(rec);
            }
          : Reflect.get(target, key, target),
    });
    const state = { athena: flaky, clock: new OffsetClock(), queryEngine: engine, locks: new LocalLocks() } as unknown as ServerState;
    const r = new AthenaQueryRunner(() => state, { startWaitMs: 0, maxConcurrent: 1, maxConcurrentPerAccount: 1 });
    await assert.rejects(r.submit(record(A), rootPrincipal(A, 'AKIAEXAMPLE')), /database is closed/);
    const a1 = record(A);
    await submit(r, a1);
    assert.equal((await execution(a1)).state, 'RUNNING', 'the one slot was not lost to the query that never was');
    await r.close();
  });

  it("past the account's active-query cap (running + queued) StartQueryExecution is TooManyRequestsException; other accounts are not counted", async () => {
    const r = runner({ maxConcurrent: 4, maxConcurrentPerAccount: 1, maxActivePerAccount: 2 });
    const [a1, a2, a3] = [record(A), record(A), record(A)];
    await submit(r, a1, a2);
    await assert.rejects(r.submit(a3, rootPrincipal(A, 'AKIAEXAMPLE')), (e: AwsError) => {
      assert.deepEqual([e.code, e.status, e.fields], ['TooManyRequestsException', 400, { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' }]);
      assert.match(e.message, /^You have exceeded the limit for the number of queries you can run concurrently\./);
      return true;
    });
    assert.equal(await athena.getExecution(A, 'us-east-1', a3.id), undefined, 'nothing recorded');
    const b1 = record(B);
    await submit(r, b1);
    assert.equal((await execution(b1)).state, 'RUNNING');
    await r.stop(a2.id);
    await r.waitFor(a2.id, 1_000);
    await submit(r, a3);
    assert.equal((await execution(a3)).state, 'QUEUED', 'a stopped queued query no longer counts');
    await r.close();
  });

  it('Stop before the timeout leaves CANCELLED; a query that ends in time is not touched by its timer', async () => {
    const r = runner({ maxConcurrent: 2, maxConcurrentPerAccount: 2, queryTimeoutMs: 100 });
    const a1 = record(A);
    await submit(r, a1);
    await r.stop(a1.id);
    await r.waitFor(a1.id, 1_000);
    await new Promise((res) => setTimeout(res, 150));
    assert.equal((await execution(a1)).state, 'CANCELLED');
    await r.close();
  });
});
