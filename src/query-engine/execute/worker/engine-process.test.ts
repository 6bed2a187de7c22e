// Each account's DuckDB runs in an engine process of its own, with its address space capped: a
// statement that ignores its interrupt ends its own account's process, never the server's nor
// another account's; a string built past the cap fails the statement, not the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryCancelled, QueryFailure } from '../../types.js';
import { engineFixture, type Caller, type EngineFixture } from '../../../../test/support/query-engine-fixtures.js';
import { addressSpaceOf, bytesOf } from '../address-space.js';

/**
 * One regexp_replace over a 33 MB string: DuckDB checks for interrupts between vectors, not
 * inside one call, and this call runs for seconds (6 s measured on the CI machine) after its interrupt.
 */
const DEAF = "SELECT length(regexp_replace(lpad('', 33000000, 'a'), '(a)', '$1$1$1'))";
/** Long (ten billion rows, each computed), but interruptible: DuckDB works vector by vector. */
const LONG = 'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 100)) c(z) WHERE (x + y + z) % 7 = 3';
/** 13 concatenations of a 30 MB string, twice: 780 MB of strings, which DuckDB's memory_limit does not count. */
const CONCATENATION = `SELECT length(${Array(13).fill('a').join(' || ')}), length(${Array(13).fill('b').join(' || ')}) FROM (SELECT lpad('', 30000000, 'x') AS a, lpad('', 30000000, 'y') AS b)`;

describe('engine process: a statement that ignores its interrupt ends its own account\'s engine, nobody else\'s', () => {
  let f: EngineFixture;
  let other: Caller;
  before(async () => {
    f = await engineFixture({ engine: { interruptGraceMs: 200, threads: 2 } });
    other = await f.otherCaller(['other-results']);
  });
  after(() => f.close());

  it('cancelled past the grace: QueryCancelled; the account\'s other statement fails retryably; the other account\'s statement finishes; the account runs again', { timeout: 180_000 }, async () => {
    // The deaf statement starts first, alone, so that it is inside its regexp call before anything
    // competes for DuckDB's threads (a statement stopped during its own setup is cancelled
    // without a kill, which is not what this test is about); then the others start, and it is
    // stopped well inside that call.
    // Warm first: the account's engine process, Trino's grammar in it and its prediction for these
    // shapes, so that each statement's own setup (parse, analysis, catalog) is short even on a
    // loaded machine and the deaf one is inside DuckDB when it is stopped.
    assert.deepEqual((await f.engine.execute(f.request("SELECT length(regexp_replace(lpad('', 3, 'a'), '(a)', '$1$1$1'))"))).rows, [['9']]);
    await f.engine.execute(f.request(LONG.replace(/10000/g, '2').replace('sequence(1, 100)', 'sequence(1, 2)')));
    const controller = new AbortController();
    const deaf = f.engine.execute(f.request(DEAF, { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 1000));
    const mine = f.engine.execute(f.request(LONG));
    const theirs = f.engine.execute(other.request('SELECT count(*) FROM UNNEST(sequence(1, 3000)) a(x) CROSS JOIN UNNEST(sequence(1, 3000)) b(y)'));
    const outcomes = [assert.rejects(deaf, (e: unknown) => e instanceof QueryCancelled)];
    outcomes.push(
      assert.rejects(mine, (e: unknown) => {
        assert.ok(e instanceof QueryFailure, String(e));
        assert.equal(e.message, "GENERIC_INTERNAL_ERROR: The account's query engine was restarted while this query ran; run it again");
        assert.equal(e.retryable, true);
        return true;
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    controller.abort();
    await Promise.all(outcomes);
    assert.deepEqual((await theirs).rows, [['9000000']], "the other account's engine process was not touched");
    assert.deepEqual((await f.engine.execute(f.request('SELECT 7'))).rows, [['7']], 'a new engine process answers the account');
  });
});

describe('engine process: a string built past the address-space cap fails the statement with Athena\'s exhausted-resources error', () => {
  let f: EngineFixture;
  before(async () => (f = await engineFixture({ engine: { memoryLimit: '256MiB' } })));
  after(() => f.close());

  it(`13 × 30 MB concatenated twice under memory_limit 256MiB: EXCEEDED_LOCAL_MEMORY_LIMIT, SYSTEM, ErrorType 0; SELECT 42 runs after`, async () => {
    await assert.rejects(f.engine.execute(f.request(CONCATENATION)), (e: unknown) => {
      assert.ok(e instanceof QueryFailure, String(e));
      assert.match(e.message, /^EXCEEDED_LOCAL_MEMORY_LIMIT: /);
      assert.equal(e.category, 1);
      assert.equal(e.errorType, 0);
      return true;
    });
    assert.deepEqual((await f.engine.execute(f.request('SELECT 42'))).rows, [['42']]);
  });

  it('the cap: 1.5 GiB + 16 MiB per thread + twice memory_limit; sizes read as DuckDB reads them', () => {
    assert.equal(bytesOf('256MiB'), 256 * 2 ** 20);
    assert.equal(bytesOf('4GB'), 4e9);
    assert.equal(bytesOf('1.5 GiB'), 1.5 * 2 ** 30);
    assert.equal(bytesOf('lots'), undefined);
    assert.equal(addressSpaceOf({ memoryLimit: '256MiB', threads: 2 }), 1536 * 2 ** 20 + 32 * 2 ** 20 + 512 * 2 ** 20);
    assert.equal(addressSpaceOf({ memoryLimit: '256MiB', addressSpaceBytes: 5e9 }), 5e9);
  });
});
