import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogTable, TableDefinition } from '../../storage/catalog.js';
import { QueryFailure } from '../types.js';
import { parseStatement } from './parse.js';
import { tableFormat } from './table-format.js';

const stored = (def: TableDefinition): CatalogTable => ({
  ...def,
  catalogId: '111122223333',
  region: 'us-east-1',
  databaseName: 'db',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  version: 1,
});

function formatOf(sql: string) {
  const s = parseStatement(sql);
  assert.equal(s.kind, 'create-table');
  return tableFormat(stored(s.kind === 'create-table' ? s.table : assert.fail()));
}

describe('tableFormat', () => {
  it('Parquet by SerDe, by input format, or by classification', () => {
    assert.deepEqual(formatOf("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/'"), { kind: 'parquet' });
    assert.deepEqual(tableFormat(stored({ Name: 't', StorageDescriptor: { InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' } })), { kind: 'parquet' });
    assert.deepEqual(tableFormat(stored({ Name: 't', Parameters: { classification: 'Parquet' } })), { kind: 'parquet' });
  });

  it('OpenCSVSerde: its properties, OpenCSV\'s defaults, skip.header.line.count', () => {
    assert.deepEqual(
      formatOf(`CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "\`", "escapeChar" = "\\\\") LOCATION 's3://b/'`),
      { kind: 'csv', serde: 'OpenCSVSerde', delimiter: ',', quote: '`', escape: '\\', skipHeaderLines: 0 },
    );
    assert.deepEqual(
      formatOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://b/' TBLPROPERTIES ('skip.header.line.count'='2')"),
      { kind: 'csv', serde: 'OpenCSVSerde', delimiter: ',', quote: '"', escape: '\\', skipHeaderLines: 2 },
    );
  });

  it('LazySimpleSerDe: field.delim (Hive\'s \\u0001 by default, numbers as bytes), escape, null text', () => {
    assert.deepEqual(formatOf("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'"), { kind: 'csv', serde: 'LazySimpleSerDe', delimiter: '\u0001', skipHeaderLines: 0, nullFormat: '\\N' });
    assert.deepEqual(
      formatOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' NULL DEFINED AS '' LOCATION 's3://b/' TBLPROPERTIES ('skip.header.line.count'='1')"),
      { kind: 'csv', serde: 'LazySimpleSerDe', delimiter: '\t', escape: '\\', skipHeaderLines: 1, nullFormat: '' },
    );
    assert.equal((formatOf("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '9' LOCATION 's3://b/'") as { delimiter: string }).delimiter, '\t');
  });

  it('JSON: the OpenX, HCatalog and Hive SerDes', () => {
    for (const serde of ['org.openx.data.jsonserde.JsonSerDe', 'org.apache.hive.hcatalog.data.JsonSerDe', 'org.apache.hadoop.hive.serde2.JsonSerDe']) {
      assert.deepEqual(formatOf(`CREATE EXTERNAL TABLE t (a int) ROW FORMAT SERDE '${serde}' LOCATION 's3://b/'`), { kind: 'json' });
    }
  });

  it('a crawler table without a SerDe falls back on its classification', () => {
    const csv = tableFormat(stored({ Name: 't', Parameters: { classification: 'csv', 'skip.header.line.count': '1' }, StorageDescriptor: { InputFormat: 'org.apache.hadoop.mapred.TextInputFormat' } }));
    assert.deepEqual(csv, { kind: 'csv', serde: 'LazySimpleSerDe', delimiter: ',', skipHeaderLines: 1, nullFormat: '\\N' });
    assert.deepEqual(tableFormat(stored({ Name: 't', Parameters: { classification: 'json' } })), { kind: 'json' });
  });

  it('refuses ORC, Avro, regex and unknown formats with HIVE_UNSUPPORTED_FORMAT', () => {
    const cases = [
      "CREATE EXTERNAL TABLE t (a int) STORED AS ORC LOCATION 's3://b/'",
      "CREATE EXTERNAL TABLE t (a int) STORED AS AVRO LOCATION 's3://b/'",
      "CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex'='(.*)') LOCATION 's3://b/'",
      "CREATE EXTERNAL TABLE t (a int) STORED AS SEQUENCEFILE LOCATION 's3://b/'",
    ];
    for (const sql of cases) {
      assert.throws(() => formatOf(sql), (e: unknown) => e instanceof QueryFailure && e.errorType === 1201 && /^HIVE_UNSUPPORTED_FORMAT: table db\.t is stored as /.test(e.message), sql);
    }
    assert.throws(() => tableFormat(stored({ Name: 'bare' })), /is stored as an unknown format/);
  });
});
