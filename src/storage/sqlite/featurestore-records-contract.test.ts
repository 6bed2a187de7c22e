import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRecordStoreContract } from '../../../test/support/record-store-contract.js';
import { openDatabase } from './database.js';
import { SqliteOfflineOutbox } from './featurestore-outbox.js';
import { SqliteRecordStore } from './featurestore-records.js';

runRecordStoreContract('SQLite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-records-contract-'));
  const db = openDatabase(dir);
  const store = new SqliteRecordStore(db, new SqliteOfflineOutbox(db), { clock, sweepIntervalMs: 0 });
  return {
    store,
    close: async () => {
      store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
