import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TableDefinition } from '../../storage/catalog.js';
import { QueryFailure } from '../types.js';
import { parseStatement } from './parse.js';

const TEXT_IN = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const LAZY = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';

function tableOf(sql: string): TableDefinition {
  const s = parseStatement(sql);
  assert.equal(s.kind, 'create-table');
  return s.kind === 'create-table' ? s.table : assert.fail();
}

function failure(sql: string): string {
  try {
    parseStatement(sql);
  } catch (e) {
    assert.ok(e instanceof QueryFailure, String(e));
    return e.message;
  }
  return assert.fail(`expected ${sql} to fail`);
}

describe('CREATE EXTERNAL TABLE: the SageMaker SDK DatasetBuilder forms', () => {
  // dataset_builder.py _create_temp_table, as it formats the statement for a pandas base.
  const columns = 'customer_id INT, name STRING, amount DOUBLE, active BOOLEAN, event_time TIMESTAMP';
  const expectedColumns = [
    { Name: 'customer_id', Type: 'int' },
    { Name: 'name', Type: 'string' },
    { Name: 'amount', Type: 'double' },
    { Name: 'active', Type: 'boolean' },
    { Name: 'event_time', Type: 'timestamp' },
  ];

  it('parses the current form verbatim (double-quoted SERDEPROPERTIES, trailing semicolon) into the TableInput Athena registers', () => {
    const sql =
      `CREATE EXTERNAL TABLE temp_5f1f0c9e (${columns}) ` +
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' " +
      'WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "`", "escapeChar" = "\\\\") ' +
      "LOCATION 's3://results-a/dataset/temp/';";
    const statement = parseStatement(sql);
    assert.deepEqual(statement, {
      kind: 'create-table',
      ifNotExists: false,
      table: {
        Name: 'temp_5f1f0c9e',
        Owner: 'hadoop',
        Retention: 0,
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [],
        Parameters: { EXTERNAL: 'TRUE' },
        StorageDescriptor: {
          Columns: expectedColumns,
          Location: 's3://results-a/dataset/temp/',
          InputFormat: TEXT_IN,
          OutputFormat: TEXT_OUT,
          Compressed: false,
          NumberOfBuckets: -1,
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
            Parameters: { 'serialization.format': '1', separatorChar: ',', quoteChar: '`', escapeChar: '\\' },
          },
          BucketColumns: [],
          SortColumns: [],
          Parameters: {},
          StoredAsSubDirectories: false,
        },
      },
    });
  });

  it('parses the form without SERDEPROPERTIES', () => {
    const t = tableOf(`CREATE EXTERNAL TABLE base (${columns}) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://b/p'`);
    assert.deepEqual(t.StorageDescriptor?.Columns, expectedColumns);
    assert.deepEqual(t.StorageDescriptor?.SerdeInfo, { SerializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde', Parameters: { 'serialization.format': '1' } });
    assert.equal(t.StorageDescriptor?.Location, 's3://b/p');
  });
});

describe('CREATE EXTERNAL TABLE: formats', () => {
  it('STORED AS PARQUET: Hive\'s Parquet formats and SerDe', () => {
    const t = tableOf("CREATE EXTERNAL TABLE IF NOT EXISTS db.sales (id bigint) STORED AS PARQUET LOCATION 's3://b/sales/'");
    assert.equal(t.StorageDescriptor?.InputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    assert.equal(t.StorageDescriptor?.OutputFormat, 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    assert.deepEqual(t.StorageDescriptor?.SerdeInfo, { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } });
    const s = parseStatement("CREATE EXTERNAL TABLE IF NOT EXISTS db.sales (id bigint) STORED AS PARQUET LOCATION 's3://b/sales/'");
    assert.equal(s.kind === 'create-table' && s.database, 'db');
    assert.equal(s.kind === 'create-table' && s.ifNotExists, true);
  });

  it('no ROW FORMAT and no STORED AS: TEXTFILE with LazySimpleSerDe', () => {
    const t = tableOf("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/t/'");
    assert.equal(t.StorageDescriptor?.InputFormat, TEXT_IN);
    assert.equal(t.StorageDescriptor?.OutputFormat, TEXT_OUT);
    assert.deepEqual(t.StorageDescriptor?.SerdeInfo, { SerializationLibrary: LAZY, Parameters: { 'serialization.format': '1' } });
  });

  it('ROW FORMAT DELIMITED: every delimiter clause, field.delim also as serialization.format', () => {
    const t = tableOf(
      "CREATE EXTERNAL TABLE t (a array<string>, m map<string,int>) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' " +
        "COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' NULL DEFINED AS '' STORED AS TEXTFILE LOCATION 's3://b/t/'",
    );
    assert.deepEqual(t.StorageDescriptor?.SerdeInfo, {
      SerializationLibrary: LAZY,
      Parameters: {
        'serialization.format': '\t',
        'field.delim': '\t',
        'escape.delim': '\\',
        'colelction.delim': '|',
        'mapkey.delim': ':',
        'line.delim': '\n',
        'serialization.null.format': '',
      },
    });
    assert.match(failure("CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED LINES TERMINATED BY '\\t'"), /LINES TERMINATED BY only supports newline '\\n' right now/);
  });

  it('JSON SerDes (OpenX, HCatalog) and STORED AS JSONFILE', () => {
    const openx = tableOf("CREATE EXTERNAL TABLE j (a int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json'='true') LOCATION 's3://b/j/'");
    assert.deepEqual(openx.StorageDescriptor?.SerdeInfo, { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'serialization.format': '1', 'ignore.malformed.json': 'true' } });
    assert.equal(openx.StorageDescriptor?.InputFormat, TEXT_IN);
    const jsonfile = tableOf("CREATE EXTERNAL TABLE j (a int) STORED AS JSONFILE LOCATION 's3://b/j/'");
    assert.equal(jsonfile.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hive.hcatalog.data.JsonSerDe');
  });

  it('ORC, AVRO, explicit INPUTFORMAT/OUTPUTFORMAT, and Athena\'s WITH SERDEPROPERTIES after STORED AS', () => {
    assert.equal(tableOf("CREATE EXTERNAL TABLE o (a int) STORED AS ORC LOCATION 's3://b/o/'").StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.orc.OrcSerde');
    const avro = tableOf("CREATE EXTERNAL TABLE a STORED AS AVRO LOCATION 's3://b/a/' TBLPROPERTIES ('avro.schema.literal'='{}')");
    assert.deepEqual(avro.StorageDescriptor?.Columns, []);
    const io = tableOf(
      "CREATE EXTERNAL TABLE s (a int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' LOCATION 's3://b/s/'",
    );
    assert.equal(io.StorageDescriptor?.InputFormat, TEXT_IN);
    const after = tableOf("CREATE EXTERNAL TABLE w (a int) STORED AS TEXTFILE WITH SERDEPROPERTIES ('field.delim'=',') LOCATION 's3://b/w/'");
    assert.deepEqual(after.StorageDescriptor?.SerdeInfo?.Parameters, { 'serialization.format': '1', 'field.delim': ',' });
  });
});

describe('CREATE EXTERNAL TABLE: columns, partitions, buckets, properties', () => {
  it('canonicalises types as Hive stores them and keeps comments', () => {
    const t = tableOf(
      'CREATE EXTERNAL TABLE `T1` (`Select` INTEGER COMMENT \'the id\', d DECIMAL, e Decimal(12, 2), n ARRAY< STRUCT< A:INT, B : MAP<STRING, ARRAY<DOUBLE PRECISION>> > >, v VARCHAR(10), c CHAR(2)) ' +
        "COMMENT 'table note' PARTITIONED BY (Year STRING COMMENT 'yyyy', month int) LOCATION 's3://b/t1/' TBLPROPERTIES ('classification'='csv', \"skip.header.line.count\"=\"1\")",
    );
    assert.equal(t.Name, 't1');
    assert.deepEqual(t.StorageDescriptor?.Columns, [
      { Name: 'select', Type: 'int', Comment: 'the id' },
      { Name: 'd', Type: 'decimal(10,0)' },
      { Name: 'e', Type: 'decimal(12,2)' },
      { Name: 'n', Type: 'array<struct<a:int,b:map<string,array<double>>>>' },
      { Name: 'v', Type: 'varchar(10)' },
      { Name: 'c', Type: 'char(2)' },
    ]);
    assert.deepEqual(t.PartitionKeys, [{ Name: 'year', Type: 'string', Comment: 'yyyy' }, { Name: 'month', Type: 'int' }]);
    assert.deepEqual(t.Parameters, { EXTERNAL: 'TRUE', comment: 'table note', classification: 'csv', 'skip.header.line.count': '1' });
  });

  it('CLUSTERED BY … SORTED BY … INTO n BUCKETS', () => {
    const t = tableOf("CREATE EXTERNAL TABLE t (a int, b string) CLUSTERED BY (a) SORTED BY (a DESC, b) INTO 8 BUCKETS STORED AS PARQUET LOCATION 's3://b/t/'");
    assert.equal(t.StorageDescriptor?.NumberOfBuckets, 8);
    assert.deepEqual(t.StorageDescriptor?.BucketColumns, ['a']);
    assert.deepEqual(t.StorageDescriptor?.SortColumns, [{ Column: 'a', SortOrder: 0 }, { Column: 'b', SortOrder: 1 }]);
  });

  it('CREATE TABLE without EXTERNAL is still an external table; `from deserializer` comments are not kept', () => {
    const t = tableOf("CREATE TABLE t (a int COMMENT 'from deserializer') LOCATION 's3://b/t/'");
    assert.equal(t.TableType, 'EXTERNAL_TABLE');
    assert.deepEqual(t.StorageDescriptor?.Columns, [{ Name: 'a', Type: 'int' }]);
  });

  it('Hive\'s semantic checks: duplicate columns, partition keys among columns, no columns', () => {
    assert.equal(failure("CREATE EXTERNAL TABLE t (a int, A string) LOCATION 's3://b/'"), 'FAILED: SemanticException [Error 10036]: Duplicate column name: a');
    assert.equal(failure("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (a string) LOCATION 's3://b/'"), 'FAILED: SemanticException [Error 10035]: Column repeated in partitioning columns');
    assert.match(failure("CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://b/'"), /\[Error 10043\]: Either list of columns or a custom serializer should be specified/);
    assert.match(failure("CREATE EXTERNAL TABLE t (a int) PARTITIONED BY (p array<int>) LOCATION 's3://b/'"), /must have a primitive type/);
  });
});
