import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogTable, TableDefinition } from '../../storage/catalog.js';
import { parseStatement } from './parse.js';
import { renderDescribe, renderNames, renderShowColumns, renderShowCreateTable, renderShowPartitions, renderTblProperties, utilityResult } from './render.js';

function created(sql: string): TableDefinition {
  const s = parseStatement(sql);
  assert.equal(s.kind, 'create-table');
  return s.kind === 'create-table' ? s.table : assert.fail();
}

const stored = (def: TableDefinition): CatalogTable => ({
  ...def,
  catalogId: '111122223333',
  region: 'us-east-1',
  databaseName: 'sales_db',
  createdAt: new Date(Date.UTC(2024, 0, 1, 12, 30, 5)),
  updatedAt: new Date(Date.UTC(2024, 0, 1, 12, 30, 5)),
  version: 1,
});

const PARQUET_SQL =
  "CREATE EXTERNAL TABLE orders (id bigint COMMENT 'order id', items array<struct<sku:string,qty:int>>) PARTITIONED BY (year string, month string) " +
  "STORED AS PARQUET LOCATION 's3://b/orders/' TBLPROPERTIES ('classification'='parquet', 'Zeta'='z')";

describe('SHOW CREATE TABLE', () => {
  it('prints Hive\'s layout for a Parquet table', () => {
    assert.deepEqual(renderShowCreateTable(created(PARQUET_SQL)), [
      'CREATE EXTERNAL TABLE `orders`(',
      "  `id` bigint COMMENT 'order id', ",
      '  `items` array<struct<sku:string,qty:int>>)',
      'PARTITIONED BY ( ',
      '  `year` string, ',
      '  `month` string)',
      'ROW FORMAT SERDE ',
      "  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' ",
      'STORED AS INPUTFORMAT ',
      "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' ",
      'OUTPUTFORMAT ',
      "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'",
      'LOCATION',
      "  's3://b/orders/'",
      'TBLPROPERTIES (',
      "  'Zeta'='z', ",
      "  'classification'='parquet')",
    ]);
  });

  it('prints OpenCSVSerde\'s properties Java-escaped and its columns as `from deserializer`', () => {
    const lines = renderShowCreateTable(
      created(`CREATE EXTERNAL TABLE b (a INT, c STRING) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("separatorChar" = ";", "quoteChar" = "\\"", "escapeChar" = "\\\\") LOCATION 's3://x/'`),
    );
    assert.deepEqual(lines.slice(0, 10), [
      'CREATE EXTERNAL TABLE `b`(',
      "  `a` int COMMENT 'from deserializer', ",
      "  `c` string COMMENT 'from deserializer')",
      'ROW FORMAT SERDE ',
      "  'org.apache.hadoop.hive.serde2.OpenCSVSerde' ",
      'WITH SERDEPROPERTIES ( ',
      "  'escapeChar'='\\\\', ",
      "  'quoteChar'='\\\"', ",
      "  'separatorChar'='\\;') ",
      'STORED AS INPUTFORMAT ',
    ]);
  });

  it('prints LazySimpleSerDe delimiters as ROW FORMAT DELIMITED, as Athena does', () => {
    const lines = renderShowCreateTable(created("CREATE EXTERNAL TABLE d (a string) COMMENT 'it\\'s' ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' LOCATION 's3://x/'"));
    assert.deepEqual(lines.slice(2, 6), ["COMMENT 'it\\'s'", 'ROW FORMAT DELIMITED ', "  FIELDS TERMINATED BY '\\t' ", "  LINES TERMINATED BY '\\n' "]);
  });
});

describe('round trip: CREATE EXTERNAL TABLE → SHOW CREATE TABLE → CREATE EXTERNAL TABLE', () => {
  const statements = [
    PARQUET_SQL,
    `CREATE EXTERNAL TABLE dsb (customer_id INT, name STRING, ts TIMESTAMP) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ("separatorChar" = ",", "quoteChar" = "\`", "escapeChar" = "\\\\") LOCATION 's3://b/dsb/'`,
    "CREATE EXTERNAL TABLE t (a array<string>, m map<string,int>) COMMENT 'semi; colon \"q\" ünï' ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':' NULL DEFINED AS '' LOCATION 's3://b/t/' TBLPROPERTIES ('skip.header.line.count'='1', 'k;\\'q'='v\\tw')",
    "CREATE EXTERNAL TABLE j (`select` struct<a:int,b:array<decimal(5,2)>> COMMENT 'x') PARTITIONED BY (dt date COMMENT 'day') ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://b/j/'",
    "CREATE EXTERNAL TABLE k (a int, b string) CLUSTERED BY (a, b) SORTED BY (b DESC) INTO 16 BUCKETS STORED AS ORC LOCATION 's3://b/k/'",
    "CREATE EXTERNAL TABLE p (a int) STORED AS INPUTFORMAT 'my.In' OUTPUTFORMAT 'my.Out'",
    "CREATE EXTERNAL TABLE s (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE WITH SERDEPROPERTIES ('serialization.encoding'='UTF-8') LOCATION 's3://b/s/'",
  ];
  for (const sql of statements) {
    it(`gives back the same TableInput: ${sql.slice(0, 60)}…`, () => {
      const first = created(sql);
      const text = renderShowCreateTable(first).join('\n');
      const second = created(text);
      // The JSON SerDe's column comments become Hive's placeholder, which reads back as no comment.
      const expected = structuredClone(first);
      if (sql.includes('JsonSerDe')) for (const c of expected.StorageDescriptor?.Columns ?? []) delete c.Comment;
      assert.deepEqual(second, expected, text);
    });
  }
});

