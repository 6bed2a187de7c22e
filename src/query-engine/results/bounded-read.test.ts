// Reading a streaming result within the 32 MB row/column limit and the in-memory result bound, on a real DuckDB.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { openAthenaConnection } from '../../../test/support/query-engine-connection.js';
import { ErrorCategory, QueryFailure } from '../types.js';
import { readBounded, type ChunkSource } from './bounded-read.js';
import { DEFAULT_RESULT_LIMITS, MAX_ROW_OR_COLUMN_BYTES, resultTooLarge, rowOrColumnTooLarge, type ResultLimits } from './limits.js';
import { renderResult } from './render.js';

describe('readBounded', () => {
  let conn: DuckDBConnection;
  let close: () => void;
  before(async () => ({ conn, close } = await openAthenaConnection()));
  after(() => close());

  /** The result of `sql` as a chunk source that counts the chunks fetched and the vectors read. */
  async function source(sql: string): Promise<ChunkSource & { fetched: number; vectorsRead: number }> {
    const result = await conn.stream(sql);
    const counts = { fetched: 0, vectorsRead: 0 };
    return Object.assign(counts, {
      columnNames: () => result.columnNames(),
      columnTypes: () => result.columnTypes(),
      fetchChunk: async () => {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return chunk;
        counts.fetched++;
        // Counts the vectors whose values are copied into JS.
        return new Proxy(chunk, {
          get(target, prop) {
            if (prop === 'getColumnVector') return (c: number) => (counts.vectorsRead++, target.getColumnVector(c));
            const v = Reflect.get(target, prop, target) as unknown;
            return typeof v === 'function' ? v.bind(target) : v;
          },
        }) as DuckDBDataChunk;
      },
    });
  }

  const small: ResultLimits = { maxRowOrColumnBytes: 100, maxResultBytes: 50_000 };

  async function failure(sql: string, limits: ResultLimits): Promise<QueryFailure> {
    try {
      await readBounded(await source(sql), limits);
    } catch (e) {
      assert.ok(e instanceof QueryFailure, String(e));
      return e;
    }
    assert.fail(`${sql} was read within ${JSON.stringify(limits)}`);
  }

  it('renders every type as renderResult does', async () => {
    const sql = `SELECT i, i::DOUBLE / 3 AS d, 'v' || i AS s, CASE WHEN i % 2 = 0 THEN NULL ELSE repeat('x', i::INT) END AS n,
      [i, NULL] AS l, {'a': i, 'b': 'q'} AS st, MAP {'k': 'v' || i} AS m, from_hex('00ff') AS b, DATE '2024-01-02' + i::INT AS dt
      FROM range(3000) t(i)`;
    const expected = renderResult(await conn.runAndReadAll(sql));
    const got = await readBounded(await source(sql), DEFAULT_RESULT_LIMITS);
    assert.deepEqual(got, expected);
  });

  it("a VARCHAR over 32 MB fails with Athena's limit before the value is copied out of DuckDB", async () => {
    const src = await source(`SELECT 1 AS a, repeat('x', 40000000) AS big`);
    await assert.rejects(readBounded(src, DEFAULT_RESULT_LIMITS), (e: unknown) => {
      assert.ok(e instanceof QueryFailure);
      assert.equal(e.message, 'GENERIC_USER_ERROR: Row or column size limit exceeded: column 2 of row 1 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
      assert.equal(e.category, ErrorCategory.User);
      assert.equal(e.errorType, 1000);
      assert.equal(e.retryable, false);
      return true;
    });
    assert.equal(src.vectorsRead, 0);
  });

  it('a value of exactly the limit is read', async () => {
    const { rows } = await readBounded(await source(`SELECT repeat('x', ${MAX_ROW_OR_COLUMN_BYTES})`), DEFAULT_RESULT_LIMITS);
    assert.equal(rows[0]![0]!.length, MAX_ROW_OR_COLUMN_BYTES);
  });

  it('a row whose values together pass the limit fails, naming the row', async () => {
    const src = await source(`SELECT * FROM (VALUES ('a', 'b'), (repeat('x', 60), repeat('y', 60))) t(p, q)`);
    await assert.rejects(readBounded(src, small), { message: 'GENERIC_USER_ERROR: Row or column size limit exceeded: row 2 is 120 bytes; a single row or column cannot exceed 100 bytes' });
    assert.equal(src.vectorsRead, 0);
  });

  it('strings nested in lists, arrays, maps and structs count toward their value', async () => {
    for (const sql of [
      `SELECT [repeat('a', 60), NULL, repeat('b', 60)]`,
      `SELECT [repeat('a', 60), repeat('b', 60)]::VARCHAR[2]`,
      `SELECT MAP {repeat('k', 60): repeat('v', 60)}`,
      `SELECT {'a': repeat('a', 60), 'b': [repeat('b', 60)]}`,
    ]) {
      const e = await failure(sql, small);
      assert.match(e.message, /^GENERIC_USER_ERROR: Row or column size limit exceeded: column 1 of row 1 is 120 bytes;/, sql);
    }
  });

  it('values with no strings are measured as rendered', async () => {
    const e = await failure(`SELECT range(0, 100)`, small);
    assert.match(e.message, /^GENERIC_USER_ERROR: Row or column size limit exceeded: column 1 of row 1 is 390 bytes;/);
  });

  it('a VARBINARY counts its bytes, not its hex text', async () => {
    const { rows } = await readBounded(await source(`SELECT from_hex(repeat('ab', 60))`), small);
    assert.equal(rows[0]![0]!.length, 60 * 3 - 1);
  });

  it('a result past the in-memory bound fails at the chunk that passes it; the rest is never fetched', async () => {
    const src = await source(`SELECT i FROM range(100000000) t(i)`);
    await assert.rejects(readBounded(src, small), (e: unknown) => {
      assert.ok(e instanceof QueryFailure);
      assert.equal(e.message, resultTooLarge(50_000).message);
      assert.equal(
        e.message,
        'EXCEEDED_LOCAL_MEMORY_LIMIT: Query exhausted resources at this scale factor: the query result is larger than 50000 bytes, the most this server keeps in memory to write a result file (athenaMaxResultBytes); write large results with CREATE TABLE AS SELECT',
      );
      assert.equal(e.category, ErrorCategory.System);
      assert.equal(e.errorType, 0);
      return true;
    });
    // 2048 rows of about 7 bytes each per chunk: the bound is passed in the fourth chunk.
    assert.ok(src.fetched <= 4, `fetched ${src.fetched} chunks`);
  });

  it('long strings pass the bound from their headers, before the chunk is copied', async () => {
    const src = await source(`SELECT repeat('x', 90) FROM range(10000)`);
    await assert.rejects(readBounded(src, small), { message: resultTooLarge(50_000).message });
    assert.equal(src.fetched, 1);
    assert.equal(src.vectorsRead, 0);
  });

  it('stops between chunks once cancelled', async () => {
    const src = await source(`SELECT i FROM range(100000000) t(i)`);
    let checks = 0;
    const cancelled = new Error('cancelled');
    await assert.rejects(readBounded(src, DEFAULT_RESULT_LIMITS, () => {
      if (++checks > 2) throw cancelled;
    }), cancelled);
    assert.equal(src.fetched, 2);
  });

  it('error text for a column and a row', () => {
    assert.equal(rowOrColumnTooLarge({ column: 3 }, 7, 40_000_000, MAX_ROW_OR_COLUMN_BYTES).message, 'GENERIC_USER_ERROR: Row or column size limit exceeded: column 3 of row 7 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
    assert.equal(rowOrColumnTooLarge('row', 2, 40_000_000, MAX_ROW_OR_COLUMN_BYTES).message, 'GENERIC_USER_ERROR: Row or column size limit exceeded: row 2 is 40000000 bytes; a single row or column cannot exceed 32 MB (33554432 bytes)');
  });
});
