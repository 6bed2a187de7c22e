import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DataCatalogExistsError,
  ALL_OWNERS_STALE,
  PRIMARY_WORK_GROUP,
  WorkGroupExistsError,
  type AthenaStore,
  type QueryExecutionRecord,
  type WorkGroupRecord,
} from './athena.js';

/** A fresh, empty store whose clock reads `now`, and how to let it go. */
export interface AthenaStoreFixture {
  store: AthenaStore;
  now: Date;
  close(): Promise<void>;
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

const ERROR = { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'restarted' };

/**
 * The behaviour every {@link AthenaStore} implementation must have. Run it from the
 * implementation's own test file with a factory that opens an empty store.
 *
 * @example
 * runAthenaStoreContract('SQLite', async () => openTempSqliteAthenaStore());
 */
export function runAthenaStoreContract(implementation: string, open: () => Promise<AthenaStoreFixture>): void {
  const withStore = (fn: (f: AthenaStoreFixture) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  };

  describe(`AthenaStore contract: ${implementation}`, () => {
    it('has a primary work group in every account and region without creating it, enabled and without an output location', withStore(async ({ store, now }) => {
      const p = await store.getWorkGroup(A, R, PRIMARY_WORK_GROUP);
      assert.equal(p?.state, 'ENABLED');
      assert.equal(p?.configuration.ResultConfiguration?.OutputLocation, undefined);
      assert.equal(p?.configuration.EnforceWorkGroupConfiguration, false);
      assert.deepEqual(p?.createdAt, now);
      assert.deepEqual((await store.listWorkGroups(B, 'eu-west-1')).map((w) => w.name), [PRIMARY_WORK_GROUP]);
      await assert.rejects(store.createWorkGroup(workGroup(PRIMARY_WORK_GROUP, { accountId: B, region: 'ap-south-1' })), WorkGroupExistsError);
      assert.ok(await store.putWorkGroup(workGroup(PRIMARY_WORK_GROUP, { accountId: B, region: 'sa-east-1', description: 'p' })), 'primary exists to be replaced');
    }));

    it('creates, replaces, lists and deletes work groups per account and region', withStore(async ({ store }) => {
      await store.createWorkGroup(workGroup('analysts', { description: 'd', configuration: { ResultConfiguration: { OutputLocation: 's3://r/a/' } }, tags: [{ Key: 'k', Value: 'v' }] }));
      await assert.rejects(store.createWorkGroup(workGroup('analysts')), WorkGroupExistsError);
      await store.createWorkGroup(workGroup('analysts', { accountId: B }));
      const got = (await store.getWorkGroup(A, R, 'analysts'))!;
      assert.equal(got.description, 'd');
      assert.deepEqual(got.tags, [{ Key: 'k', Value: 'v' }]);
      assert.deepEqual(got.createdAt, new Date(2_000));
      assert.equal(await store.getWorkGroup(A, 'eu-west-1', 'analysts'), undefined, 'regions are apart');
      assert.ok(await store.putWorkGroup({ ...got, state: 'DISABLED', configuration: {} }));
      assert.equal((await store.getWorkGroup(A, R, 'analysts'))?.state, 'DISABLED');
      assert.deepEqual((await store.getWorkGroup(A, R, 'analysts'))?.configuration, {});
      assert.equal(await store.putWorkGroup(workGroup('nope')), false);
      await store.createWorkGroup(workGroup('Zeta'));
      await store.createWorkGroup(workGroup('a_b'));
      assert.deepEqual((await store.listWorkGroups(A, R)).map((w) => w.name), ['Zeta', 'a_b', 'analysts', PRIMARY_WORK_GROUP], 'by name, byte order');
      assert.ok(await store.deleteWorkGroup(A, R, 'analysts'));
      assert.equal(await store.deleteWorkGroup(A, R, 'analysts'), false);
      assert.ok(await store.getWorkGroup(B, R, 'analysts'), "the other account's is still there");
    }));

    it('creates a work group once when several create it at once', withStore(async ({ store }) => {
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map((i) => store.createWorkGroup(workGroup('race', { description: `by ${i}` }))));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof WorkGroupExistsError, String(o.reason));
    }));

    it('keeps executions per account and region, finds them by client token, lists a work group newest first', withStore(async ({ store }) => {
      await store.insertExecution(execution('q1', { clientRequestToken: 't1', submittedAt: new Date(1_000) }));
      await store.insertExecution(execution('q2', { submittedAt: new Date(3_000), context: { Database: 'db', Catalog: 'AwsDataCatalog' } }));
      await store.insertExecution(execution('q3', { submittedAt: new Date(3_000) }));
      await store.insertExecution(execution('q4', { workGroup: 'other' }));
      assert.deepEqual(await store.getExecution(A, R, 'q2'), execution('q2', { submittedAt: new Date(3_000), context: { Database: 'db', Catalog: 'AwsDataCatalog' } }));
      assert.equal(await store.getExecution(B, R, 'q1'), undefined, 'another account does not see it');
      assert.equal(await store.getExecution(A, 'eu-west-1', 'q1'), undefined);
      assert.equal((await store.findExecutionByToken(A, R, 't1'))?.id, 'q1');
      assert.equal(await store.findExecutionByToken(B, R, 't1'), undefined);
      assert.deepEqual(await store.listExecutionIds(A, R, PRIMARY_WORK_GROUP), ['q3', 'q2', 'q1']);
      assert.deepEqual(await store.listExecutionIds(A, R, 'other'), ['q4']);
    }));

    it('moves an execution through its states only from the states allowed, keeping dates and results', withStore(async ({ store }) => {
      await store.insertExecution(execution('q1', { owner: 'p1', heartbeatAt: new Date(1_000) }));
      const running = await store.transitionExecution('q1', ['QUEUED'], { state: 'RUNNING', startedAt: new Date(1_500) });
      assert.equal(running?.state, 'RUNNING');
      assert.equal(running?.owner, 'p1', 'the owner stays');
      assert.equal(await store.transitionExecution('q1', ['QUEUED'], { state: 'RUNNING' }), undefined, 'no longer QUEUED');
      const columns = [{ name: '_col0', label: '_col0', type: 'integer', precision: 10, scale: 0, nullable: 'UNKNOWN' as const, caseSensitive: false }];
      await store.transitionExecution('q1', ['RUNNING'], { state: 'SUCCEEDED', completedAt: new Date(2_000), columns, resultLocation: 's3://results/q1.csv', resultFormat: 'csv', rowCount: 1, dataScannedBytes: 0 });
      const done = (await store.getExecution(A, R, 'q1'))!;
      assert.equal(done.state, 'SUCCEEDED');
      assert.deepEqual(done.startedAt, new Date(1_500));
      assert.deepEqual(done.completedAt, new Date(2_000));
      assert.deepEqual(done.columns, columns);
      assert.equal(await store.transitionExecution('q1', ['QUEUED', 'RUNNING'], { state: 'CANCELLED' }), undefined, 'a finished query stays finished');
      assert.equal(await store.updateExecution('missing', { state: 'FAILED' }), undefined);
      const updated = await store.updateExecution('q1', { stateChangeReason: 'noted' });
      assert.equal(updated?.stateChangeReason, 'noted', 'an update applies whatever the state');
      assert.deepEqual(await store.getExecution(A, R, 'q1'), updated);
    }));

    it('lets one of several concurrent transitions from a state win', withStore(async ({ store }) => {
      await store.insertExecution(execution('q1', { state: 'RUNNING' }));
      const outcomes = await Promise.all([
        store.transitionExecution('q1', ['RUNNING'], { state: 'SUCCEEDED', completedAt: new Date(2_000) }),
        store.transitionExecution('q1', ['QUEUED', 'RUNNING'], { state: 'CANCELLED', completedAt: new Date(2_000) }),
        store.transitionExecution('q1', ['RUNNING'], { state: 'FAILED', completedAt: new Date(2_000) }),
      ]);
      const won = outcomes.filter((o) => o !== undefined);
      assert.equal(won.length, 1);
      assert.equal((await store.getExecution(A, R, 'q1'))?.state, won[0]!.state);
    }));

    it('fails every unfinished execution with ALL_OWNERS_STALE, and only those', withStore(async ({ store }) => {
      await store.insertExecution(execution('q1'));
      await store.insertExecution(execution('q2', { state: 'RUNNING', owner: 'alive', heartbeatAt: new Date(8_000_000) }));
      await store.insertExecution(execution('q3', { state: 'SUCCEEDED' }));
      assert.equal(await store.failOrphaned(new Date(9_000), ALL_OWNERS_STALE, 'restarted', ERROR), 2);
      for (const id of ['q1', 'q2']) {
        const r = (await store.getExecution(A, R, id))!;
        assert.equal(r.state, 'FAILED');
        assert.equal(r.stateChangeReason, 'restarted');
        assert.deepEqual(r.athenaError, ERROR);
        assert.deepEqual(r.completedAt, new Date(9_000));
      }
      assert.equal((await store.getExecution(A, R, 'q3'))?.state, 'SUCCEEDED');
      assert.equal(await store.failOrphaned(new Date(9_000), ALL_OWNERS_STALE, 'again', ERROR), 0);
    }));

    it("keeps an execution's owner and heartbeat; a heartbeat refreshes only the owner's unfinished executions and names them", withStore(async ({ store }) => {
      await store.insertExecution(execution('a1', { owner: 'pa', heartbeatAt: new Date(1_000) }));
      await store.insertExecution(execution('a2', { state: 'RUNNING', owner: 'pa', heartbeatAt: new Date(1_000), accountId: B }));
      await store.insertExecution(execution('a3', { state: 'SUCCEEDED', owner: 'pa', heartbeatAt: new Date(1_000) }));
      await store.insertExecution(execution('b1', { owner: 'pb', heartbeatAt: new Date(1_000) }));
      assert.deepEqual(await store.getExecution(A, R, 'a1'), execution('a1', { owner: 'pa', heartbeatAt: new Date(1_000) }));
      assert.deepEqual((await store.heartbeat('pa', new Date(5_000))).sort(), ['a1', 'a2']);
      assert.deepEqual((await store.getExecution(A, R, 'a1'))?.heartbeatAt, new Date(5_000));
      assert.deepEqual((await store.getExecution(B, R, 'a2'))?.heartbeatAt, new Date(5_000));
      assert.deepEqual((await store.getExecution(A, R, 'a3'))?.heartbeatAt, new Date(1_000), 'a finished one is left as it was');
      assert.deepEqual((await store.getExecution(A, R, 'b1'))?.heartbeatAt, new Date(1_000), "another owner's is left as it was");
      // Stopped by another process: its owner's next heartbeat no longer names it.
      await store.transitionExecution('a1', ['QUEUED', 'RUNNING'], { state: 'CANCELLED', completedAt: new Date(5_500) });
      assert.deepEqual(await store.heartbeat('pa', new Date(6_000)), ['a2']);
      assert.deepEqual(await store.heartbeat('nobody', new Date(6_000)), []);
    }));

    it('fails only the unfinished executions whose heartbeat is older than the bound (none counts as oldest)', withStore(async ({ store }) => {
      await store.insertExecution(execution('dead1', { owner: 'dead', heartbeatAt: new Date(1_000) }));
      await store.insertExecution(execution('dead2', { state: 'RUNNING', owner: 'dead', heartbeatAt: new Date(4_999) }));
      await store.insertExecution(execution('old', { state: 'RUNNING' }));
      await store.insertExecution(execution('live', { state: 'RUNNING', owner: 'live', heartbeatAt: new Date(5_000) }));
      await store.insertExecution(execution('done', { state: 'SUCCEEDED', owner: 'dead', heartbeatAt: new Date(1_000) }));
      assert.equal(await store.failOrphaned(new Date(9_000), 5_000, 'owner gone', ERROR), 3);
      for (const id of ['dead1', 'dead2', 'old']) {
        const r = (await store.getExecution(A, R, id))!;
        assert.deepEqual([r.state, r.stateChangeReason, r.athenaError, r.completedAt], ['FAILED', 'owner gone', ERROR, new Date(9_000)], id);
      }
      assert.equal((await store.getExecution(A, R, 'live'))?.state, 'RUNNING', 'a heartbeat at the bound is not older than it');
      assert.equal((await store.getExecution(A, R, 'done'))?.state, 'SUCCEEDED');
      assert.deepEqual(await store.heartbeat('dead', new Date(9_500)), [], 'a failed execution is no longer its owner’s to run');
      await assert.rejects(store.failOrphaned(new Date(9_000), Number.NaN, 'x', ERROR), RangeError);
    }));

    it('lists the owners of unfinished executions, and fails a dead owner’s at once whatever its heartbeat', withStore(async ({ store }) => {
      await store.insertExecution(execution('gone1', { state: 'RUNNING', owner: 'host:1:a', heartbeatAt: new Date(8_000) }));
      await store.insertExecution(execution('gone2', { owner: 'host:1:a', heartbeatAt: new Date(8_000) }));
      await store.insertExecution(execution('alive', { state: 'RUNNING', owner: 'host:2:b', heartbeatAt: new Date(8_000) }));
      await store.insertExecution(execution('finished', { state: 'SUCCEEDED', owner: 'host:3:c', heartbeatAt: new Date(1_000) }));
      assert.deepEqual(await store.unfinishedOwners(), ['host:1:a', 'host:2:b']);
      assert.equal(await store.countUnfinished(A), 3, 'queued and running count; finished ones do not');
      assert.equal(await store.countUnfinished('999999999999'), 0);
      assert.equal(await store.failOrphaned(new Date(9_000), 5_000, 'owner gone', ERROR, ['host:1:a']), 2);
      assert.equal((await store.getExecution(A, R, 'gone1'))?.state, 'FAILED');
      assert.equal((await store.getExecution(A, R, 'alive'))?.state, 'RUNNING', 'a live owner with a fresh heartbeat keeps its executions');
      assert.deepEqual(await store.unfinishedOwners(), ['host:2:b']);
      assert.equal(await store.countUnfinished(A), 1);
    }));

    it('fails each orphaned execution once when several processes look at once', withStore(async ({ store }) => {
      const ids = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'];
      for (const id of ids) await store.insertExecution(execution(id, { state: 'RUNNING', owner: 'dead', heartbeatAt: new Date(1_000) }));
      const counts = await Promise.all([1, 2, 3].map((i) => store.failOrphaned(new Date(9_000 + i), 2_000, `by ${i}`, ERROR)));
      assert.equal(counts.reduce((a, b) => a + b, 0), ids.length);
      for (const id of ids) assert.equal((await store.getExecution(A, R, id))?.state, 'FAILED');
    }));

    it('deletes a work group with its executions', withStore(async ({ store }) => {
      await store.createWorkGroup(workGroup('tmp'));
      await store.insertExecution(execution('q1', { workGroup: 'tmp' }));
      await store.deleteWorkGroup(A, R, 'tmp');
      assert.equal(await store.getExecution(A, R, 'q1'), undefined);
      assert.deepEqual(await store.listExecutionIds(A, R, 'tmp'), []);
    }));

    it('keeps registered data catalogs per account and region, names unique without regard to case', withStore(async ({ store }) => {
      const at = new Date('2026-03-01T00:00:00Z');
      const b = { accountId: A, region: R, name: 'B_Catalog', type: 'GLUE' as const, description: 'B', parameters: { 'catalog-id': B }, tags: [{ Key: 'k', Value: 'v' }], createdAt: at };
      assert.deepEqual(await store.listDataCatalogs(A, R), []);
      await store.createDataCatalog(b);
      await assert.rejects(store.createDataCatalog({ ...b, name: 'b_catalog' }), DataCatalogExistsError);
      assert.deepEqual(await store.getDataCatalog(A, R, 'b_CATALOG'), b);
      assert.equal(await store.getDataCatalog(B, R, 'B_Catalog'), undefined, 'another account has none');
      assert.equal(await store.getDataCatalog(A, 'eu-west-1', 'B_Catalog'), undefined, 'nor another region');
      await store.createDataCatalog({ ...b, name: 'a-first', parameters: {}, tags: [] });
      assert.deepEqual((await store.listDataCatalogs(A, R)).map((c) => c.name), ['a-first', 'B_Catalog']);
      const { description: _d, ...undescribed } = b;
      assert.equal(await store.putDataCatalog({ ...undescribed, parameters: { 'catalog-id': A } }), true);
      assert.deepEqual(await store.getDataCatalog(A, R, 'B_Catalog'), { ...undescribed, parameters: { 'catalog-id': A } });
      assert.equal(await store.putDataCatalog({ ...b, name: 'nope' }), false);
      assert.equal(await store.deleteDataCatalog(A, R, 'B_CATALOG'), true);
      assert.equal(await store.deleteDataCatalog(A, R, 'B_Catalog'), false);
      assert.deepEqual((await store.listDataCatalogs(A, R)).map((c) => c.name), ['a-first']);
    }));
  });
}
