/**
 * The contract of sagelite's Athena engine: Athena (Trino) SQL run by an embedded DuckDB over the
 * Parquet and CSV objects a Glue table points at, with every catalog read, S3 read and S3 write
 * made as the calling principal through {@link QueryCatalog} and {@link QueryStorage}. The engine
 * knows nothing of HTTP, work groups or query-execution state: the Athena service owns those and
 * hands the engine one statement at a time.
 *
 * Folders: `dialect/` turns Trino SQL into DuckDB SQL (functions DuckDB lacks become macros);
 * `statements/` recognises and parses the statements that are not queries (DDL, SHOW, DESCRIBE,
 * MSCK); `results/` renders values, types and files as Athena does; `engine.ts` runs them.
 */
import type { CatalogColumn, CatalogPartition, CatalogTable, PartitionDefinition, TableDefinition } from '../storage/catalog.js';

/** Athena's ErrorCategory: who is to blame. */
export const enum ErrorCategory {
  System = 1,
  User = 2,
  Other = 3,
}

/**
 * Why a query FAILED, as Athena reports it: Status.StateChangeReason (`message`, Trino's
 * `ERROR_NAME: line L:C: text` form where Athena uses it) and Status.AthenaError.
 *
 * @example
 * throw new QueryFailure(ErrorCategory.User, 1006, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t' does not exist");
 */
