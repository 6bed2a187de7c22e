import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type TableDefinition } from '../catalog.js';
import { SqliteAccountStore } from './account-store.js';
import { SqliteCatalogStore } from './catalog-store.js';
import { openDatabase } from './database.js';

const table: TableDefinition = {
  Name: 'Customers_1700000000',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [{ Name: 'year', Type: 'string' }],
  StorageDescriptor: {
    Columns: [{ Name: 'cid', Type: 'bigint' }],
    Location: 's3://b/p/data',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
  },
};

describe('SQLite Glue catalog store', () => {
  it('keeps databases and tables per account and region, lower-cased, across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-catalog-'));
    try {
      let db = openDatabase(dir);
      const clock = new FixedClock(new Date(5_000));
      const { account } = new SqliteAccountStore(db, clock).createAccount({});
      const acct = account.accountId;
      let catalog = new SqliteCatalogStore(db, clock);
      assert.throws(() => catalog.createTable(acct, 'us-east-1', 'sagemaker_featurestore', table), CatalogEntityNotFoundError);
      const created = catalog.ensureDatabase(acct, 'us-east-1', { Name: 'SageMaker_FeatureStore', Description: 'fs' });
      assert.deepEqual(created, { Name: 'sagemaker_featurestore', Description: 'fs', catalogId: acct, region: 'us-east-1', createdAt: new Date(5_000) });
      assert.deepEqual(catalog.ensureDatabase(acct, 'us-east-1', { Name: 'sagemaker_featurestore' }), created, 'ensure keeps the existing one');
      assert.throws(() => catalog.createDatabase(acct, 'us-east-1', { Name: 'SAGEMAKER_FEATURESTORE' }), CatalogEntityExistsError);
      catalog.createTable(acct, 'us-east-1', 'sagemaker_featurestore', table, `arn:aws:iam::${acct}:root`);
      assert.throws(() => catalog.createTable(acct, 'us-east-1', 'sagemaker_featurestore', table), CatalogEntityExistsError);
      db.close();

      db = openDatabase(dir);
      catalog = new SqliteCatalogStore(db, clock);
      const stored = catalog.getTable(acct, 'us-east-1', 'SAGEMAKER_FEATURESTORE', 'customers_1700000000');
      assert.deepEqual(stored, {
        ...table, Name: 'customers_1700000000', catalogId: acct, region: 'us-east-1', databaseName: 'sagemaker_featurestore',
        createdAt: new Date(5_000), updatedAt: new Date(5_000), createdBy: `arn:aws:iam::${acct}:root`, version: 1,
      });
      assert.equal(catalog.getTable(acct, 'eu-west-1', 'sagemaker_featurestore', 'customers_1700000000'), undefined);

      clock.set(new Date(9_000));
      const cols = [{ Name: 'cid', Type: 'bigint' }, { Name: 'age', Type: 'bigint' }];
      const updated = catalog.updateTable(acct, 'us-east-1', 'sagemaker_featurestore', { ...table, StorageDescriptor: { ...table.StorageDescriptor, Columns: cols } });
      assert.deepEqual([updated.version, updated.createdAt, updated.updatedAt, updated.StorageDescriptor?.Columns], [2, new Date(5_000), new Date(9_000), cols]);
      assert.throws(() => catalog.updateTable(acct, 'us-east-1', 'sagemaker_featurestore', { Name: 'nope' }), CatalogEntityNotFoundError);
      assert.deepEqual(catalog.listTables(acct, 'us-east-1', 'sagemaker_featurestore').map((t) => t.Name), ['customers_1700000000']);
      assert.deepEqual(catalog.listDatabases(acct, 'us-east-1').map((d) => d.Name), ['sagemaker_featurestore']);

      assert.equal(catalog.deleteDatabase(acct, 'us-east-1', 'sagemaker_featurestore'), true);
      assert.deepEqual(catalog.listTables(acct, 'us-east-1', 'sagemaker_featurestore'), [], 'tables go with their database');
      assert.equal(catalog.deleteTable(acct, 'us-east-1', 'sagemaker_featurestore', 'customers_1700000000'), false);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
