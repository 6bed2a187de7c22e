import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import type { OperatorKey, OperatorKeyStore } from '../operator-keys.js';
import { immediate, prepare } from './node-sqlite.js';

interface Row {
  access_key_id: string;
  secret_access_key: string;
}

const toKey = (r: Row): OperatorKey => ({ accessKeyId: r.access_key_id, secretAccessKey: r.secret_access_key });

export class SqliteOperatorKeyStore implements OperatorKeyStore {
  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {}

  async getOperatorKey(accessKeyId: string): Promise<OperatorKey | undefined> {
    const r = prepare<[string], Row>(this.db, 'SELECT * FROM operator_keys WHERE access_key_id = ?').get(accessKeyId);
    return r ? toKey(r) : undefined;
  }

  async ensureOperatorKey(): Promise<OperatorKey> {
    return immediate(this.db, () => {
      const r = prepare<[], Row>(this.db, 'SELECT * FROM operator_keys ORDER BY created_at LIMIT 1').get();
      if (r) return toKey(r);
      const key = { accessKeyId: newUniqueId('AKIA'), secretAccessKey: newSecretAccessKey() };
      this.db.prepare('INSERT INTO operator_keys VALUES (?, ?, ?)').run(key.accessKeyId, key.secretAccessKey, this.clock.now().getTime());
      return key;
    });
  }
}
