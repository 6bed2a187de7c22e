import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { offlineColumns, ParquetEncoder } from './parquet.js';
import { testGroup, testRows } from '../../test/support/offline-store-fixtures.js';

describe('offline store Parquet', () => {
  let dir: string;
  let encoder: ParquetEncoder;
  let reader: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-parquet-'));
    encoder = new ParquetEncoder(join(dir, 'tmp'));
    reader = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    conn = await reader.connect();
  });
  after(async () => {
    await encoder.close();
    conn.closeSync();
    reader.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  async function readBack(bytes: Buffer, name: string) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const schema = (await conn.runAndReadAll(`SELECT name, type, logical_type FROM parquet_schema('${file}') WHERE name <> 'duckdb_schema'`)).getRowObjectsJS();
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS().map((r) => `${r['column_name']} ${r['column_type']}`);
    return { schema, rows, types };
  }

  it('lists the features in definition order, then write_time, api_invocation_time, is_deleted (no partition columns)', () => {
    assert.deepEqual(offlineColumns(testGroup({ accountId: '1' })).map((c) => `${c.name} ${c.type}`), [
      'id VARCHAR', 'amount DOUBLE', 'count BIGINT', 'event_time DOUBLE', 'write_time TIMESTAMP', 'api_invocation_time TIMESTAMP', 'is_deleted BOOLEAN',
    ]);
  });

  it('writes typed columns and the rows, deletion markers with null features', async () => {
    const group = testGroup({ accountId: '111122223333' });
    const rows = testRows(group, [{ sequence: 1, eventTime: 1704448800.25 }, { sequence: 2, eventTime: 1704448801, deleted: true, id: 'c1' }]);
    const writeTime = new Date(Date.UTC(2024, 5, 2, 1, 2, 3, 456));
    const bytes = await encoder.encode(group, rows, writeTime);
    assert.equal(bytes.subarray(0, 4).toString(), 'PAR1');
    const { schema, rows: back, types } = await readBack(bytes, 'a.parquet');
    assert.deepEqual(types, ['id VARCHAR', 'amount DOUBLE', 'count BIGINT', 'event_time DOUBLE', 'write_time TIMESTAMP', 'api_invocation_time TIMESTAMP', 'is_deleted BOOLEAN']);
    assert.deepEqual(schema.map((c) => c['type']), ['BYTE_ARRAY', 'DOUBLE', 'INT64', 'DOUBLE', 'INT64', 'INT64', 'BOOLEAN']);
    assert.deepEqual(back, [
      { id: 'c1', amount: 1.5, count: 10n, event_time: 1704448800.25, write_time: writeTime, api_invocation_time: new Date(Date.UTC(2024, 5, 1) + 1), is_deleted: false },
      { id: 'c1', amount: null, count: null, event_time: 1704448801, write_time: writeTime, api_invocation_time: new Date(Date.UTC(2024, 5, 1) + 2), is_deleted: true },
    ]);
    assert.deepEqual(readdirSync(join(dir, 'tmp')), [], 'no scratch file left behind');
  });

  it('writes collections as lists, 64-bit integers exactly, and odd values as null rather than failing the flush', async () => {
    const group = testGroup({
      accountId: '111122223333',
      featureDefinitions: [
        { FeatureName: 'id', FeatureType: 'String' },
        { FeatureName: 'event_time', FeatureType: 'String' },
        { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' },
        { FeatureName: 'ints', FeatureType: 'Integral', CollectionType: 'Set' },
        { FeatureName: 'vec', FeatureType: 'Fractional', CollectionType: 'Vector' },
        { FeatureName: 'big', FeatureType: 'Integral' },
        { FeatureName: 'x-y', FeatureType: 'Fractional' },
      ],
    });
    const [row] = testRows(group, [{ sequence: 1, eventTime: 0 }]);
    row!.values = { id: 'r', event_time: '2024-01-05T10:00:00Z', tags: ['a', 'b'], ints: ['1', '-9223372036854775808'], vec: ['0.5', '1e3'], big: '9223372036854775807', 'x-y': 'not a number' };
    const { rows: back, types } = await readBack(await encoder.encode(group, [row!], new Date(0)), 'b.parquet');
    assert.deepEqual(types.slice(0, 7), ['id VARCHAR', 'event_time VARCHAR', 'tags VARCHAR[]', 'ints BIGINT[]', 'vec DOUBLE[]', 'big BIGINT', 'x-y DOUBLE']);
    assert.deepEqual(back[0]!['tags'], ['a', 'b']);
    assert.deepEqual(back[0]!['ints'], [1n, -9223372036854775808n]);
    assert.deepEqual(back[0]!['vec'], [0.5, 1000]);
    assert.equal(back[0]!['big'], 9223372036854775807n);
    assert.equal(back[0]!['x-y'], null);
  });
});
