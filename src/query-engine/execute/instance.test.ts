// The instance-wide preparation (settings and macros made once) and engine shutdown while statements run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCancelled } from '../types.js';
import { engineFixture, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';
import { EngineInstance } from './instance.js';

describe('EngineInstance: settings and Trino macros made once, seen by every connection', () => {
  let dir: string;
  let instance: EngineInstance;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-instance-'));
    instance = new EngineInstance({ tmpDir: join(dir, 'tmp'), threads: 1 });
  });
  after(async () => {
    await instance.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a new connection Trino semantics and the macros, with the default and with a query database search path', async () => {
    for (const searchPath of [undefined, `awsdatacatalog."sales",memory.main`]) {
      const conn = await instance.connect();
      try {
        if (searchPath) {
          await instance.ensureSchema(conn, 'sales');
          await conn.run(`SET search_path = '${searchPath}'`);
        }
        const rows = await conn.rows("SELECT 5 / 2, current_setting('TimeZone'), CAST(trino_from_unixtime(0) AS VARCHAR), [3, NULL, 1] = list_sort([NULL, 3, 1])");
        assert.deepEqual(rows, [[2, 'UTC', '1970-01-01 00:00:00+00', false]], String(searchPath));
        const order = await conn.rows('SELECT x FROM (VALUES (1), (NULL), (2)) t(x) ORDER BY x DESC');
        assert.deepEqual(order, [[2], [1], [null]], 'NULLs last in both directions');
      } finally {
        await conn.close();
      }
    }
  });
});

describe('EngineInstance: spill space per engine process, bounded, removed when the process ends', () => {
  let dir: string;
  let instance: EngineInstance;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-spill-'));
    instance = new EngineInstance({ tmpDir: join(dir, 'tmp'), threads: 1, memoryLimit: '64MiB' });
  });
  after(async () => {
    await instance.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spills into duckdb-spill-<n> of its own, at most 4 × memory_limit; a new process gets a new folder and the old one goes', async () => {
    const settings = async () => {
      const conn = await instance.connect();
      try {
        return (await conn.rows("SELECT current_setting('max_temp_directory_size'), current_setting('temp_directory')"))[0];
      } finally {
        await conn.close();
      }
    };
    assert.deepEqual(await settings(), ['256.0 MiB', join(dir, 'tmp', 'duckdb-spill-1')]);
    mkdirSync(join(dir, 'tmp', 'duckdb-spill-1'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'duckdb-spill-1', 'left-by-a-killed-process.block'), 'x');
    writeFileSync(join(dir, 'tmp', 'a-statement-still-finishing'), 'x');
    await instance.kill();
    await instance.removalsDone();
    assert.deepEqual(await settings(), ['256.0 MiB', join(dir, 'tmp', 'duckdb-spill-2')]);
    assert.equal(existsSync(join(dir, 'tmp', 'duckdb-spill-1')), false, "the ended process's spill folder is removed");
    assert.equal(existsSync(join(dir, 'tmp', 'a-statement-still-finishing')), true, 'opening a new process wipes nothing else');
  });
});

describe('DuckDbQueryEngine.close(): running statements are stopped and awaited', () => {
  let f: EngineFixture;
  before(async () => (f = await engineFixture()));
  after(() => f.close());

  it('cancels a running statement, closes, and opens again for the next one', async () => {
    const running = f.engine.execute(f.request('SELECT count(*) FROM UNNEST(sequence(1, 100000)) a(x) CROSS JOIN UNNEST(sequence(1, 100000)) b(y) WHERE (x + y) % 7 = 3'));
    const outcome = assert.rejects(running, (e: unknown) => e instanceof QueryCancelled);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await f.engine.close();
    await outcome;
    assert.ok(Date.now() - started < 10_000, 'interrupted, not run to the end');
    assert.deepEqual((await f.engine.execute(f.request('SELECT 7 AS x'))).rows, [['7']]);
    assert.deepEqual(await f.leftovers(), []);
  });
});