describe('DESCRIBE', () => {
  const table = stored(created(PARQUET_SQL));

  it('lists columns and partition keys, then the partition section, padded and tab-separated', () => {
    assert.deepEqual(renderDescribe(table), [
      'id                  \tbigint              \torder id            ',
      'items               \tarray<struct<sku:string,qty:int>>\t                    ',
      'year                \tstring              \t                    ',
      'month               \tstring              \t                    ',
      '\t \t ',
      '# Partition Information\t \t ',
      '# col_name            \tdata_type           \tcomment             ',
      '\t \t ',
      'year                \tstring              \t                    ',
      'month               \tstring              \t                    ',
    ]);
  });

  it('FORMATTED adds the detailed table and storage information', () => {
    const lines = renderDescribe(table, { detail: 'formatted' });
    assert.equal(lines[0], '# col_name            \tdata_type           \tcomment             ');
    assert.ok(lines.includes('Database:           \tsales_db            \t '));
    assert.ok(lines.includes('CreateTime:         \tMon Jan 01 12:30:05 UTC 2024\t '));
    assert.ok(lines.includes('Location:           \ts3://b/orders/      \t '));
    assert.ok(lines.includes('Table Type:         \tEXTERNAL_TABLE      \t '));
    assert.ok(lines.includes('\tclassification      \tparquet             '));
    assert.ok(lines.includes('SerDe Library:      \torg.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\t '));
    assert.ok(lines.includes('\tserialization.format\t1                   '));
    assert.equal(lines.filter((l) => l.startsWith('year ')).length, 1, 'partition keys only in their section');
  });

  it('EXTENDED ends with Hive\'s Thrift rendering; a column or a nested field alone', () => {
    const extended = renderDescribe(table, { detail: 'extended' });
    assert.match(extended[extended.length - 1]!, /^Detailed Table Information\tTable\(tableName:orders, dbName:sales_db, owner:hadoop, createTime:1704112205, /);
    assert.deepEqual(renderDescribe(table, { column: 'ID' }), ['id                  \tbigint              \torder id            ']);
    assert.deepEqual(renderDescribe(table, { column: 'items.$elem$.qty' }), ['qty                 \tint                 \tfrom deserializer   ']);
    assert.throws(() => renderDescribe(table, { column: 'nope' }), /Invalid column reference nope/);
  });

  it('shows `from deserializer` for OpenCSVSerde columns', () => {
    const csv = stored(created("CREATE EXTERNAL TABLE c (a INT) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://x/'"));
    assert.deepEqual(renderDescribe(csv), ['a                   \tint                 \tfrom deserializer   ']);
  });
});

describe('SHOW COLUMNS, PARTITIONS, TABLES, DATABASES, TBLPROPERTIES', () => {
  const table = stored(created(PARQUET_SQL));

  it('SHOW COLUMNS: every column and partition key, padded', () => {
    assert.deepEqual(renderShowColumns(table), ['id                  ', 'items               ', 'year                ', 'month               ']);
  });

  it('SHOW PARTITIONS: k=v/k=v with Hive\'s escaping', () => {
    assert.deepEqual(renderShowPartitions(table, [{ Values: ['2024', '01'] }, { Values: ['2024', 'a/b:c'] }, { Values: ['', '02'] }]), [
      'year=2024/month=01',
      'year=2024/month=a%2Fb%3Ac',
      'year=__HIVE_DEFAULT_PARTITION__/month=02',
    ]);
  });

  it('SHOW TABLES and DATABASES: sorted, filtered by Hive patterns', () => {
    assert.deepEqual(renderNames(['b', 'a', 'sales_2024', 'Sales_x', 'orders']), ['Sales_x', 'a', 'b', 'orders', 'sales_2024']);
    assert.deepEqual(renderNames(['sales_2024', 'sales.x', 'orders', 'ord'], 'sales*|ord'), ['ord', 'sales.x', 'sales_2024']);
    assert.deepEqual(renderNames(['a.b', 'axb'], 'a.b'), ['a.b'], 'only * is a wildcard');
  });

  it('SHOW TBLPROPERTIES: key\\tvalue sorted, or one value', () => {
    assert.deepEqual(renderTblProperties(table), ['EXTERNAL\tTRUE', 'Zeta\tz', 'classification\tparquet']);
    assert.deepEqual(renderTblProperties(table, 'classification'), ['parquet']);
    assert.deepEqual(renderTblProperties(table, 'nope'), ['Table sales_db.orders does not have property: nope']);
  });
});

describe('utilityResult', () => {
  it('names the columns as Hive does and gives one value per line', () => {
    const names = (kind: Parameters<typeof utilityResult>[0]) => utilityResult(kind, []).columns.map((c) => c.name);
    assert.deepEqual(names('show-tables'), ['tab_name']);
    assert.deepEqual(names('show-databases'), ['database_name']);
    assert.deepEqual(names('show-columns'), ['field']);
    assert.deepEqual(names('show-partitions'), ['partition']);
    assert.deepEqual(names('show-create-table'), ['createtab_stmt']);
    assert.deepEqual(names('describe'), ['col_name', 'data_type', 'comment']);
    const r = utilityResult('describe', ['a\tint\t', 'b\tstring\t']);
    assert.deepEqual(r.rows, [['a\tint\t'], ['b\tstring\t']]);
    assert.deepEqual(r.columns[0], { name: 'col_name', label: 'col_name', type: 'string', precision: 0, scale: 0, nullable: 'UNKNOWN', caseSensitive: false });
  });
});