export class QueryFailure extends Error {
  constructor(
    readonly category: ErrorCategory,
    /** Athena's ErrorType (docs: "Athena error catalog"), e.g. 1006 for a USER semantic error. */
    readonly errorType: number,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** A result column as Athena describes it in ResultSetMetadata.ColumnInfo. */
export interface ResultColumn {
  name: string;
  label: string;
  /** Athena's type name: varchar, bigint, integer, double, boolean, date, timestamp, decimal, array, map, row, … */
  type: string;
  precision: number;
  scale: number;
  nullable: 'NOT_NULL' | 'NULLABLE' | 'UNKNOWN';
  caseSensitive: boolean;
}

/** What Athena's StatementType says a statement is. */
export type StatementType = 'DML' | 'DDL' | 'UTILITY';

/** A finished statement's output, every value already rendered as Athena renders it (null stays null). */
export interface QueryResult {
  statementType: StatementType;
  /** Athena's SubstatementType: SELECT, CREATE_TABLE, CREATE_TABLE_AS_SELECT, DROP_TABLE, SHOW_TABLES, DESCRIBE_TABLE, MSCK_REPAIR_TABLE, … */
  substatementType: string;
  columns: ResultColumn[];
  rows: Array<Array<string | null>>;
  /**
   * 'csv' for SELECT/WITH and CTAS (header row, every value quoted); 'txt' for DDL and utility
   * statements whose output is lines of text (SHOW, DESCRIBE), one value per row.
   */
  outputFormat: 'csv' | 'txt';
  /** Bytes of the S3 objects read (Statistics.DataScannedInBytes). */
  dataScannedBytes: number;
}

/** A table reference found in a query, lower-cased as Glue stores names. */
export interface TableRef {
  /**
   * The data catalog a three-part name names (lower-cased), when it is not the query's own
   * (QueryExecutionContext.Catalog); absent for names that resolve in the query's catalog.
   */
  catalog?: string;
  database: string;
  table: string;
}

/** A local copy of (or link to) an object under a table's location, the key kept relative to it. */
export interface LocalObject {
  /** Absolute local path DuckDB can read. */
  path: string;
  /** The object's key relative to the location's prefix, e.g. `year=2024/month=01/x.parquet`. */
  relativeKey: string;
  size: number;
}

/**
 * The query's Glue catalog, every call made as the caller (glue:GetTable and friends are
 * authorized; a denial throws QueryFailure with Athena's access message). Names are matched
 * case-insensitively, as Glue does.
 */
export interface QueryCatalog {
  listDatabases(): Promise<string[]>;
  databaseExists(database: string): Promise<boolean>;
  /** @throws QueryFailure when it exists (the executor checks first for IF NOT EXISTS) */
  createDatabase(database: string, options: { comment?: string; location?: string }): Promise<void>;
  /** Drops the database and, when `cascade`, its tables (a non-empty database without cascade is the executor's error). False when absent. */
  dropDatabase(database: string): Promise<boolean>;
  getTable(database: string, table: string): Promise<CatalogTable | undefined>;
  listTables(database: string): Promise<CatalogTable[]>;
  /** @throws QueryFailure when it exists (AlreadyExists) or the database does not */
  createTable(database: string, input: TableDefinition): Promise<void>;
  /** False when there was no such table. */
  dropTable(database: string, table: string): Promise<boolean>;
  listPartitions(database: string, table: string): Promise<CatalogPartition[]>;
  /** Adds partitions that are not there yet; returns how many were added. */
  addPartitions(database: string, table: string, partitions: PartitionDefinition[]): Promise<number>;
  /** Removes the partitions with these values (each in partition-key order); returns how many were there. */
  dropPartitions(database: string, table: string, values: string[][]): Promise<number>;
}

/** The S3 side of a query, every call made as the caller. */
export interface QueryStorage {
  /**
   * Every object under `s3Uri` (a prefix; a trailing slash is implied) that Athena reads — hidden
   * names (`_x`, `.x`) and folder markers are skipped, unread and unauthorized — materialized under
   * `localDir` for DuckDB to read. Authorized as s3:ListBucket on the bucket and s3:GetObject on
   * each object; a denial throws QueryFailure naming the S3 path.
   */
  fetchPrefix(s3Uri: string, localDir: string): Promise<LocalObject[]>;
  /** Keys (relative to the prefix) under `s3Uri`, for MSCK REPAIR TABLE. */
  listPrefix(s3Uri: string): Promise<string[]>;
  /** Writes one object (CTAS data files); a denial throws QueryFailure naming the S3 path. */
  putObject(s3Uri: string, body: Buffer): Promise<void>;
}

/** One statement to run. */
export interface QueryRequest {
  queryExecutionId: string;
  sql: string;
  /**
   * The account the statement runs for: each account's statements run on a DuckDB instance of
   * its own (execute/instance-pool.ts). Statements without one share the instance `default`.
   */
  tenant?: string;
  /** QueryExecutionContext.Database: where unqualified table names are looked up. */
  database?: string;
  /** QueryExecutionContext.Catalog: where one- and two-part table names resolve (AwsDataCatalog, or a registered GLUE catalog). */
  catalog: string;
  /** The query's OutputLocation: CTAS without external_location writes under `<OutputLocation>/tables/<id>/`. */
  outputLocation?: string;
  catalogAccess: QueryCatalog;
  /**
   * Another data catalog the query names in a three-part name (`central.db.t`, the name
   * lower-cased), read as the caller; undefined when the caller has no catalog of that name.
   * Without it, only the query's own catalog can be named.
   */
  catalogNamed?: (name: string) => Promise<QueryCatalog | undefined>;
  storage: QueryStorage;
  /** Aborted by StopQueryExecution: the engine stops and throws QueryCancelled. */
  signal: AbortSignal;
}

/** Thrown by a statement stopped through its signal. */
export class QueryCancelled extends Error {}

/**
 * Runs one Athena statement to completion.
 *
 * @example
 * const result = await engine.execute({ queryExecutionId, sql: 'SELECT 1', catalog: 'AwsDataCatalog', catalogAccess, storage, signal });
 */
export interface QueryEngine {
  execute(request: QueryRequest): Promise<QueryResult>;
  /**
   * Refuses, before a query exists, a statement Athena cannot parse: Trino's parse errors are
   * StartQueryExecution's InvalidRequestException (MALFORMED_QUERY), not a FAILED query.
   * @throws MalformedQuery with Trino's message (`line L:C: mismatched input …`)
   */
  checkSyntax?(sql: string, tenant: string): Promise<void>;
  close(): Promise<void>;
  /** The largest result it writes, in bytes of text: GetQueryResults reads no larger result object. */
  readonly maxResultBytes: number;
}

/** Re-exported for the statement parsers: a Glue column. */
export type { CatalogColumn };

/** A statement Trino's grammar refuses: `message` is Trino's (`line 1:8: mismatched input …`). */
export class MalformedQuery extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedQuery';
  }
}
