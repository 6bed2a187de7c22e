import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { PRIMARY_WORK_GROUP, type QueryExecutionRecord } from '../athena.js';
import { runAthenaStoreContract } from '../athena.contract.js';
import { PgAthenaStore } from './athena-store.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runAthenaStoreContract('PostgreSQL', async () => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE athena_work_groups, athena_query_executions');
  const now = new Date(7_000);
  return { store: new PgAthenaStore(t.db, new FixedClock(now)), now, close: async () => undefined };
});

const A = '111111111111';
const R = 'us-east-1';
const ERROR = { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'owner gone' };

function execution(id: string, over: Partial<QueryExecutionRecord> = {}): QueryExecutionRecord {
  return {
    id, accountId: A, region: R, workGroup: PRIMARY_WORK_GROUP, query: 'SELECT 1', context: {}, resultConfiguration: {},
    startedBy: `arn:aws:iam::${A}:root`, state: 'RUNNING', submittedAt: new Date(1_000), ...over,
  };
}

describe('PostgreSQL Athena store: several processes', () => {
  it('makes primary once, fails each orphan once, and lets one process finish an execution another stops', async () => {
    const t = await openTestDatabase();
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const clock = new FixedClock(new Date(5_000));
      const [a, b] = [new PgAthenaStore(t.db, clock), new PgAthenaStore(other, clock)];
      const primaries = await Promise.all([a.getWorkGroup(A, R, PRIMARY_WORK_GROUP), b.listWorkGroups(A, R), b.getWorkGroup(A, R, PRIMARY_WORK_GROUP)]);
      assert.equal(primaries[0]?.name, PRIMARY_WORK_GROUP);
      assert.deepEqual(primaries[1].map((w) => w.name), [PRIMARY_WORK_GROUP]);
      assert.equal(primaries[2]?.name, PRIMARY_WORK_GROUP);

      // Process "dead" left eight executions; "a" runs one and keeps beating.
      const orphans = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8'];
      for (const id of orphans) await a.insertExecution(execution(id, { owner: 'dead', heartbeatAt: new Date(1_000) }));
      await a.insertExecution(execution('mine', { owner: 'a', heartbeatAt: new Date(1_000) }));
      assert.deepEqual(await a.heartbeat('a', new Date(4_000)), ['mine']);
      const counts = await Promise.all([a.failOrphaned(new Date(6_000), 3_000, 'owner gone', ERROR), b.failOrphaned(new Date(6_001), 3_000, 'owner gone', ERROR)]);
      assert.equal(counts[0] + counts[1], orphans.length);
      for (const id of orphans) assert.equal((await b.getExecution(A, R, id))?.state, 'FAILED');
      assert.equal((await b.getExecution(A, R, 'mine'))?.state, 'RUNNING');

      // StopQueryExecution lands on b while a finishes the query: exactly one of them moves it on.
      const [stopped, finished] = await Promise.all([
        b.transitionExecution('mine', ['QUEUED', 'RUNNING'], { state: 'CANCELLED', completedAt: new Date(6_500) }),
        a.transitionExecution('mine', ['RUNNING'], { state: 'SUCCEEDED', completedAt: new Date(6_500) }),
      ]);
      assert.equal([stopped, finished].filter((r) => r !== undefined).length, 1);
      assert.deepEqual(await a.heartbeat('a', new Date(7_000)), [], 'a learns from its heartbeat that the execution is no longer its to run');
    } finally {
      await other.close();
      await t.close();
    }
  });
});
