/**
 * The class names Hive (and so Athena and Glue) records for each storage format and SerDe, and
 * the SerDe parameter names of Hive's delimited text. Shared by CREATE TABLE, SHOW CREATE TABLE
 * and the reader's format detection.
 */

export const SERDE = {
  lazySimple: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  openCsv: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  avro: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
  openxJson: 'org.openx.data.jsonserde.JsonSerDe',
  hcatalogJson: 'org.apache.hive.hcatalog.data.JsonSerDe',
  hiveJson: 'org.apache.hadoop.hive.serde2.JsonSerDe',
  lazyBinaryColumnar: 'org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe',
  ion: 'com.amazon.ionhiveserde.IonHiveSerDe',
} as const;

export const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
export const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** STORED AS <format>: Hive's input format, output format and default SerDe for each. */
export const STORED_AS: Record<string, { input: string; output: string; serde: string }> = {
  TEXTFILE: { input: TEXT_INPUT, output: TEXT_OUTPUT, serde: SERDE.lazySimple },
  PARQUET: {
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: SERDE.parquet,
  },
  ORC: { input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat', output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat', serde: SERDE.orc },
  AVRO: {
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serde: SERDE.avro,
  },
  SEQUENCEFILE: { input: 'org.apache.hadoop.mapred.SequenceFileInputFormat', output: 'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat', serde: SERDE.lazySimple },
  RCFILE: { input: 'org.apache.hadoop.hive.ql.io.RCFileInputFormat', output: 'org.apache.hadoop.hive.ql.io.RCFileOutputFormat', serde: SERDE.lazyBinaryColumnar },
  // Hive 4's JSONFILE; Athena documents the HCatalog JSON SerDe for Hive-style JSON, so that is what is recorded.
  JSONFILE: { input: TEXT_INPUT, output: TEXT_OUTPUT, serde: SERDE.hcatalogJson },
  ION: { input: 'com.amazon.ionhiveserde.formats.IonInputFormat', output: 'com.amazon.ionhiveserde.formats.IonOutputFormat', serde: SERDE.ion },
};

/** Hive's delimited-text SerDe parameters (`colelction.delim` is Hive's own spelling). */
export const DELIM = {
  field: 'field.delim',
  escape: 'escape.delim',
  collection: 'colelction.delim',
  mapKey: 'mapkey.delim',
  line: 'line.delim',
  nullFormat: 'serialization.null.format',
  format: 'serialization.format',
} as const;

/**
 * SerDes whose columns Hive reads from the deserializer rather than the metastore: DESCRIBE and
 * SHOW CREATE TABLE show their columns' comment as `from deserializer`.
 */
export function columnsFromDeserializer(serde: string | undefined): boolean {
  if (serde === undefined) return false;
  const metastoreSchema: readonly string[] = [SERDE.lazySimple, SERDE.parquet, SERDE.orc, SERDE.lazyBinaryColumnar,
    'org.apache.hadoop.hive.serde2.columnar.ColumnarSerDe', 'org.apache.hadoop.hive.serde2.MetadataTypedColumnsetSerDe',
    'org.apache.hadoop.hive.serde2.lazybinary.LazyBinarySerDe', 'org.apache.hadoop.hive.serde2.dynamic_type.DynamicSerDe'];
  return !metastoreSchema.includes(serde);
}

/** The placeholder comment of deserializer-derived columns; reading it back means "no comment". */
export const FROM_DESERIALIZER = 'from deserializer';
