import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { engineFixture, type EngineFixture } from '../../../test/support/query-engine-fixtures.js';

const failsWith = (pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof QueryFailure, String(e));
  assert.match(e.message, pattern);
  return true;
};

describe('DuckDbQueryEngine: DDL and utility statements through the caller\'s catalog', () => {
  let f: EngineFixture;
  const run = (sql: string, database = 'analytics') => f.engine.execute(f.request(sql, { database }));
  before(async () => {
    f = await engineFixture();
  });
  after(() => f.close());

  it('CREATE DATABASE / IF NOT EXISTS / existing, as DDL with empty text output', async () => {
    const r = await run("CREATE DATABASE analytics COMMENT 'team data'");
    assert.deepEqual([r.statementType, r.substatementType, r.outputFormat, r.rows], ['DDL', 'CREATE_DATABASE', 'txt', []]);
    assert.equal(await f.catalog.databaseExists('analytics'), true);
    await run('CREATE DATABASE IF NOT EXISTS analytics');
    await assert.rejects(run('CREATE DATABASE analytics'), failsWith(/analytics already exists/));
    const dbs = await run('SHOW DATABASES');
    assert.deepEqual([dbs.statementType, dbs.substatementType, dbs.outputFormat], ['UTILITY', 'SHOW_DATABASES', 'txt']);
    assert.ok(dbs.rows.some((row) => row[0] === 'analytics'));
  });

  it('CREATE EXTERNAL TABLE registers Glue\'s TableInput; SHOW TABLES/COLUMNS/CREATE TABLE/TBLPROPERTIES and DESCRIBE read it back', async () => {
    const r = await run(`CREATE EXTERNAL TABLE events (id string, amount double)
      PARTITIONED BY (dt string)
      STORED AS PARQUET
      LOCATION 's3://lake/events/'
      TBLPROPERTIES ('parquet.compression'='SNAPPY')`);
    assert.deepEqual([r.statementType, r.substatementType], ['DDL', 'CREATE_TABLE']);
    const table = await f.catalog.getTable('analytics', 'events');
    assert.deepEqual(table?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type]), [['id', 'string'], ['amount', 'double']]);
    assert.deepEqual(table?.PartitionKeys?.map((c) => c.Name), ['dt']);
    await run("CREATE EXTERNAL TABLE IF NOT EXISTS events (x int) LOCATION 's3://lake/other/'");
    await assert.rejects(run("CREATE EXTERNAL TABLE events (x int) LOCATION 's3://lake/other/'"), failsWith(/already exists/));

    const tables = await run('SHOW TABLES');
    assert.deepEqual([tables.substatementType, tables.rows], ['SHOW_TABLES', [['events']]]);
    const columns = await run('SHOW COLUMNS IN events');
    assert.equal(columns.substatementType, 'SHOW_COLUMNS');
    assert.deepEqual(columns.rows.map((row) => row[0]?.trim()), ['id', 'amount', 'dt']);
    const ddl = await run('SHOW CREATE TABLE analytics.events');
    assert.equal(ddl.substatementType, 'SHOW_CREATE_TABLE');
    assert.match(ddl.rows.map((row) => row[0]).join('\n'), /^CREATE EXTERNAL TABLE `events`\(\n  `id` string, [\s\S]*LOCATION\n  's3:\/\/lake\/events\/'/);
    const props = await run('SHOW TBLPROPERTIES events');
    assert.ok(props.rows.some((row) => /parquet\.compression\tSNAPPY/.test(row[0] ?? '')));
    const described = await run('DESCRIBE events');
    assert.deepEqual([described.statementType, described.substatementType, described.outputFormat], ['UTILITY', 'DESCRIBE_TABLE', 'txt']);
    assert.match(described.rows[0]?.[0] ?? '', /^id\s+\tstring/);
    await assert.rejects(run('DESCRIBE nope'), failsWith(/^TABLE_NOT_FOUND: .*'awsdatacatalog\.analytics\.nope'/));
    await run("CREATE EXTERNAL TABLE flat (x int) LOCATION 's3://lake/flat/'");
    await assert.rejects(
      run('SHOW PARTITIONS flat'),
      failsWith(/^FAILED: Execution Error, return code 1 from org\.apache\.hadoop\.hive\.ql\.exec\.DDLTask\. Table analytics\.flat is not a partitioned table$/),
    );
    await run('DROP TABLE flat');
  });

  it('ALTER TABLE ADD PARTITION (default and explicit locations, IF NOT EXISTS), SHOW PARTITIONS, DROP PARTITION', async () => {
    const r = await run("ALTER TABLE events ADD PARTITION (dt='2024-01-01') PARTITION (dt='2024-01-02') LOCATION 's3://lake/elsewhere/'");
    assert.deepEqual([r.statementType, r.substatementType], ['DDL', 'ALTER_TABLE_ADD_PARTITION']);
    const parts = await f.catalog.listPartitions('analytics', 'events');
    assert.deepEqual(parts.map((p) => [p.Values, p.StorageDescriptor?.Location]), [[['2024-01-01'], 's3://lake/events/dt=2024-01-01'], [['2024-01-02'], 's3://lake/elsewhere/']]);
    await assert.rejects(run("ALTER TABLE events ADD PARTITION (dt='2024-01-01')"), failsWith(/already exists/i));
    await run("ALTER TABLE events ADD IF NOT EXISTS PARTITION (dt='2024-01-01')");
    await assert.rejects(run("ALTER TABLE events ADD PARTITION (region='eu')"), failsWith(/non-partition columns/));
    const shown = await run('SHOW PARTITIONS events');
    assert.deepEqual([shown.substatementType, shown.rows], ['SHOW_PARTITIONS', [['dt=2024-01-01'], ['dt=2024-01-02']]]);
    await run("ALTER TABLE events DROP IF EXISTS PARTITION (dt='1999-01-01')");
  });

  it('MSCK REPAIR TABLE adds the Hive folders Glue lacks and says so, in Hive\'s words', async () => {
    await f.writeParquet('s3://lake/events/dt=2024-01-03/a.parquet', "SELECT 'e3' AS id, 3.0::DOUBLE AS amount");
    await f.writeParquet('s3://lake/events/dt=2024-01-01/a.parquet', "SELECT 'e1' AS id, 1.0::DOUBLE AS amount");
    await f.put('s3://lake/events/_tmp/dt=2024-01-09/x', 'ignored');
    const r = await run('MSCK REPAIR TABLE events');
    assert.deepEqual([r.statementType, r.substatementType, r.outputFormat], ['DDL', 'MSCK_REPAIR_TABLE', 'txt']);
    assert.deepEqual(r.rows, [['Partitions not in metastore:\tevents:dt=2024-01-03'], ['Repair: Added partition to metastore events:dt=2024-01-03']]);
    assert.deepEqual((await f.catalog.listPartitions('analytics', 'events')).map((p) => p.Values[0]), ['2024-01-01', '2024-01-02', '2024-01-03']);
    assert.deepEqual((await run('MSCK REPAIR TABLE events')).rows, []);
    const q = await run('SELECT dt, id FROM events ORDER BY dt');
    assert.deepEqual(q.rows, [['2024-01-01', 'e1'], ['2024-01-03', 'e3']]);
  });

  it('DROP TABLE / IF EXISTS; DROP DATABASE refuses a non-empty one without CASCADE', async () => {
    await assert.rejects(run('DROP DATABASE analytics'), failsWith(/is not empty/));
    const r = await run('DROP TABLE events');
    assert.deepEqual([r.statementType, r.substatementType], ['DDL', 'DROP_TABLE']);
    assert.equal(await f.catalog.getTable('analytics', 'events'), undefined);
    await assert.rejects(run('DROP TABLE events'), failsWith(/Table not found analytics\.events/));
    await run('DROP TABLE IF EXISTS events');
    await run("CREATE EXTERNAL TABLE t2 (x int) LOCATION 's3://lake/t2/'");
    const dropped = await run('DROP DATABASE analytics CASCADE', 'default');
    assert.deepEqual([dropped.statementType, dropped.substatementType], ['DDL', 'DROP_DATABASE']);
    assert.equal(await f.catalog.databaseExists('analytics'), false);
    await assert.rejects(run('DROP DATABASE analytics', 'default'), failsWith(/Database does not exist: analytics/));
    await run('DROP DATABASE IF EXISTS analytics', 'default');
  });
});
