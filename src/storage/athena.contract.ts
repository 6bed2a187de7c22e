import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PRIMARY_WORK_GROUP, WorkGroupExistsError, type AthenaStore, type QueryExecutionRecord, type WorkGroupRecord } from './athena.js';

/** A fresh, empty store whose clock reads `now`, and how to let it go. */
export interface AthenaStoreFixture {
  store: AthenaStore;
  now: Date;
  close(): void;
}

const A = '111111111111';
const B = '222222222222';
const R = 'us-east-1';

function execution(id: string, over: Partial<QueryExecutionRecord> = {}): QueryExecutionRecord {
  return {
    id,
    accountId: A,
    region: R,
    workGroup: PRIMARY_WORK_GROUP,
    query: 'SELECT 1',
    context: {},
    resultConfiguration: { OutputLocation: 's3://results/' },
    startedBy: `arn:aws:iam::${A}:root`,
    state: 'QUEUED',
    submittedAt: new Date(1_000),
    ...over,
  };
}

function workGroup(name: string, over: Partial<WorkGroupRecord> = {}): WorkGroupRecord {
  return { accountId: A, region: R, name, state: 'ENABLED', configuration: {}, tags: [], createdAt: new Date(2_000), ...over };
}

/**
 * The behaviour every {@link AthenaStore} implementation must have. Run it from the
 * implementation's own test file with a factory that opens an empty store.
 *
 * @example
 * runAthenaStoreContract('SQLite', () => openTempSqliteAthenaStore());
 */
