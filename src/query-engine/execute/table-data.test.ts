// How partitioned tables' objects are laid out for DuckDB (partition number folders read by hive
// partitioning, or the file-name join when the scratch path holds a `=`): both must show the
// same rows whatever the partition values, keys and object names.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineFixture, glueTable, JSON_SERDE, OPEN_CSV_SERDE, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';

for (const engineTmpName of ['engine-tmp', 'data=dir']) {
  describe(`partitioned tables read from a scratch directory named ${engineTmpName}`, () => {
    let f: EngineFixture;
    const rows = async (sql: string) => (await f.engine.execute(f.request(sql))).rows;
    before(async () => {
      f = await engineFixture({ engineTmpName });
      await f.catalog.createDatabase('sales', {});
      await f.writeParquet('s3://lake/t/k=a=b/x.parquet', "SELECT 1::BIGINT AS id");
      // Objects in subfolders of the partition's location, and names holding `=`, are read too.
      await f.writeParquet('s3://lake/t/k=a=b/year=2024/y=1.parquet', "SELECT 2::BIGINT AS id");
      await f.writeParquet('s3://lake/t/k=a=b/other/y=1.parquet', "SELECT 3::BIGINT AS id");
      await f.writeParquet('s3://lake/odd/x.parquet', "SELECT 4::BIGINT AS id");
      await f.catalog.createTable('sales', glueTable('t', 's3://lake/t/', 'id bigint', { partitions: 'k string, n int' }));
      await f.catalog.addPartitions('sales', 't', [
        { Values: ['a=b', '1'], StorageDescriptor: { Location: 's3://lake/t/k=a=b' } },
        { Values: ["it's/a \"path\"", 'x'], StorageDescriptor: { Location: 's3://lake/odd' } },
        { Values: ['empty', '3'], StorageDescriptor: { Location: 's3://lake/nothing' } },
        // The same objects registered twice are read twice, as Athena reads each partition's location.
        { Values: ['again', '4'], StorageDescriptor: { Location: 's3://lake/odd/' } },
      ]);
    });
    after(() => f.close());

    it('gives every row its own partition values, typed (a value that does not convert is NULL)', async () => {
      assert.deepEqual(await rows('SELECT id, k, n FROM t ORDER BY id, k'), [
        ['1', 'a=b', '1'], ['2', 'a=b', '1'], ['3', 'a=b', '1'], ['4', 'again', '4'], ['4', 'it\'s/a "path"', null],
      ]);
      assert.deepEqual(await rows("SELECT count(*) FROM t WHERE k = 'a=b'"), [['3']]);
      assert.deepEqual(await rows('SELECT count(*), count(DISTINCT k) FROM t'), [['5', '3']]);
    });

    it('does the same for OpenCSVSerde and JSON tables', async () => {
      await f.put('s3://lake/csv/d=1/a.csv', 'p,1\n');
      await f.put('s3://lake/csv/d=2/sub/b.csv', 'q,2\n');
      await f.catalog.createTable('sales', glueTable('c', 's3://lake/csv/', 'name string, v int', { serde: OPEN_CSV_SERDE, partitions: 'd int' }));
      await f.catalog.addPartitions('sales', 'c', [
        { Values: ['1'], StorageDescriptor: { Location: 's3://lake/csv/d=1' } },
        { Values: ['2'], StorageDescriptor: { Location: 's3://lake/csv/d=2' } },
      ]);
      assert.deepEqual(await rows('SELECT name, v, d FROM c ORDER BY d'), [['p', '1', '1'], ['q', '2', '2']]);
      await f.put('s3://lake/json/d=7/a.json', '{"name": "j"}\n');
      await f.catalog.createTable('sales', glueTable('j', 's3://lake/json/', 'name string', { serde: JSON_SERDE, partitions: 'd int' }));
      await f.catalog.addPartitions('sales', 'j', [{ Values: ['7'], StorageDescriptor: { Location: 's3://lake/json/d=7' } }]);
      assert.deepEqual(await rows('SELECT name, d FROM j'), [['j', '7']]);
      assert.deepEqual(await f.leftovers(), []);
    });
  });
}
