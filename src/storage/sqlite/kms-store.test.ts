import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKmsStoreContract } from '../kms.contract.js';
import { openDatabase } from './database.js';
import { SqliteKmsStore } from './kms-store.js';

runKmsStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-kms-'));
  const db = openDatabase(dir);
  return {
    store: new SqliteKmsStore(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
