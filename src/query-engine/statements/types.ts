import type { TableDefinition } from '../../storage/catalog.js';

/** A possibly qualified name as written: `db.t`, `"db"."t"`, `awsdatacatalog.db.t` (catalog dropped), or `t`. Lower-cased. */
export interface QualifiedName {
  database?: string;
  table: string;
}

/** CTAS's WITH (...) properties, as Athena documents them (names lower-cased). */
export interface CtasProperties {
  /** PARQUET (Athena's default for CTAS), TEXTFILE, JSON, ORC, AVRO; sagelite writes PARQUET, TEXTFILE and JSON. */
  format: string;
  externalLocation?: string;
  partitionedBy: string[];
  /** TEXTFILE's field_delimiter (Athena's default is \u0001). */
  fieldDelimiter?: string;
  writeCompression?: string;
  /** Anything else, kept for the table's Parameters. */
  other: Record<string, string>;
}

/**
 * One Athena statement, recognised and parsed. Queries are passed through as text for the
 * dialect to translate; everything else is parsed here.
 */
export type Statement =
  | { kind: 'query'; sql: string }
  | { kind: 'explain'; sql: string }
  | { kind: 'show-databases'; like?: string }
  | { kind: 'show-tables'; database?: string; like?: string }
  | { kind: 'show-columns'; table: QualifiedName }
  | { kind: 'show-partitions'; table: QualifiedName }
  | { kind: 'show-create-table'; table: QualifiedName }
  | { kind: 'show-tblproperties'; table: QualifiedName }
  | { kind: 'describe'; table: QualifiedName }
  | { kind: 'create-database'; name: string; ifNotExists: boolean; comment?: string; location?: string }
  | { kind: 'drop-database'; name: string; ifExists: boolean; cascade: boolean }
  /** CREATE EXTERNAL TABLE: `table` is Glue's TableInput, ready for glue:CreateTable. */
  | { kind: 'create-table'; database?: string; ifNotExists: boolean; table: TableDefinition }
  | { kind: 'ctas'; target: QualifiedName; ifNotExists: boolean; properties: CtasProperties; query: string; withData: boolean }
  | { kind: 'drop-table'; table: QualifiedName; ifExists: boolean }
  | { kind: 'msck-repair'; table: QualifiedName }
  | { kind: 'add-partitions'; table: QualifiedName; ifNotExists: boolean; partitions: Array<{ values: Record<string, string>; location?: string }> }
  | { kind: 'drop-partitions'; table: QualifiedName; ifExists: boolean; partitions: Array<Record<string, string>> };
