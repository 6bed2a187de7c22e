/**
 * The feature store's stored state: feature groups (the SageMaker control plane's), their
 * online records (the runtime's), and the offline outbox the offline-store writer drains. Each
 * side adds its store interface beside these types; SQLite implementations live under
 * src/storage/sqlite/featurestore-*.ts.
 */

export type FeatureType = 'Integral' | 'Fractional' | 'String';

export interface FeatureDefinition {
  FeatureName: string;
  FeatureType: FeatureType;
  CollectionType?: 'List' | 'Set' | 'Vector';
  CollectionConfig?: { VectorConfig?: { Dimension: number } };
}

export interface TtlDuration {
  Unit: 'Seconds' | 'Minutes' | 'Hours' | 'Days' | 'Weeks';
  Value: number;
}

export interface OnlineStoreConfig {
  EnableOnlineStore?: boolean;
  StorageType?: 'Standard' | 'InMemory';
  TtlDuration?: TtlDuration;
  SecurityConfig?: { KmsKeyId?: string };
}

export interface OfflineStoreConfig {
  S3StorageConfig: { S3Uri: string; KmsKeyId?: string; ResolvedOutputS3Uri?: string };
  DisableGlueTableCreation?: boolean;
  DataCatalogConfig?: { TableName: string; Catalog: string; Database: string };
  TableFormat?: 'Default' | 'Glue' | 'Iceberg';
}

export type FeatureGroupStatus = 'Creating' | 'Created' | 'CreateFailed' | 'Deleting' | 'DeleteFailed';

export interface OfflineStoreStatus {
  Status: 'Active' | 'Blocked' | 'Disabled';
  BlockedReason?: string;
}

/** A feature group as DescribeFeatureGroup shows it, plus its account and region. */
export interface FeatureGroup {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  featureDefinitions: FeatureDefinition[];
  createdAt: Date;
  lastModifiedAt: Date;
  description?: string;
  roleArn?: string;
  onlineStoreConfig?: OnlineStoreConfig;
  offlineStoreConfig?: OfflineStoreConfig;
  throughputConfig?: { ThroughputMode: 'OnDemand' | 'Provisioned'; ProvisionedReadCapacityUnits?: number; ProvisionedWriteCapacityUnits?: number };
  status: FeatureGroupStatus;
  offlineStoreStatus?: OfflineStoreStatus;
  lastUpdateStatus?: { Status: 'Successful' | 'Failed' | 'InProgress'; FailureReason?: string };
  failureReason?: string;
  tags: Array<{ Key: string; Value: string }>;
}

/** What the runtime and the offline writer need to know about feature groups. */
export interface FeatureGroupReader {
  getFeatureGroup(accountId: string, region: string, name: string): FeatureGroup | undefined;
  /**
   * Records the offline store's health as DescribeFeatureGroup shows it (`Blocked` with the
   * reason while the group's role cannot write, `Active` again once it can). Optional so the
   * offline-store writer can run before a store implements it; it calls it defensively.
   */
  setOfflineStoreStatus?(accountId: string, region: string, name: string, status: OfflineStoreStatus): void;
}

/** A feature value as the runtime's wire carries it: ValueAsString or ValueAsStringList. */
export type FeatureValue = string | string[];

/**
 * One row for the offline store, appended in the same transaction as the online write that
 * caused it (or alone, for offline-only writes and deletion markers). `sequence` orders rows
 * and is how the writer acknowledges them.
 */
export interface OutboxRow {
  sequence: number;
  accountId: string;
  region: string;
  featureGroupName: string;
  /** The group's creation time, which names its offline-store folder (`<name>-<epoch>`). */
  featureGroupCreatedAt: Date;
  /** Feature name → value; null for a feature the record lacks (and for every feature of a deletion marker). */
  values: Record<string, FeatureValue | null>;
  /** The record's event time as sent (the event-time feature's value). */
  eventTime: string;
  writeTime: Date;
  apiInvocationTime: Date;
  isDeleted: boolean;
}

/** One feature group as the outbox knows it: the rows of a group carry all four. */
export interface OutboxGroupRef {
  accountId: string;
  region: string;
  featureGroupName: string;
  featureGroupCreatedAt: Date;
}

/**
 * The writer's side of the outbox: per group, in order; acknowledge once durably in S3. The
 * writer reads it group by group (never one global queue), so a group whose rows cannot be
 * written — however many — never stands in front of another group's rows.
 */
export interface OfflineOutbox {
  /** The oldest unacknowledged rows of every group, up to `limit` (tests and tools). */
  pending(limit: number): OutboxRow[];
  /** Every group with unacknowledged rows, once each (account, region, name, creation time). */
  pendingGroups(): OutboxGroupRef[];
  /** The oldest unacknowledged rows of one group, oldest first, up to `limit`. */
  pendingOf(group: OutboxGroupRef, limit: number): OutboxRow[];
  /**
   * Removes rows once their Parquet object is stored. Sequences must never be reused (SQLite
   * AUTOINCREMENT, not a bare rowid): the writer names objects after a batch's first sequence.
   */
  acknowledge(sequences: readonly number[]): void;
}

/** A feature's own metadata (DescribeFeatureMetadata / UpdateFeatureMetadata). */
export interface FeatureMetadata {
  featureName: string;
  description?: string;
  /** At most 25, in the order they were added. */
  parameters: Array<{ Key: string; Value: string }>;
  /** When the feature was defined: the group's creation, or the UpdateFeatureGroup that added it. */
  createdAt: Date;
  lastModifiedAt: Date;
}

/** A feature group with this name (in any case) already exists in the account and region. */
export class FeatureGroupExistsError extends Error {
  constructor(readonly existing: FeatureGroup) {
    super(`feature group ${existing.name} already exists`);
  }
}

