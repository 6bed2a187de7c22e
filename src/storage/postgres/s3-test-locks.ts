import pg from 'pg';

/**
 * What the PostgreSQL S3 stores' race tests need: a connection of their own that holds a row or
 * key in an open transaction (standing for another server process caught mid-write), and a way
 * to wait until the racers are all blocked behind it, so that the race is certain to happen,
 * whatever the machine's speed.
 */
export class LockHolder {
  private constructor(private readonly client: pg.Client, private readonly url: string) {}

  /** Connects and opens a transaction. */
  static async begin(url: string): Promise<LockHolder> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    return new LockHolder(client, url);
  }

  query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.client.query(sql, params);
  }

  /** Resolves once `count` other sessions of this database wait for a lock (polls pg_stat_activity; fails after 20 s). */
  async waitForWaiters(count: number): Promise<void> {
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    try {
      for (const deadline = Date.now() + 20_000; ; ) {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (rows[0]!.n >= count) return;
        if (Date.now() > deadline) throw new Error(`only ${rows[0]!.n} of ${count} sessions came to wait for the lock`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await admin.end();
    }
  }

  /** Ends the transaction (commit or rollback) and the connection. */
  async end(outcome: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      await this.client.query(outcome);
    } finally {
      await this.client.end();
    }
  }
}
