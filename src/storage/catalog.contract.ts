import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../core/clock.js';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogStore, type PartitionDefinition, type TableDefinition } from './catalog.js';

/** A fresh, empty store on `clock`, in which accounts {@link CATALOG_CONTRACT_ACCOUNTS} exist, and how to let it go. */
export interface CatalogStoreFixture {
  store: CatalogStore;
  close(): Promise<void>;
}

/** The accounts (catalog ids) the suite uses: a fixture whose database checks accounts must have them. */
export const CATALOG_CONTRACT_ACCOUNTS = ['111111111111', '222222222222'] as const;
const [A, B] = CATALOG_CONTRACT_ACCOUNTS;
const R = 'us-east-1';
const FS = 'sagemaker_featurestore';

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

const partition = (year: string, location = `s3://b/p/data/year=${year}`): PartitionDefinition => ({
  Values: [year],
  StorageDescriptor: { Location: location },
  Parameters: { p: year },
});

/**
 * The behaviour every {@link CatalogStore} implementation must have, derived from the SQLite
 * store's. Run it from the implementation's own test file with a factory that opens an empty
 * store on `clock`.
 *
 * @example
 * runCatalogStoreContract('SQLite', async (clock) => ({ store: new SqliteCatalogStore(db, clock), close }));
 */
