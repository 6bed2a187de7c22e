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

/** Standard_V2 is Standard that also takes UpdateRecord; both live in the standard store. */
export type OnlineStorageType = 'Standard' | 'Standard_V2' | 'InMemory';

export interface OnlineStoreConfig {
  EnableOnlineStore?: boolean;
  StorageType?: OnlineStorageType;
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
  getFeatureGroup(accountId: string, region: string, name: string): Promise<FeatureGroup | undefined>;
  /**
   * Records the offline store's health as DescribeFeatureGroup shows it (`Blocked` with the
   * reason while the group's role cannot write, `Active` again once it can). Optional so the
   * offline-store writer can run before a store implements it; it calls it defensively, and
   * awaits it (a database store can fail to record it).
   */
  setOfflineStoreStatus?(accountId: string, region: string, name: string, status: OfflineStoreStatus): Promise<void>;
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

/** An outbox row before it has its sequence (what a write appends). */
export type NewOutboxRow = Omit<OutboxRow, 'sequence'>;

/** One feature group as the outbox knows it: the rows of a group carry all four. */
export interface OutboxGroupRef {
  accountId: string;
  region: string;
  featureGroupName: string;
  featureGroupCreatedAt: Date;
}

/**
 * One writer's hold on one group's rows ({@link OfflineOutbox.claim}). The token is the lease:
 * when another writer takes the claim over it gets a new token, and this one then renews and
 * acknowledges nothing.
 */
export interface OutboxClaim {
  readonly token: string;
  readonly group: OutboxGroupRef;
  /** The claimed rows, oldest first. */
  readonly rows: readonly OutboxRow[];
  /** When the lease runs out unless renewed (by the outbox's clock). */
  readonly until: Date;
}

/**
 * The writer's side of the outbox: per group, in order; acknowledge once durably in S3. The
 * writer reads it group by group (never one global queue), so a group whose rows cannot be
 * written — however many — never stands in front of another group's rows.
 *
 * Several writers (one per server process) drain one outbox through claims: a group's rows go
 * to one writer at a time, and rows land in S3 exactly once provided each Parquet object is
 * named from its rows only (src/offline-store/batches.ts names it after its first row), so a
 * writer that takes over a dead writer's claim rewrites the same objects rather than adding
 * copies. A writer renews its claim before each object it stores and stops when the claim is
 * lost; the lease must outlast the longest single PutObject, or a writer stalled past its lease
 * in mid-PutObject could overwrite an object its successor already stored. The plain
 * {@link pendingOf} / {@link acknowledge} pair is for one writer alone.
 */
export interface OfflineOutbox {
  /** The oldest unacknowledged rows of every group, up to `limit` (tests and tools). */
  pending(limit: number): Promise<OutboxRow[]>;
  /** Every group with unacknowledged rows, once each (account, region, name, creation time), claimed or not. */
  pendingGroups(): Promise<OutboxGroupRef[]>;
  /** The oldest unacknowledged rows of one group, oldest first, up to `limit`, claimed or not. */
  pendingOf(group: OutboxGroupRef, limit: number): Promise<OutboxRow[]>;
  /**
   * Removes rows once their Parquet object is stored. Sequences must never be reused (SQLite
   * AUTOINCREMENT, not a bare rowid): the writer names objects after a batch's first sequence.
   */
  acknowledge(sequences: readonly number[]): Promise<void>;
  /**
   * Hands `group`'s rows to one writer (`claimant` names it, for operators) for `leaseMs`;
   * undefined when another writer holds a live claim on the group, or it has no rows. A group
   * has at most one claim, whose rows are fixed when it is made (the group's oldest unclaimed
   * rows, up to `limit`) and stay its rows until acknowledged. A claim whose lease ran out (its
   * writer died or stalled) or that was released is taken over whole: the next claimant gets
   * exactly the rows not yet acknowledged, whatever its `limit`, so it plans the same objects
   * and overwrites whatever the previous holder stored. A claim whose rows are all acknowledged
   * is gone; the group's next claim takes new rows.
   */
  claim(group: OutboxGroupRef, claimant: string, limit: number, leaseMs: number): Promise<OutboxClaim | undefined>;
  /**
   * Extends the lease to `leaseMs` from now. False when the claim was taken over or is gone (all
   * its rows acknowledged): its holder must stop writing them. A lapsed lease that nobody took
   * over is renewed: nobody else has written its rows.
   */
  renew(claim: OutboxClaim, leaseMs: number): Promise<boolean>;
  /**
   * Removes those of `sequences` that belong to the claim (any other is ignored) once their
   * object is stored; false, removing nothing, when the claim was taken over.
   */
  acknowledgeClaimed(claim: OutboxClaim, sequences: readonly number[]): Promise<boolean>;
  /**
   * Gives the claim up without acknowledging (a write failed): its token is dead at once, and its
   * remaining rows go whole to the group's next claim, without waiting out the lease.
   */
  release(claim: OutboxClaim): Promise<void>;
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
 * each other. Groups read are shared and deep-frozen (implementations cache them): build a
 * changed copy, never edit one. SQLite and PostgreSQL implementations
 * (src/storage/{sqlite/featurestore-groups,postgres/feature-groups-store}.ts) pass one contract
 * suite (src/storage/feature-groups.contract.ts).
 */
export interface FeatureGroupStore extends FeatureGroupReader {
  /** The account's groups in the region, oldest first. */
  listFeatureGroups(accountId: string, region: string): Promise<FeatureGroup[]>;
  countFeatureGroups(accountId: string, region: string): Promise<number>;
  /**
   * Stores a new group and its features' metadata.
   * @throws FeatureGroupExistsError when the name is taken (in any case).
   */
  createFeatureGroup(group: FeatureGroup, features: readonly FeatureMetadata[]): Promise<void>;
  /** Replaces a stored group's definition (its offline store status excepted); false when it is gone. */
  saveFeatureGroup(group: FeatureGroup): Promise<boolean>;
  /**
   * Reads the group as stored now, applies `change` (synchronous; it may throw to refuse, and
   * nothing is written) and saves what it returns, as one step: two concurrent changes (tags
   * added by two requests, on one process or several) both land, neither overwrites the other.
   * Resolves with the saved group, or undefined when the group is gone.
   */
  updateFeatureGroup(accountId: string, region: string, name: string, change: (group: FeatureGroup) => FeatureGroup): Promise<FeatureGroup | undefined>;
  /** Forgets a group and its features' metadata; false when it was not there. */
  deleteFeatureGroup(accountId: string, region: string, name: string): Promise<boolean>;
  setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): Promise<void>;
  /** The metadata of every feature of the group, in definition order ([] when the group is gone). */
  listFeatureMetadata(accountId: string, region: string, name: string): Promise<FeatureMetadata[]>;
  /**
   * Adds or replaces the metadata of the given features (by name); false when the group is gone.
   * Given a function, it is called with the metadata as stored at the write and returns the
   * features to put (it may throw to refuse, and nothing is written): a change made from what is
   * stored then, so a concurrent update is not overwritten.
   */
  putFeatureMetadata(accountId: string, region: string, name: string, features: readonly FeatureMetadata[] | ((stored: readonly FeatureMetadata[]) => readonly FeatureMetadata[])): Promise<boolean>;
}

// ─── The online store (the runtime's side) ─────────────────────────────────────────────────

/** Which feature group a record belongs to: the owning account, its region and the group's name. */
export interface FeatureGroupKey {
  accountId: string;
  region: string;
  name: string;
  /** The online store's StorageType; InMemory groups go to the in-memory tier when the server has one. */
  storageType?: OnlineStorageType;
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

/**
 * UpdateRecord: sets the given features of a live record and keeps the others. The event time is
 * the record's unless the update carries one (which must not be earlier); `ttlMs` sets a new
 * ExpiresAt (event time + ttlMs), else an existing ExpiresAt moves with the event time (the TTL
 * setting stays). The store merges under its own lock (src/storage/record-update.ts) and appends
 * the merged record as the offline row.
 */
export interface RecordUpdate extends Omit<RecordWriteBase, 'eventTime' | 'eventTimeMs'> {
  kind: 'update';
  /** The features to set, in request order; the record identifier is not among them. */
  features: ReadonlyArray<readonly [string, FeatureValue]>;
  eventTime?: string;
  eventTimeMs?: number;
  ttlMs?: number;
  /** The largest merged record, in bytes (names and values, UTF-8): a larger one is refused. */
  maxRecordBytes: number;
}

export type RecordWrite = RecordPut | RecordDelete | RecordUpdate;

/**
 * What a write did online: `written` (put replaced or created the record, or a delete took
 * effect), `stale` (the stored record's event time is not earlier: nothing changed online; a
 * HardDelete then changed nothing at all), `absent` (a delete found no record), `skipped` (the
 * online store was not a target). `outboxSequence` is set when an offline row was appended.
 * An update is `absent` when the record is not live (missing, soft-deleted, expired) and `stale`
 * when its event time is earlier than the record's; either way nothing is written anywhere.
 */
export interface WriteOutcome {
  online: 'written' | 'stale' | 'absent' | 'skipped';
  outboxSequence?: number;
  /** An update refused because the merged record would be larger than its `maxRecordBytes`: its size. */
  tooLargeBytes?: number;
}

/** One page of a group's record identifiers (ListRecords). */
export interface RecordIdPage {
  recordIds: string[];
  /** Where the next page starts, in the store's own terms; absent on the last page. */
  position?: string;
}

export interface ListRecordIdsOptions {
  /** A page's size; a store may return fewer, and a store that scans (Redis) may return more. */
  limit: number;
  /** The previous page's position. */
  position?: string;
  includeSoftDeleted: boolean;
  now: Date;
}

/**
 * The online store, and (for the Standard tier) the writer of the offline outbox: every write
 * appends its offline row in the same transaction (SQLite or PostgreSQL) as its online change,
 * and resolves only once that has committed. Reads are asynchronous because a network store (the in-memory tier on
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
   * The identifiers of the group's records, a page at a time: live ones (soft-deleted ones too
   * when asked), never an expired one. Each identifier appears once over the pages of a group
   * that does not change meanwhile (a scanning store may repeat one that moved); a position is
   * meaningful only to the store that gave it, and an unusable one throws
   * {@link InvalidPositionError}.
   */
  listRecordIds(group: FeatureGroupKey, opts: ListRecordIdsOptions): Promise<RecordIdPage>;
  /**
   * Hard-deletes every record expired at `now` (at most `limit`), each with its deletion marker
   * where the group has an offline store; returns how many (a store that expires records on its
   * own, as Redis does, may return 0: expired records are hidden and treated as absent either way).
   */
  expire(now: Date, limit?: number): Promise<number>;
  /** Forgets a deleted feature group's online records (its outbox rows stay for the writer). */
  dropFeatureGroup(accountId: string, region: string, name: string): Promise<void>;
}

/** A ListRecords position this store did not give (a forged or another store's NextToken). */
export class InvalidPositionError extends Error {
  constructor(position: string) {
    super(`not a position of this record store: ${JSON.stringify(position.slice(0, 64))}`);
    this.name = 'InvalidPositionError';
  }
}
