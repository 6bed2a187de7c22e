import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetClock } from '../../core/clock.js';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import { PgClockOffset } from './clock-offset.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';

const emptied = fileTestDatabase(['test_clock']);

describe('PostgreSQL shared test clock', () => {
  it('adds every advance to one offset, read the same by every process, and never moves a clock back', async () => {
    const { db: one, url } = await emptied();
    const two = await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const here = new PgClockOffset(one);
      const there = new PgClockOffset(two);
      assert.equal(await there.read(), 0, 'no advance yet: no offset');
      assert.equal(await here.advance(1_000), 1_000);
      assert.equal(await there.advance(500), 1_500);
      assert.equal(await here.read(), 1_500);

      const clock = new OffsetClock(() => 0);
      clock.advance(5_000);
      clock.catchUp(await here.read());
      assert.equal(clock.offsetMs, 5_000, 'a clock already further along stays where it is');
    } finally {
      await two.close();
    }
  });

  it('catches a following clock up when another process moves the offset, between requests', async () => {
    const { db: one, url } = await emptied();
    const two = await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const clock = new OffsetClock(() => 0);
      await new PgClockOffset(one).follow(clock);
      await new PgClockOffset(two).advance(86_400_000);
      const deadline = Date.now() + 10_000;
      while (clock.offsetMs !== 86_400_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(clock.offsetMs, 86_400_000, 'the notice from the other process moved this clock');
    } finally {
      await two.close();
    }
  });
});
