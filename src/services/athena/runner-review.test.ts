import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OffsetClock } from '../../core/clock.js';
import { rootPrincipal } from '../../core/principal.js';
import { ErrorCategory, QueryCancelled, QueryFailure, type QueryEngine, type QueryRequest, type QueryResult } from '../../query-engine/types.js';
import type { AthenaStore, QueryExecutionRecord } from '../../storage/athena.js';
import { openDatabase } from '../../storage/sqlite/database.js';
import { SqliteAthenaStore } from '../../storage/sqlite/athena-store.js';
import type { ServerState } from '../operation.js';
import { LocalLocks } from '../../core/keyed-lock.js';
import { AthenaQueryRunner, INTERRUPTED_REASON } from './runner.js';

/**
 * An engine whose statements run until the test settles them or their signal aborts them (as
 * DuckDbQueryEngine does): the runner's queueing, stopping and closing are what is under test.
 */
class GatedEngine implements QueryEngine {
  readonly maxResultBytes = 1024;
  readonly started: string[] = [];
  readonly #pending = new Map<string, { resolve: (r: QueryResult) => void; reject: (e: unknown) => void }>();

  execute(request: QueryRequest): Promise<QueryResult> {
    this.started.push(request.queryExecutionId);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.queryExecutionId, { resolve, reject });
      request.signal.addEventListener('abort', () => reject(new QueryCancelled('Query was cancelled')), { once: true });
    });
  }

  fail(id: string, e: unknown): void {
    this.#pending.get(id)!.reject(e);
  }

  async close(): Promise<void> {}
}

const ACCOUNT = '111111111111';
const principal = rootPrincipal(ACCOUNT, 'AKIAEXAMPLE');
let seq = 0;
const record = (): QueryExecutionRecord => ({
  id: `q-${++seq}`,
  accountId: ACCOUNT,
  region: 'us-east-1',
  workGroup: 'primary',
  query: 'SELECT 1',
  context: {},
  resultConfiguration: { OutputLocation: 's3://results/' },
  startedBy: principal.arn,
  state: 'QUEUED',
  submittedAt: new Date(),
});
const tick = () => new Promise((r) => setImmediate(r));
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

