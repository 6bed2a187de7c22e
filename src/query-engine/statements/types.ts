import type { TableDefinition } from '../../storage/catalog.js';

/** A possibly qualified name as written: `db.t`, `"db"."t"`, `awsdatacatalog.db.t` (catalog dropped), or `t`. Lower-cased. */
export interface QualifiedName {
  database?: string;
  table: string;
}

/** CTAS's WITH (...) properties, as Athena documents them (names lower-cased). */
export interface CtasProperties {
  /** PARQUET (Athena's default for CTAS), TEXTFILE, JSON, ORC, AVRO, ION (upper-cased); sagelite writes PARQUET, TEXTFILE and JSON. */
  format: string;
  externalLocation?: string;
  /** Column names, lower-cased. */
  partitionedBy: string[];
  /** TEXTFILE's field_delimiter (Athena's default is \u0001). */
  fieldDelimiter?: string;
  /** Upper-cased (SNAPPY, GZIP, ZSTD, NONE, …). */
  writeCompression?: string;
  /** Every other documented property, its value as text (`bucketed_by` as a comma-separated list), kept for the table's Parameters. */
  other: Record<string, string>;
}

/**
 * One Athena statement, recognised and parsed. Queries are passed through as text for the
 * dialect to translate; everything else is parsed here.
 *
 * Query text (`query`, `explain`, `ctas`) is the statement's text with its comments and
 * everything before the query replaced by spaces (newlines kept), so positions in it are the
 * positions in the text the caller sent; a trailing `;` and trailing spaces are removed.
 */
export type Statement =
  | { kind: 'query'; sql: string }
  | { kind: 'explain'; sql: string; analyze?: boolean; options?: { format?: string; type?: string } }
  /** `like` is Hive's pattern (`*` any text, `|` alternatives), unmatched by the parser. */
  | { kind: 'show-databases'; like?: string }
  | { kind: 'show-tables'; database?: string; like?: string }
  /** SHOW COLUMNS t IN db puts db into `table.database`. */
  | { kind: 'show-columns'; table: QualifiedName }
  | { kind: 'show-partitions'; table: QualifiedName }
  | { kind: 'show-create-table'; table: QualifiedName }
  /** `property`: SHOW TBLPROPERTIES t('key') shows that one value. */
  | { kind: 'show-tblproperties'; table: QualifiedName; property?: string }
  /**
   * DESCRIBE [FORMATTED|EXTENDED] t [PARTITION (…)] [col[.field]]: `detail` for the two long
   * forms, `column` (lower-cased path) for one column, `partition` as written (keys lower-cased).
   */
  | { kind: 'describe'; table: QualifiedName; detail?: 'formatted' | 'extended'; column?: string; partition?: Record<string, string> }
  | { kind: 'create-database'; name: string; ifNotExists: boolean; comment?: string; location?: string; properties?: Record<string, string> }
  | { kind: 'drop-database'; name: string; ifExists: boolean; cascade: boolean }
  /** CREATE EXTERNAL TABLE: `table` is Glue's TableInput, ready for glue:CreateTable. */
  | { kind: 'create-table'; database?: string; ifNotExists: boolean; table: TableDefinition }
  /** `columnAliases`: CREATE TABLE t (a, b) AS …, lower-cased. */
  | { kind: 'ctas'; target: QualifiedName; ifNotExists: boolean; properties: CtasProperties; query: string; withData: boolean; columnAliases?: string[] }
  | { kind: 'drop-table'; table: QualifiedName; ifExists: boolean }
  | { kind: 'msck-repair'; table: QualifiedName }
  /** Partition keys lower-cased, values as written (numbers as their text). */
  | { kind: 'add-partitions'; table: QualifiedName; ifNotExists: boolean; partitions: Array<{ values: Record<string, string>; location?: string }> }
  | { kind: 'drop-partitions'; table: QualifiedName; ifExists: boolean; partitions: Array<Record<string, string>> };
