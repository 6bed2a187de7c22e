import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { QueryCancelled, QueryFailure } from '../types.js';
import { engineFixture, glueTable, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';

describe('DuckDbQueryEngine: cancellation, concurrent statements, scratch space', () => {
  let f: EngineFixture;
  before(async () => {
    f = await engineFixture();
    await f.catalog.createDatabase('sales', {});
  });
  after(() => f.close());

  it('stops a long query when its signal aborts: QueryCancelled, connection and scratch released', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = f.engine.execute(f.request('SELECT count(*) FROM UNNEST(sequence(1, 100000)) a(x) CROSS JOIN UNNEST(sequence(1, 100000)) b(y) WHERE (x + y) % 7 = 3', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(running, (e: unknown) => e instanceof QueryCancelled);
    assert.ok(Date.now() - started < 10_000, 'interrupted, not run to the end');
    assert.deepEqual(await f.leftovers(), []);
    const after = await f.engine.execute(f.request('SELECT 42 AS x'));
    assert.deepEqual(after.rows, [['42']], 'the engine still runs statements');
  });

  it('refuses a statement whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(f.engine.execute(f.request('SELECT 1', { signal: controller.signal })), (e: unknown) => e instanceof QueryCancelled);
  });

  it('runs concurrent statements whose same-named tables differ (two callers\' catalogs): each sees its own', async () => {
    // A second caller: another account on the same server, with its own Glue catalog and bucket and a different `sales.t`.
    const other = await f.otherCaller(['data-other']);
    await other.catalog.createDatabase('sales', {});
    await f.writeParquet('s3://data/t/a.parquet', "SELECT 'mine' AS label, 1::BIGINT AS n FROM range(3)");
    await f.catalog.createTable('sales', glueTable('t', 's3://data/t', 'label string, n bigint'));
    await f.writeParquet('s3://data-other/t/b.parquet', "SELECT 2.5::DOUBLE AS ratio, 'theirs' AS label", other);
    await other.catalog.createTable('sales', glueTable('t', 's3://data-other/t', 'ratio double, label string'));

    const runs = [];
    for (let i = 0; i < 6; i++) {
      runs.push(f.engine.execute(f.request('SELECT * FROM sales.t')));
      runs.push(f.engine.execute(other.request('SELECT * FROM awsdatacatalog.sales.t')));
    }
    const results = await Promise.all(runs);
    for (const [i, r] of results.entries()) {
      if (i % 2 === 0) assert.deepEqual([r.columns.map((c) => c.name), r.rows.length, r.rows[0]], [['label', 'n'], 3, ['mine', '1']]);
      else assert.deepEqual([r.columns.map((c) => c.name), r.rows], [['ratio', 'label'], [['2.5', 'theirs']]]);
    }
    assert.deepEqual(await f.leftovers(), []);
    for (const dir of [...f.storage.fetchedInto, ...other.storage.fetchedInto]) assert.equal(existsSync(dir), false, `${dir} removed`);
  });

  it('a failing statement also removes its scratch directory and keeps its error', async () => {
    await assert.rejects(f.engine.execute(f.request('SELECT missing_column FROM sales.t')), (e: unknown) => e instanceof QueryFailure && /COLUMN_NOT_FOUND/.test(e.message));
    assert.deepEqual(await f.leftovers(), []);
  });
});
