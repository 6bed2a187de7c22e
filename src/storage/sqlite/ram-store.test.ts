import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResourceShareStoreContract } from '../ram.contract.js';
import { openDatabase } from './database.js';
import { SqliteResourceShareStore } from './ram-store.js';

runResourceShareStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-ram-'));
  const db = openDatabase(dir);
  return {
    store: new SqliteResourceShareStore(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
