import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRowsTableSql, eventTimeTypeOf, inferColumns, rowsCsv, tempBaseName } from './rows-table.js';

describe('rows base: columns, CSV and DDL as the SDK makes them for a data frame', () => {
  const rows = [
    { cid: 1001, ts: '2024-01-01T00:00:00Z', label: 0.5, ok: true, big: 1 },
    { cid: 1002, ts: new Date('2024-01-02T00:00:00Z'), label: 1, ok: false, big: 2 ** 40, note: 'a,b`c\\d' },
  ];

  it('types columns from their values, first-seen order, overrides winning', () => {
    assert.deepEqual(inferColumns(rows), [
      { name: 'cid', type: 'INT' }, { name: 'ts', type: 'STRING' }, { name: 'label', type: 'DOUBLE' }, { name: 'ok', type: 'BOOLEAN' },
      { name: 'big', type: 'BIGINT' }, { name: 'note', type: 'STRING' },
    ]);
    assert.equal(inferColumns(rows, { cid: 'BIGINT' })[0]!.type, 'BIGINT');
    assert.throws(() => inferColumns([{ l: [1, 2] }]), /holds a list/);
    assert.equal(eventTimeTypeOf({ name: 'ts', type: 'STRING' }), 'String');
    assert.equal(eventTimeTypeOf({ name: 'ts', type: 'DOUBLE' }), 'Fractional');
  });

  it('writes the CSV without a header, backtick-quoting values that need it, Dates as ISO 8601, missing values empty', () => {
    const columns = inferColumns(rows);
    assert.equal(rowsCsv(rows, columns), '1001,2024-01-01T00:00:00Z,0.5,true,1,\n1002,2024-01-02T00:00:00.000Z,1,false,1099511627776,`a,b\\`c\\\\d`\n');
  });

  it('creates the external table with OpenCSVSerde and the SDK’s serde properties', () => {
    const sql = createRowsTableSql('dataframe_x', [{ name: 'cid', type: 'INT' }, { name: 'my col', type: 'STRING' }], 's3://results/x/');
    assert.equal(sql, "CREATE EXTERNAL TABLE dataframe_x (cid INT, `my col` STRING) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' "
      + 'WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "`", "escapeChar" = "\\\\") ' + "LOCATION 's3://results/x/';");
  });

  it('names the temporary table as the SDK does', () => {
    assert.deepEqual(tempBaseName(new Date(0), () => 0.5), { id: 'dataframe-base-1970-01-01-00-00-00-000-8000', table: 'dataframe_dataframe_base_1970_01_01_00_00_00_000_8000' });
  });
});