/**
 * The control plane's store of feature groups, per account and region. Names are unique without
 * regard to case (SageMaker lower-cases them in ARNs) and looked up the same way; the group keeps
 * the spelling it was created with. The offline store status is kept apart from the rest of the
 * group, so the offline-store writer's reports and the control plane's updates never overwrite
 * each other.
 */
export interface FeatureGroupStore extends FeatureGroupReader {
  /** The account's groups in the region, oldest first. */
  listFeatureGroups(accountId: string, region: string): FeatureGroup[];
  countFeatureGroups(accountId: string, region: string): number;
  /**
   * Stores a new group and its features' metadata.
   * @throws FeatureGroupExistsError when the name is taken (in any case).
   */
  createFeatureGroup(group: FeatureGroup, features: readonly FeatureMetadata[]): void;
  /** Replaces a stored group's definition (its offline store status excepted); false when it is gone. */
  saveFeatureGroup(group: FeatureGroup): boolean;
  /** Forgets a group and its features' metadata; false when it was not there. */
  deleteFeatureGroup(accountId: string, region: string, name: string): boolean;
  setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): void;
  /** The metadata of every feature of the group, in definition order ([] when the group is gone). */
  listFeatureMetadata(accountId: string, region: string, name: string): FeatureMetadata[];
  /** Adds or replaces the metadata of the given features (by name); false when the group is gone. */
  putFeatureMetadata(accountId: string, region: string, name: string, features: readonly FeatureMetadata[]): boolean;
}

// ─── The online store (the runtime's side) ─────────────────────────────────────────────────

/** Which feature group a record belongs to: the owning account, its region and the group's name. */
export interface FeatureGroupKey {
  accountId: string;
  region: string;
  name: string;
  /** The online store's StorageType; InMemory groups go to the in-memory tier when the server has one. */
  storageType?: 'Standard' | 'InMemory';
  /**
   * The group's creation time. The in-memory tier keys records on it, so a group created again
   * under a deleted one's name never sees records its drop left behind.
   */
  createdAt?: Date;
}

/**
 * What the online store remembers about a group to write offline rows on its own (TTL expiry
 * markers from the sweep): the folder-naming creation time, the identifier and event-time
 * features, every feature name (offline rows carry them all), and whether it has an offline store.
 */
export interface RecordGroupShape {
  createdAt: Date;
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  eventTimeType: 'Fractional' | 'String';
  featureNames: readonly string[];
  offlineStore: boolean;
}

/** A record as the online store holds it. */
export interface OnlineRecord {
  recordId: string;
  /** Feature name → value, in the order the record was put (names may look like integers, so not an object). */
  features: ReadonlyArray<readonly [string, FeatureValue]>;
  /** The event time as sent, and its instant in milliseconds (fractional for sub-millisecond Unix seconds). */
  eventTime: string;
  eventTimeMs: number;
  expiresAt?: Date;
}

interface RecordWriteBase {
  group: FeatureGroupKey;
  shape: RecordGroupShape;
  recordId: string;
  eventTime: string;
  eventTimeMs: number;
  /** TargetStores, resolved against the group's enabled stores. */
  online: boolean;
  offline: boolean;
  /** When the request arrived: the offline row's api_invocation_time. */
  apiInvocationTime: Date;
}

/** PutRecord: replaces the online record only when its event time is later; the offline row is appended regardless. */
export interface RecordPut extends RecordWriteBase {
  kind: 'put';
  features: ReadonlyArray<readonly [string, FeatureValue]>;
  expiresAt?: Date;
}

/** DeleteRecord: a deletion marker offline; online, soft (hidden, features dropped) or hard (removed). */
export interface RecordDelete extends RecordWriteBase {
  kind: 'delete';
  mode: 'SoftDelete' | 'HardDelete';
}

export type RecordWrite = RecordPut | RecordDelete;

/**
 * What a write did online: `written` (put replaced or created the record, or a delete took
 * effect), `stale` (the stored record's event time is not earlier: nothing changed online; a
 * HardDelete then changed nothing at all), `absent` (a delete found no record), `skipped` (the
 * online store was not a target). `outboxSequence` is set when an offline row was appended.
 */
export interface WriteOutcome {
  online: 'written' | 'stale' | 'absent' | 'skipped';
  outboxSequence?: number;
}

/**
 * The online store, and (for the Standard tier) the writer of the offline outbox: every write
 * appends its offline row in the same SQLite transaction as its online change, and resolves only
 * once that has committed. Reads are asynchronous because a network store (the in-memory tier on
 * Redis/Valkey) answers them; the shared contract is test/support/record-store-contract.ts.
 */
export interface RecordStore {
  /** Applies a write durably; concurrent writes share one commit (group commit). */
  write(w: RecordWrite): Promise<WriteOutcome>;
  /** The live record (not soft-deleted, not expired at `now`), or undefined. */
  get(group: FeatureGroupKey, recordId: string, now: Date): Promise<OnlineRecord | undefined>;
  /** Live records of one group by identifier, in one query. */
  getMany(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Promise<Map<string, OnlineRecord>>;
  /**
   * Hard-deletes every record expired at `now` (at most `limit`), each with its deletion marker
   * where the group has an offline store; returns how many (a store that expires records on its
   * own, as Redis does, may return 0: expired records are hidden and treated as absent either way).
   */
  expire(now: Date, limit?: number): Promise<number>;
  /** Forgets a deleted feature group's online records (its outbox rows stay for the writer). */
  dropFeatureGroup(accountId: string, region: string, name: string): Promise<void>;
}
