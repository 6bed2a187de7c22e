import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { FixedClock } from '../../core/clock.js';
import type { TableDefinition } from '../catalog.js';
import { CATALOG_CONTRACT_ACCOUNTS, runCatalogStoreContract } from '../catalog.contract.js';
import { SqliteCatalogStore } from './catalog-store.js';
import { openDatabase } from './database.js';

/** The catalog's rows refer to their account (glue_databases → accounts): the accounts are made directly. */
function addAccounts(db: DatabaseSync, ids: readonly string[]): void {
  const insert = db.prepare('INSERT INTO accounts (account_id, canonical_user_id, created_at) VALUES (?, ?, 0)');
  for (const id of ids) insert.run(id, `canonical-${id}`);
}

runCatalogStoreContract('SQLite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-catalog-'));
  const db = openDatabase(dir);
  addAccounts(db, CATALOG_CONTRACT_ACCOUNTS);
  return {
    store: new SqliteCatalogStore(db, clock),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite Glue catalog store', () => {
  it('keeps databases, tables and partitions across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-catalog-'));
    try {
      let db = openDatabase(dir);
      const clock = new FixedClock(new Date(5_000));
      const acct = '123456789012';
      addAccounts(db, [acct]);
      const table: TableDefinition = { Name: 'T', StorageDescriptor: { Location: 's3://b/p' } };
      let catalog = new SqliteCatalogStore(db, clock);
      await catalog.ensureDatabase(acct, 'us-east-1', { Name: 'DB' });
      await catalog.createTable(acct, 'us-east-1', 'db', table, 'me');
      await catalog.createPartition(acct, 'us-east-1', 'db', 't', { Values: ['2'] });
      await catalog.createPartition(acct, 'us-east-1', 'db', 't', { Values: ['1'] });
      db.close();

      db = openDatabase(dir);
      catalog = new SqliteCatalogStore(db, clock);
      assert.deepEqual(await catalog.getTable(acct, 'us-east-1', 'DB', 't'), {
        ...table, Name: 't', catalogId: acct, region: 'us-east-1', databaseName: 'db', createdAt: new Date(5_000), updatedAt: new Date(5_000), createdBy: 'me', version: 1,
      });
      assert.deepEqual((await catalog.listPartitions(acct, 'us-east-1', 'db', 't')).map((p) => p.Values), [['2'], ['1']]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