export function runAthenaStoreContract(implementation: string, open: () => AthenaStoreFixture): void {
  const withStore = (fn: (f: AthenaStoreFixture) => void) => () => {
    const f = open();
    try {
      fn(f);
    } finally {
      f.close();
    }
  };

  describe(`AthenaStore contract: ${implementation}`, () => {
    it('has a primary work group in every account and region without creating it, enabled and without an output location', withStore(({ store, now }) => {
      const p = store.getWorkGroup(A, R, PRIMARY_WORK_GROUP);
      assert.equal(p?.state, 'ENABLED');
      assert.equal(p?.configuration.ResultConfiguration?.OutputLocation, undefined);
      assert.equal(p?.configuration.EnforceWorkGroupConfiguration, false);
      assert.deepEqual(p?.createdAt, now);
      assert.deepEqual(store.listWorkGroups(B, 'eu-west-1').map((w) => w.name), [PRIMARY_WORK_GROUP]);
      assert.throws(() => store.createWorkGroup(workGroup(PRIMARY_WORK_GROUP)), WorkGroupExistsError);
    }));

    it('creates, replaces, lists and deletes work groups per account and region', withStore(({ store }) => {
      store.createWorkGroup(workGroup('analysts', { description: 'd', configuration: { ResultConfiguration: { OutputLocation: 's3://r/a/' } }, tags: [{ Key: 'k', Value: 'v' }] }));
      assert.throws(() => store.createWorkGroup(workGroup('analysts')), WorkGroupExistsError);
      store.createWorkGroup(workGroup('analysts', { accountId: B }));
      const got = store.getWorkGroup(A, R, 'analysts')!;
      assert.equal(got.description, 'd');
      assert.deepEqual(got.tags, [{ Key: 'k', Value: 'v' }]);
      assert.deepEqual(got.createdAt, new Date(2_000));
      assert.equal(store.getWorkGroup(A, 'eu-west-1', 'analysts'), undefined, 'regions are apart');
      assert.ok(store.putWorkGroup({ ...got, state: 'DISABLED', configuration: {} }));
      assert.equal(store.getWorkGroup(A, R, 'analysts')?.state, 'DISABLED');
      assert.deepEqual(store.getWorkGroup(A, R, 'analysts')?.configuration, {});
      assert.equal(store.putWorkGroup(workGroup('nope')), false);
      assert.deepEqual(store.listWorkGroups(A, R).map((w) => w.name), ['analysts', PRIMARY_WORK_GROUP]);
      assert.ok(store.deleteWorkGroup(A, R, 'analysts'));
      assert.equal(store.deleteWorkGroup(A, R, 'analysts'), false);
      assert.ok(store.getWorkGroup(B, R, 'analysts'), "the other account's is still there");
    }));

    it('keeps executions per account and region, finds them by client token, lists a work group newest first', withStore(({ store }) => {
      store.insertExecution(execution('q1', { clientRequestToken: 't1', submittedAt: new Date(1_000) }));
      store.insertExecution(execution('q2', { submittedAt: new Date(3_000), context: { Database: 'db', Catalog: 'AwsDataCatalog' } }));
      store.insertExecution(execution('q3', { submittedAt: new Date(3_000) }));
      store.insertExecution(execution('q4', { workGroup: 'other' }));
      assert.deepEqual(store.getExecution(A, R, 'q2'), execution('q2', { submittedAt: new Date(3_000), context: { Database: 'db', Catalog: 'AwsDataCatalog' } }));
      assert.equal(store.getExecution(B, R, 'q1'), undefined, "another account does not see it");
      assert.equal(store.getExecution(A, 'eu-west-1', 'q1'), undefined);
      assert.equal(store.findExecutionByToken(A, R, 't1')?.id, 'q1');
      assert.equal(store.findExecutionByToken(B, R, 't1'), undefined);
      assert.deepEqual(store.listExecutionIds(A, R, PRIMARY_WORK_GROUP), ['q3', 'q2', 'q1']);
      assert.deepEqual(store.listExecutionIds(A, R, 'other'), ['q4']);
    }));

    it('moves an execution through its states only from the states allowed, keeping dates and results', withStore(({ store }) => {
      store.insertExecution(execution('q1'));
      const running = store.transitionExecution('q1', ['QUEUED'], { state: 'RUNNING', startedAt: new Date(1_500) });
      assert.equal(running?.state, 'RUNNING');
      assert.equal(store.transitionExecution('q1', ['QUEUED'], { state: 'RUNNING' }), undefined, 'no longer QUEUED');
      const columns = [{ name: '_col0', label: '_col0', type: 'integer', precision: 10, scale: 0, nullable: 'UNKNOWN' as const, caseSensitive: false }];
      store.transitionExecution('q1', ['RUNNING'], { state: 'SUCCEEDED', completedAt: new Date(2_000), columns, resultLocation: 's3://results/q1.csv', resultFormat: 'csv', rowCount: 1, dataScannedBytes: 0 });
      const done = store.getExecution(A, R, 'q1')!;
      assert.equal(done.state, 'SUCCEEDED');
      assert.deepEqual(done.startedAt, new Date(1_500));
      assert.deepEqual(done.completedAt, new Date(2_000));
      assert.deepEqual(done.columns, columns);
      assert.equal(store.transitionExecution('q1', ['QUEUED', 'RUNNING'], { state: 'CANCELLED' }), undefined, 'a finished query stays finished');
      assert.equal(store.updateExecution('missing', { state: 'FAILED' }), undefined);
    }));

    it('fails the executions left unfinished, and only those', withStore(({ store }) => {
      store.insertExecution(execution('q1'));
      store.insertExecution(execution('q2', { state: 'RUNNING' }));
      store.insertExecution(execution('q3', { state: 'SUCCEEDED' }));
      const error = { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'restarted' };
      assert.equal(store.failUnfinished(new Date(9_000), 'restarted', error), 2);
      for (const id of ['q1', 'q2']) {
        const r = store.getExecution(A, R, id)!;
        assert.equal(r.state, 'FAILED');
        assert.equal(r.stateChangeReason, 'restarted');
        assert.deepEqual(r.athenaError, error);
        assert.deepEqual(r.completedAt, new Date(9_000));
      }
      assert.equal(store.getExecution(A, R, 'q3')?.state, 'SUCCEEDED');
      assert.equal(store.failUnfinished(new Date(9_000), 'again', error), 0);
    }));

    it('deletes a work group with its executions', withStore(({ store }) => {
      store.createWorkGroup(workGroup('tmp'));
      store.insertExecution(execution('q1', { workGroup: 'tmp' }));
      store.deleteWorkGroup(A, R, 'tmp');
      assert.equal(store.getExecution(A, R, 'q1'), undefined);
      assert.deepEqual(store.listExecutionIds(A, R, 'tmp'), []);
    }));
  });
}
