import type { Clock } from '../../core/clock.js';
import { newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import type { OperatorKey, OperatorKeyStore } from '../operator-keys.js';
import type { PgDatabase } from './database.js';

interface Row {
  access_key_id: string;
  secret_access_key: string;
}

const toKey = (r: Row): OperatorKey => ({ accessKeyId: r.access_key_id, secretAccessKey: r.secret_access_key });

/** {@link OperatorKeyStore} on PostgreSQL: one operator key for every sagelite process on the database. */
export class PgOperatorKeyStore implements OperatorKeyStore {
  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {}

  async getOperatorKey(accessKeyId: string): Promise<OperatorKey | undefined> {
    const r = await this.db.query<Row>('SELECT access_key_id, secret_access_key FROM operator_keys WHERE access_key_id = $1', [accessKeyId]);
    return r.rows[0] ? toKey(r.rows[0]) : undefined;
  }

  /**
   * The row marked `is_first` (at most one may be: a unique index), made when there is none.
   * Two processes starting together both try to insert theirs; the second insert waits for the
   * first to commit and then does nothing, so the read after it finds the same key in both.
   */
  async ensureOperatorKey(): Promise<OperatorKey> {
    const first = 'SELECT access_key_id, secret_access_key FROM operator_keys WHERE is_first';
    const found = await this.db.query<Row>(first);
    if (found.rows[0]) return toKey(found.rows[0]);
    await this.db.query(
      'INSERT INTO operator_keys (access_key_id, secret_access_key, created_at, is_first) VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING',
      [newUniqueId('AKIA'), newSecretAccessKey(), this.clock.now().getTime()],
    );
    const made = await this.db.query<Row>(first);
    if (!made.rows[0]) throw new Error('no operator key after inserting one');
    return toKey(made.rows[0]);
  }
}
