/**
 * The Glue Data Catalog's stored state: databases and tables per account (the catalog id) and
 * region. Definitions keep Glue's own member names (PascalCase, as in the Glue API's
 * DatabaseInput and TableInput), so the Glue service can hand them out as they are and add only
 * what the catalog fills in (CatalogId, DatabaseName, CreateTime, UpdateTime, VersionId).
 * Names are stored lower-case, as Glue stores them (Hive compatibility).
 */

/** A column of a table or a partition key (Glue `Column`). */
export interface CatalogColumn {
  Name: string;
  Type?: string;
  Comment?: string;
  Parameters?: Record<string, string>;
}

/** Glue `SerDeInfo`. */
export interface SerDeInfo {
  Name?: string;
  SerializationLibrary?: string;
  Parameters?: Record<string, string>;
}

/** Glue `StorageDescriptor`: where the data is and how it is read and written. */
export interface StorageDescriptor {
  Columns?: CatalogColumn[];
  Location?: string;
  AdditionalLocations?: string[];
  InputFormat?: string;
  OutputFormat?: string;
  Compressed?: boolean;
  NumberOfBuckets?: number;
  SerdeInfo?: SerDeInfo;
  BucketColumns?: string[];
  SortColumns?: Array<{ Column: string; SortOrder: number }>;
  Parameters?: Record<string, string>;
  StoredAsSubDirectories?: boolean;
}

/** What a caller gives to create or replace a database (Glue `DatabaseInput`). */
export interface DatabaseDefinition {
  Name: string;
  Description?: string;
  LocationUri?: string;
  Parameters?: Record<string, string>;
}

/** A stored database. */
export interface CatalogDatabase extends DatabaseDefinition {
  /** The owning account: Glue's CatalogId. */
  catalogId: string;
  region: string;
  createdAt: Date;
}

/** What a caller gives to create or replace a table (Glue `TableInput`). */
export interface TableDefinition {
  Name: string;
  Description?: string;
  Owner?: string;
  Retention?: number;
  StorageDescriptor?: StorageDescriptor;
  PartitionKeys?: CatalogColumn[];
  ViewOriginalText?: string;
  ViewExpandedText?: string;
  /** EXTERNAL_TABLE, VIRTUAL_VIEW, … */
  TableType?: string;
  Parameters?: Record<string, string>;
}

/** A stored table. */
export interface CatalogTable extends TableDefinition {
  catalogId: string;
  region: string;
  databaseName: string;
  createdAt: Date;
  updatedAt: Date;
  /** The principal ARN that created it (Glue's CreatedBy). */
  createdBy?: string;
  /** Starts at 1; each replacement adds one (Glue's VersionId). */
  version: number;
}

/** What a caller gives to create a partition (Glue `PartitionInput`): one value per partition key, in order. */
export interface PartitionDefinition {
  Values: string[];
  StorageDescriptor?: StorageDescriptor;
  Parameters?: Record<string, string>;
}

/** A stored partition of a table. */
export interface CatalogPartition extends PartitionDefinition {
  catalogId: string;
  region: string;
  databaseName: string;
  tableName: string;
  createdAt: Date;
}

/** A database, table or partition of that name already exists (Glue's AlreadyExistsException); also what the loser of two concurrent creates gets. */
export class CatalogEntityExistsError extends Error {}

/** The database (or table) named does not exist (Glue's EntityNotFoundException). */
export class CatalogEntityNotFoundError extends Error {}

/**
 * Databases and tables of each account's catalog in each region. Lookups ignore case.
 *
 * @example
 * await catalog.ensureDatabase(account, region, { Name: 'sagemaker_featurestore' });
 * await catalog.createTable(account, region, 'sagemaker_featurestore', { Name: 't', StorageDescriptor: { Location: 's3://b/p' } });
 */
/** The Data Catalog's resource policy (Glue PutResourcePolicy): one per catalog and region. */
export interface CatalogPolicy {
  document: string;
  /** Changes with every put: PolicyHashCondition names the policy a change was made from. */
  hash: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Decides a change of the catalog policy from the one stored at the write (undefined: none); it
 * throws to refuse (a failed PolicyHashCondition or PolicyExistsCondition), and nothing changes.
 */
export type CatalogPolicyCheck = (current: CatalogPolicy | undefined) => void;

export interface CatalogStore {
  getCatalogPolicy(catalogId: string, region: string): Promise<CatalogPolicy | undefined>;
  /** Sets the policy if `check` accepts the stored one, as one step; returns what is stored. */
  putCatalogPolicy(catalogId: string, region: string, policy: { document: string; hash: string }, check: CatalogPolicyCheck): Promise<CatalogPolicy>;
  /** Removes the policy if `check` accepts the stored one, as one step. */
  deleteCatalogPolicy(catalogId: string, region: string, check: CatalogPolicyCheck): Promise<void>;
  getDatabase(catalogId: string, region: string, name: string): Promise<CatalogDatabase | undefined>;
  /** By name. */
  listDatabases(catalogId: string, region: string): Promise<CatalogDatabase[]>;
  /** @throws CatalogEntityExistsError */
  createDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase>;
  /** The database, created first when absent. */
  ensureDatabase(catalogId: string, region: string, input: DatabaseDefinition): Promise<CatalogDatabase>;
  /**
   * Replaces a database's definition (its name stays), keeping its creation time.
   * @throws CatalogEntityNotFoundError when the database does not exist
   */
  updateDatabase(catalogId: string, region: string, name: string, input: Omit<DatabaseDefinition, 'Name'>): Promise<CatalogDatabase>;
  /** Drops the database and its tables; false when it was not there. */
  deleteDatabase(catalogId: string, region: string, name: string): Promise<boolean>;
  getTable(catalogId: string, region: string, databaseName: string, name: string): Promise<CatalogTable | undefined>;
  /** By name; [] when the database does not exist. */
  listTables(catalogId: string, region: string, databaseName: string): Promise<CatalogTable[]>;
  /**
   * @throws CatalogEntityNotFoundError when the database does not exist
   * @throws CatalogEntityExistsError when the table does
   */
  createTable(catalogId: string, region: string, databaseName: string, input: TableDefinition, createdBy?: string): Promise<CatalogTable>;
  /**
   * Replaces a table's definition (its name stays), keeping its creation time and bumping its version.
   * @throws CatalogEntityNotFoundError when the table does not exist
   */
  updateTable(catalogId: string, region: string, databaseName: string, input: TableDefinition): Promise<CatalogTable>;
  deleteTable(catalogId: string, region: string, databaseName: string, name: string): Promise<boolean>;
  /** The partition with exactly these values (case kept), if the table has it. */
  getPartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<CatalogPartition | undefined>;
  /** In the order they were created; [] when the table does not exist. */
  listPartitions(catalogId: string, region: string, databaseName: string, tableName: string): Promise<CatalogPartition[]>;
  /**
   * @throws CatalogEntityNotFoundError when the table does not exist
   * @throws CatalogEntityExistsError when a partition with these values does
   */
  createPartition(catalogId: string, region: string, databaseName: string, tableName: string, input: PartitionDefinition): Promise<CatalogPartition>;
  /**
   * Replaces the partition with `values` by `input` (its values may change), keeping its creation time.
   * @throws CatalogEntityNotFoundError when there is no such partition
   * @throws CatalogEntityExistsError when the new values name another existing partition
   */
  updatePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[], input: PartitionDefinition): Promise<CatalogPartition>;
  deletePartition(catalogId: string, region: string, databaseName: string, tableName: string, values: readonly string[]): Promise<boolean>;
}