export function runCatalogStoreContract(implementation: string, open: (clock: FixedClock) => Promise<CatalogStoreFixture>): void {
  const withStore = (fn: (store: CatalogStore, clock: FixedClock) => Promise<void>) => async () => {
    const clock = new FixedClock(new Date(5_000));
    const f = await open(clock);
    try {
      await fn(f.store, clock);
    } finally {
      await f.close();
    }
  };

  describe(`CatalogStore contract: ${implementation}`, () => {
    it('keeps databases per account and region, lower-cased; ensure keeps an existing one; a second create is refused in any case', withStore(async (catalog) => {
      await assert.rejects(catalog.createTable(A, R, FS, table), CatalogEntityNotFoundError);
      const created = await catalog.ensureDatabase(A, R, { Name: 'SageMaker_FeatureStore', Description: 'fs' });
      assert.deepEqual(created, { Name: FS, Description: 'fs', catalogId: A, region: R, createdAt: new Date(5_000) });
      assert.deepEqual(await catalog.ensureDatabase(A, R, { Name: FS }), created, 'ensure keeps the existing one');
      await assert.rejects(catalog.createDatabase(A, R, { Name: 'SAGEMAKER_FEATURESTORE' }), CatalogEntityExistsError);
      assert.deepEqual(await catalog.getDatabase(A, R, 'SAGEMAKER_FeatureStore'), created);
      assert.equal(await catalog.getDatabase(A, 'eu-west-1', FS), undefined, 'regions are apart');
      assert.equal(await catalog.getDatabase(B, R, FS), undefined, 'accounts are apart');
      await catalog.createDatabase(B, R, { Name: FS });
      await catalog.createDatabase(A, R, { Name: 'Zeta', LocationUri: 's3://z/', Parameters: { k: 'v' } });
      await catalog.createDatabase(A, R, { Name: 'ab' });
      await catalog.createDatabase(A, R, { Name: 'a_c' });
      assert.deepEqual((await catalog.listDatabases(A, R)).map((d) => d.Name), ['a_c', 'ab', FS, 'zeta'], 'by name, byte order');
      assert.deepEqual(await catalog.listDatabases(A, 'eu-west-1'), []);
    }));

    it('replaces a database definition keeping its name and creation time; refuses an unknown one', withStore(async (catalog, clock) => {
      await catalog.createDatabase(A, R, { Name: 'db', Description: 'old', Parameters: { a: '1' } });
      clock.set(new Date(9_000));
      const updated = await catalog.updateDatabase(A, R, 'DB', { LocationUri: 's3://x/' });
      assert.deepEqual(updated, { Name: 'db', LocationUri: 's3://x/', catalogId: A, region: R, createdAt: new Date(5_000) });
      assert.deepEqual(await catalog.getDatabase(A, R, 'db'), updated);
      await assert.rejects(catalog.updateDatabase(A, R, 'nope', {}), CatalogEntityNotFoundError);
    }));

    it('creates a table once in an existing database, keeping its definition as given (its own members only) and who created it', withStore(async (catalog) => {
      await catalog.ensureDatabase(A, R, { Name: FS });
      const created = await catalog.createTable(A, R, 'SAGEMAKER_FEATURESTORE', { ...table, Bogus: 'not a member' } as TableDefinition, `arn:aws:iam::${A}:root`);
      const expected = {
        ...table, Name: 'customers_1700000000', catalogId: A, region: R, databaseName: FS,
        createdAt: new Date(5_000), updatedAt: new Date(5_000), createdBy: `arn:aws:iam::${A}:root`, version: 1,
      };
      assert.deepEqual(created, expected);
      assert.deepEqual(await catalog.getTable(A, R, 'SAGEMAKER_FEATURESTORE', 'CUSTOMERS_1700000000'), expected);
      await assert.rejects(catalog.createTable(A, R, FS, { ...table, Name: 'customers_1700000000' }), CatalogEntityExistsError);
      await catalog.createTable(A, R, FS, { Name: 'b_z' });
      const anonymous = await catalog.createTable(A, R, FS, { Name: 'bare' });
      assert.deepEqual(anonymous, { Name: 'bare', catalogId: A, region: R, databaseName: FS, createdAt: new Date(5_000), updatedAt: new Date(5_000), version: 1 });
      assert.equal(await catalog.getTable(A, 'eu-west-1', FS, 'bare'), undefined);
      assert.equal(await catalog.getTable(B, R, FS, 'bare'), undefined);
      assert.deepEqual((await catalog.listTables(A, R, FS)).map((t) => t.Name), ['b_z', 'bare', 'customers_1700000000'], 'by name, byte order');
      assert.deepEqual(await catalog.listTables(A, R, 'nodb'), []);
    }));

    it("replaces a table's definition, bumping its version and keeping its creation time; refuses an unknown table", withStore(async (catalog, clock) => {
      await catalog.ensureDatabase(A, R, { Name: FS });
      await catalog.createTable(A, R, FS, table, 'creator');
      clock.set(new Date(9_000));
      const cols = [{ Name: 'cid', Type: 'bigint' }, { Name: 'age', Type: 'bigint' }];
      const updated = await catalog.updateTable(A, R, FS, { ...table, StorageDescriptor: { ...table.StorageDescriptor, Columns: cols } });
      assert.deepEqual([updated.version, updated.createdAt, updated.updatedAt, updated.StorageDescriptor?.Columns, updated.createdBy], [2, new Date(5_000), new Date(9_000), cols, 'creator']);
      const again = await catalog.updateTable(A, R, FS, { Name: table.Name });
      assert.deepEqual([again.version, again.TableType, again.StorageDescriptor], [3, undefined, undefined], 'a replacement, not a merge');
      assert.deepEqual(await catalog.getTable(A, R, FS, table.Name), again);
      await assert.rejects(catalog.updateTable(A, R, FS, { Name: 'nope' }), CatalogEntityNotFoundError);
      await assert.rejects(catalog.updateTable(A, R, 'nodb', { Name: table.Name }), CatalogEntityNotFoundError);
    }));

    it('deletes tables, and a database with its tables and their partitions', withStore(async (catalog) => {
      await catalog.ensureDatabase(A, R, { Name: FS });
      await catalog.createTable(A, R, FS, table);
      await catalog.createTable(A, R, FS, { Name: 'other' });
      await catalog.createPartition(A, R, FS, table.Name, partition('2024'));
      assert.equal(await catalog.deleteTable(A, R, FS, 'OTHER'), true);
      assert.equal(await catalog.deleteTable(A, R, FS, 'other'), false);
      assert.equal(await catalog.deleteDatabase(A, R, 'SageMaker_FeatureStore'), true);
      assert.equal(await catalog.deleteDatabase(A, R, FS), false);
      assert.deepEqual(await catalog.listTables(A, R, FS), [], 'tables go with their database');
      assert.equal(await catalog.deleteTable(A, R, FS, table.Name), false);
      // A database of the same name again starts empty.
      await catalog.createDatabase(A, R, { Name: FS });
      await catalog.createTable(A, R, FS, table);
      assert.deepEqual(await catalog.listPartitions(A, R, FS, table.Name), [], 'partitions went with their table');
    }));

    it("creates a table's partitions once per values (case kept), lists them in creation order", withStore(async (catalog) => {
      await assert.rejects(catalog.createPartition(A, R, FS, table.Name, partition('2024')), CatalogEntityNotFoundError);
      await catalog.ensureDatabase(A, R, { Name: FS });
      await catalog.createTable(A, R, FS, table);
      const p = await catalog.createPartition(A, R, 'SAGEMAKER_FEATURESTORE', 'CUSTOMERS_1700000000', { ...partition('2025'), Bogus: 1 } as PartitionDefinition);
      assert.deepEqual(p, { ...partition('2025'), catalogId: A, region: R, databaseName: FS, tableName: 'customers_1700000000', createdAt: new Date(5_000) });
      await catalog.createPartition(A, R, FS, table.Name, partition('2023'));
      await catalog.createPartition(A, R, FS, table.Name, partition('X'));
      await catalog.createPartition(A, R, FS, table.Name, partition('x'));
      await catalog.createPartition(A, R, FS, table.Name, { Values: ['a', 'b'] });
      await assert.rejects(catalog.createPartition(A, R, FS, table.Name, partition('2025', 's3://elsewhere')), CatalogEntityExistsError);
      assert.deepEqual(await catalog.getPartition(A, R, FS, table.Name, ['2025']), p);
      assert.equal(await catalog.getPartition(A, R, FS, table.Name, ['2026']), undefined);
      assert.equal((await catalog.getPartition(A, R, FS, table.Name, ['X']))?.Parameters?.['p'], 'X');
      assert.deepEqual((await catalog.listPartitions(A, R, FS, table.Name)).map((x) => x.Values), [['2025'], ['2023'], ['X'], ['x'], ['a', 'b']]);
      assert.deepEqual(await catalog.listPartitions(A, R, FS, 'nope'), []);
      assert.deepEqual(await catalog.listPartitions(B, R, FS, table.Name), []);
    }));

    it('replaces a partition, its values too, keeping its place and creation time; refuses an unknown one and taken values', withStore(async (catalog, clock) => {
      await catalog.ensureDatabase(A, R, { Name: FS });
      await catalog.createTable(A, R, FS, table);
      for (const y of ['2021', '2022', '2023']) await catalog.createPartition(A, R, FS, table.Name, partition(y));
      clock.set(new Date(9_000));
      const moved = await catalog.updatePartition(A, R, FS, table.Name, ['2021'], { Values: ['2020'], Parameters: { moved: 'yes' } });
      assert.deepEqual(moved, { Values: ['2020'], Parameters: { moved: 'yes' }, catalogId: A, region: R, databaseName: FS, tableName: table.Name.toLowerCase(), createdAt: new Date(5_000) });
      assert.equal(await catalog.getPartition(A, R, FS, table.Name, ['2021']), undefined);
      assert.deepEqual((await catalog.listPartitions(A, R, FS, table.Name)).map((x) => x.Values[0]), ['2020', '2022', '2023']);
      const same = await catalog.updatePartition(A, R, FS, table.Name, ['2022'], partition('2022', 's3://new'));
      assert.equal(same.StorageDescriptor?.Location, 's3://new');
      await assert.rejects(catalog.updatePartition(A, R, FS, table.Name, ['2022'], partition('2023')), CatalogEntityExistsError);
      await assert.rejects(catalog.updatePartition(A, R, FS, table.Name, ['1999'], partition('1998')), CatalogEntityNotFoundError);
      await assert.rejects(catalog.updatePartition(A, R, FS, table.Name, ['1999'], partition('2023')), CatalogEntityNotFoundError, 'unknown comes before taken');
      assert.equal((await catalog.getPartition(A, R, FS, table.Name, ['2023']))?.StorageDescriptor?.Location, 's3://b/p/data/year=2023', 'a refused update changed nothing');
      assert.equal(await catalog.deletePartition(A, R, FS, table.Name, ['2020']), true);
      assert.equal(await catalog.deletePartition(A, R, FS, table.Name, ['2020']), false);
      assert.deepEqual((await catalog.listPartitions(A, R, FS, table.Name)).map((x) => x.Values[0]), ['2022', '2023']);
    }));

    it('lets exactly one of several concurrent creates of a database, a table, a partition win; the others are told it exists', withStore(async (catalog) => {
      const settle = async (creates: Array<Promise<unknown>>): Promise<void> => {
        const outcomes = await Promise.allSettled(creates);
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
        for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof CatalogEntityExistsError, String(o.reason));
      };
      await settle([1, 2, 3, 4].map((i) => catalog.createDatabase(A, R, { Name: i % 2 ? 'Race' : 'race', Description: `${i}` })));
      const ensured = await Promise.all([1, 2, 3].map(() => catalog.ensureDatabase(A, R, { Name: 'ensured' })));
      assert.deepEqual(ensured[0], ensured[2], 'ensure never fails on a race');
      await settle([1, 2, 3, 4].map((i) => catalog.createTable(A, R, 'race', { Name: 'T', Description: `${i}` })));
      await settle([1, 2, 3, 4].map((i) => catalog.createPartition(A, R, 'race', 't', { Values: ['v'], Parameters: { i: `${i}` } })));
      assert.equal((await catalog.listPartitions(A, R, 'race', 't')).length, 1);
    }));

    it('keeps one resource policy per catalog and region, changed only when its check passes, each change with its own hash', withStore(async (catalog, clock) => {
      assert.equal(await catalog.getCatalogPolicy(A, R), undefined);
      const created = clock.now().getTime();
      const first = await catalog.putCatalogPolicy(A, R, { document: '{"v":1}', hash: 'h1' }, (current) => assert.equal(current, undefined));
      assert.deepEqual(first, { document: '{"v":1}', hash: 'h1', createdAt: new Date(created), updatedAt: new Date(created) });
      clock.set(new Date(created + 5_000));
      const refusal = new Error('refused');
      await assert.rejects(catalog.putCatalogPolicy(A, R, { document: '{"v":2}', hash: 'h2' }, () => { throw refusal; }), (e) => e === refusal);
      assert.equal((await catalog.getCatalogPolicy(A, R))!.hash, 'h1', 'a refused put changes nothing');
      let seen: string | undefined;
      const second = await catalog.putCatalogPolicy(A, R, { document: '{"v":2}', hash: 'h2' }, (current) => (seen = current?.hash));
      assert.equal(seen, 'h1', 'the check sees the stored policy');
      assert.deepEqual(second, { document: '{"v":2}', hash: 'h2', createdAt: new Date(created), updatedAt: new Date(created + 5_000) });
      assert.equal(await catalog.getCatalogPolicy(B, R), undefined, 'another catalog has none');
      assert.equal(await catalog.getCatalogPolicy(A, 'eu-west-1'), undefined, 'nor another region');
      await assert.rejects(catalog.deleteCatalogPolicy(A, R, () => { throw refusal; }), (e) => e === refusal);
      assert.equal((await catalog.getCatalogPolicy(A, R))!.hash, 'h2');
      await catalog.deleteCatalogPolicy(A, R, (current) => assert.equal(current?.hash, 'h2'));
      assert.equal(await catalog.getCatalogPolicy(A, R), undefined);
    }));

    it('lets one of several concurrent creates of a policy that must not exist win', withStore(async (catalog) => {
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map((i) => catalog.putCatalogPolicy(B, R, { document: `{"i":${i}}`, hash: `h${i}` }, (current) => {
        if (current) throw new Error('exists');
      })));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    }));
  });
}