describe('Athena runner review: queue, stop, close, start wait', () => {
  let dir: string;
  let db: ReturnType<typeof openDatabase>;
  let athena: AthenaStore;
  let engine: GatedEngine;
  const stateOf = async (id: string) => (await athena.getExecution(ACCOUNT, 'us-east-1', id))?.state;
  const runner = (startWaitMs = 0, maxConcurrent = 2) => {
    const clock = new OffsetClock();
    const state = { athena, clock, queryEngine: engine, locks: new LocalLocks() } as unknown as ServerState;
    return new AthenaQueryRunner(() => state, { startWaitMs, maxConcurrent });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-runner-'));
    db = openDatabase(dir);
    athena = new SqliteAthenaStore(db, new OffsetClock());
    engine = new GatedEngine();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds queries past the limit QUEUED; one stopped while queued is CANCELLED at once, never runs, and leaves the queue', async () => {
    const r = runner(0, 2);
    const [a, b, c, d] = [record(), record(), record(), record()];
    for (const q of [a, b, c, d]) await r.submit(q, principal);
    await tick();
    assert.deepEqual(engine.started, [a.id, b.id]);
    assert.deepEqual(await Promise.all([a, b, c, d].map((q) => stateOf(q.id))), ['RUNNING', 'RUNNING', 'QUEUED', 'QUEUED']);
    await r.stop(c.id);
    assert.equal(await stateOf(c.id), 'CANCELLED');
    const t0 = Date.now();
    await r.waitFor(c.id, 2_000);
    assert.ok(Date.now() - t0 < 1_000, 'a stopped queued query does not wait for a slot to end');
    engine.fail(a.id, new QueryFailure(ErrorCategory.User, 1006, 'SYNTAX_ERROR: boom'));
    await r.waitFor(a.id, 1_000);
    await until(() => engine.started.length === 3);
    assert.deepEqual(engine.started, [a.id, b.id, d.id], 'the freed slot goes to the next live query, not the cancelled one');
    assert.equal(await stateOf(d.id), 'RUNNING');
    assert.equal(await stateOf(c.id), 'CANCELLED');
    await r.close();
  });

  it('a finished state is never overwritten: Stop after a failure leaves FAILED; a result after Stop leaves CANCELLED', async () => {
    const r = runner(0, 4);
    const [a, b] = [record(), record()];
    await r.submit(a, principal);
    await r.submit(b, principal);
    engine.fail(a.id, new QueryFailure(ErrorCategory.User, 1006, 'SYNTAX_ERROR: boom'));
    await r.waitFor(a.id, 1_000);
    assert.equal(await r.stop(a.id), undefined, 'a finished query is not stopped');
    assert.equal(await stateOf(a.id), 'FAILED');
    await r.stop(b.id);
    await r.waitFor(b.id, 1_000);
    assert.equal(await stateOf(b.id), 'CANCELLED');
    await r.close();
    assert.equal(await stateOf(b.id), 'CANCELLED', 'closing does not turn a stopped query into an interrupted one');
  });

  it('the start wait ends as soon as the query fails, not when the wait runs out', async () => {
    const r = runner(5_000, 4);
    const a = record();
    const t0 = Date.now();
    const submitted = r.submit(a, principal);
    await until(() => engine.started.includes(a.id));
    engine.fail(a.id, new QueryFailure(ErrorCategory.User, 1006, 'SYNTAX_ERROR: fast'));
    await submitted;
    assert.ok(Date.now() - t0 < 1_000);
    assert.equal(await stateOf(a.id), 'FAILED');
    assert.equal((await athena.getExecution(ACCOUNT, 'us-east-1', a.id))?.stateChangeReason, 'SYNTAX_ERROR: fast');
  });

  it('close ends running and queued queries FAILED (interrupted) and resolves', async () => {
    const r = runner(0, 1);
    const [a, b] = [record(), record()];
    await r.submit(a, principal);
    await r.submit(b, principal);
    await r.close();
    for (const q of [a, b]) {
      const after = (await athena.getExecution(ACCOUNT, 'us-east-1', q.id))!;
      assert.equal(after.state, 'FAILED');
      assert.equal(after.stateChangeReason, INTERRUPTED_REASON);
    }
    assert.deepEqual(engine.started, [a.id], 'the queued one never reached the engine');
  });

  it('a query whose final state cannot be recorded (database gone) does not become an unhandled rejection (which ends the process)', async () => {
    const r = runner(0, 1);
    const a = record();
    await r.submit(a, principal);
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => void rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      db.close();
      engine.fail(a.id, new QueryFailure(ErrorCategory.User, 1006, 'SYNTAX_ERROR: late'));
      // Nobody awaits the run here (a start wait of 0 has returned): only the runner can catch it.
      for (let i = 0; i < 5; i++) await tick();
    } finally {
      process.off('unhandledRejection', onRejection);
      db = openDatabase(dir);
    }
    assert.deepEqual(rejections, []);
  });

  it('a query submitted while or after the runner closes never reaches the engine and ends FAILED; close waits for it', async () => {
    const r = runner(0, 1);
    const a = record();
    await r.submit(a, principal);
    const closing = r.close();
    const late = record();
    await r.submit(late, principal);
    await closing;
    const after = record();
    await r.submit(after, principal);
    await r.close();
    assert.deepEqual(engine.started, [a.id]);
    for (const q of [a, late, after]) assert.equal(await stateOf(q.id), 'FAILED', q.id);
    assert.equal((await athena.getExecution(ACCOUNT, 'us-east-1', after.id))?.stateChangeReason, INTERRUPTED_REASON);
  });
});
