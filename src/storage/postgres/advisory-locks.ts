import pg from 'pg';
import { LocalLocks, type KeyedLocks } from '../../core/keyed-lock.js';
import { unavailableOr } from './database.js';

/**
 * {@link KeyedLocks} every process on the database sees: a key's holders queue in this process
 * first ({@link LocalLocks}), then the one in front takes PostgreSQL's advisory lock of the key on
 * a connection of a small pool of its own, runs, and lets go. Its own pool, so that work waiting
 * for a lock never holds the connections the holder's work needs.
 */
export class PgAdvisoryLocks implements KeyedLocks {
  readonly #local = new LocalLocks();
  readonly #pool: pg.Pool;

  constructor(url: string, onError?: (e: Error) => void) {
    this.#pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
    this.#pool.on('error', (e) => onError?.(e));
  }

  withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    return this.#local.withLock(key, async () => {
      const client = await this.#pool.connect().catch((e: unknown) => {
        throw unavailableOr(e);
      });
      let broken: Error | undefined;
      // Held across `fn`: a connection lost meanwhile must not be an unhandled 'error' event (see PgDatabase.transaction).
      const onLost = (e: Error): void => {
        broken = e;
      };
      client.on('error', onLost);
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]).catch((e: Error) => {
          broken = e;
          throw unavailableOr(e);
        });
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((e: Error) => {
            // A lock whose connection failed went with the connection; the connection goes too.
            broken = e;
          });
        }
      } finally {
        client.off('error', onLost);
        client.release(broken);
      }
    });
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
