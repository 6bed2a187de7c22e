import type { OffsetClock, SharedClockOffset } from '../../core/clock.js';
import type { PgDatabase } from './database.js';

/** {@link SharedClockOffset} on PostgreSQL: one row; every advance is announced on the `clock` topic. */
export class PgClockOffset implements SharedClockOffset {
  constructor(private readonly db: PgDatabase) {}

  async read(): Promise<number> {
    const r = await this.db.query<{ offset_ms: number }>('SELECT offset_ms FROM test_clock');
    return r.rows[0]?.offset_ms ?? 0;
  }

  async advance(ms: number): Promise<number> {
    return this.db.transaction(async (client) => {
      const r = await client.query<{ offset_ms: number }>(
        `INSERT INTO test_clock (offset_ms) VALUES ($1)
         ON CONFLICT (only_row) DO UPDATE SET offset_ms = test_clock.offset_ms + EXCLUDED.offset_ms
         RETURNING offset_ms`,
        [ms],
      );
      return r.rows[0]!.offset_ms;
    }, ['clock']);
  }

  async follow(clock: OffsetClock): Promise<void> {
    this.db.onChange('clock', () => {
      this.read().then((offset) => clock.catchUp(offset), () => undefined);
    });
    clock.catchUp(await this.read());
  }
}
