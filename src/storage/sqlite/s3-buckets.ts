import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { BucketExistsError, type Acl, type Bucket, type BucketStore, type NewBucket, type ObjectOwnership, type PublicAccessBlock, type StoredBucketPolicy, type BucketEncryption, type BucketLogging, type BucketConfigurations, type BucketVersioning, type ObjectLockSettings, type LifecycleRule, type CorsRule, CONFIGURATION_COLUMNS } from '../s3.js';
import { immediate, prepare } from './node-sqlite.js';

/** A row of s3_buckets, as SQLite and PostgreSQL both keep it (src/storage/postgres/s3-buckets.ts reads it with this too). */
export interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  ownership: ObjectOwnership;
  /** 1/0 in SQLite, a boolean in PostgreSQL: whether ownership controls are set. */
  ownership_controls: number | boolean;
  policy: string | null;
  /** JSON ARN → unique id; NULL for no policy, or one stored before bindings (see database.ts). */
  policy_bindings: string | null;
  public_access_block: string | null;
  tags: string | null;
  acl: string;
  /** JSON BucketEncryption; NULL for S3's default (SSE-S3). */
  encryption: string | null;
  /** JSON BucketLogging; NULL when logging is off. */
  logging: string | null;
  /** JSON, one column per {@link BucketConfigurations} entry; NULL when unset. */
  versioning: string | null;
  object_lock: string | null;
  lifecycle: string | null;
  cors: string | null;
}

/** Rules columns (lifecycle, CORS) already parsed, by their text: up to a thousand lifecycle rules are read on every request to their bucket. */
const parsedRules = new Map<string, unknown>();
const PARSED_RULES_KEPT = 256;

function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** A rules column's value, parsed once per distinct text and shared, frozen, by every bucket read that finds it. */
function parsedOnce<T>(text: string): T {
  let value = parsedRules.get(text);
  if (value === undefined) {
    value = frozen(JSON.parse(text) as unknown);
    if (parsedRules.size >= PARSED_RULES_KEPT) parsedRules.delete(parsedRules.keys().next().value!);
    parsedRules.set(text, value);
  }
  return value as T;
}

export function bucketFromRow(r: BucketRow): Bucket {
  return {
    name: r.name,
    accountId: r.account_id,
    region: r.region,
    createdAt: new Date(r.created_at),
    ownership: r.ownership,
    ...(r.policy !== null ? { policy: r.policy, policyPrincipalBindings: r.policy_bindings === null ? {} : (JSON.parse(r.policy_bindings) as Record<string, string>) } : {}),
    ...(r.public_access_block !== null ? { publicAccessBlock: JSON.parse(r.public_access_block) as PublicAccessBlock } : {}),
    ...(r.tags !== null ? { tags: JSON.parse(r.tags) as Array<{ Key: string; Value: string }> } : {}),
    acl: JSON.parse(r.acl) as Acl,
    ...(!r.ownership_controls ? { ownershipControlsAbsent: true } : {}),
    ...(r.encryption ? { encryption: JSON.parse(r.encryption) as BucketEncryption } : {}),
    ...(r.logging ? { logging: JSON.parse(r.logging) as BucketLogging } : {}),
    ...(r.versioning ? { versioning: JSON.parse(r.versioning) as BucketVersioning } : {}),
    ...(r.object_lock ? { objectLock: JSON.parse(r.object_lock) as ObjectLockSettings } : {}),
    ...(r.lifecycle ? { lifecycle: parsedOnce<LifecycleRule[]>(r.lifecycle) } : {}),
    ...(r.cors ? { cors: parsedOnce<CorsRule[]>(r.cors) } : {}),
  };
}

/** The versioning and object_lock columns of a new bucket: a bucket made with Object Lock is versioned from the start. */
export function lockedFromCreation(input: NewBucket): [string | null, string | null] {
  if (!input.objectLock) return [null, null];
  const versioning: BucketVersioning = { status: 'Enabled' };
  const lock: ObjectLockSettings = { enabled: true };
  return [JSON.stringify(versioning), JSON.stringify(lock)];
}

/** A setting as its column holds it: JSON text, or NULL for none. */
export const jsonOrNull = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** {@link BucketStore} on the embedded SQLite database. */
export class SqliteBucketStore implements BucketStore {
  readonly #q;
  constructor(private readonly db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      get: prepare<[string], BucketRow>(db, 'SELECT * FROM s3_buckets WHERE name = ?'),
      insert: db.prepare(
        `INSERT INTO s3_buckets (name, account_id, region, created_at, ownership, policy, public_access_block, tags, acl, versioning, object_lock)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
      ),
      delete: db.prepare('DELETE FROM s3_buckets WHERE name = ?'),
      list: prepare<[string], BucketRow>(db, 'SELECT * FROM s3_buckets WHERE account_id = ? ORDER BY name'),
      policy: db.prepare('UPDATE s3_buckets SET policy = ?, policy_bindings = ? WHERE name = ?'),
      ownership: db.prepare('UPDATE s3_buckets SET ownership = ?, ownership_controls = ? WHERE name = ?'),
      pab: db.prepare('UPDATE s3_buckets SET public_access_block = ? WHERE name = ?'),
      tags: db.prepare('UPDATE s3_buckets SET tags = ? WHERE name = ?'),
      acl: db.prepare('UPDATE s3_buckets SET acl = ? WHERE name = ?'),
      encryption: db.prepare('UPDATE s3_buckets SET encryption = ? WHERE name = ?'),
      logging: db.prepare('UPDATE s3_buckets SET logging = ? WHERE name = ?'),
      configuration: Object.fromEntries(
        Object.entries(CONFIGURATION_COLUMNS).map(([kind, column]) => [kind, db.prepare(`UPDATE s3_buckets SET ${column} = ? WHERE name = ?`)]),
      ) as Record<keyof BucketConfigurations, ReturnType<DatabaseSync['prepare']>>,
      configured: Object.fromEntries(
        Object.entries(CONFIGURATION_COLUMNS).map(([kind, column]) => [kind, prepare<[], BucketRow>(db, `SELECT * FROM s3_buckets WHERE ${column} IS NOT NULL ORDER BY name`)]),
      ) as unknown as Record<keyof BucketConfigurations, { all(): BucketRow[] }>,
    };
  }

  async getBucket(name: string): Promise<Bucket | undefined> {
    const row = this.#q.get.get(name);
    return row ? bucketFromRow(row) : undefined;
  }

  async createBucket(input: NewBucket): Promise<Bucket> {
    return immediate(this.db, () => {
      const existing = this.#q.get.get(input.name);
      if (existing) throw new BucketExistsError(bucketFromRow(existing));
      this.#q.insert.run(
        input.name,
        input.accountId,
        input.region,
        this.clock.now().getTime(),
        input.ownership,
        jsonOrNull(input.publicAccessBlock),
        jsonOrNull(input.tags),
        JSON.stringify(input.acl),
        ...lockedFromCreation(input),
      );
      return bucketFromRow(this.#q.get.get(input.name)!);
    });
  }

  async deleteBucket(name: string): Promise<boolean> {
    return this.#q.delete.run(name).changes > 0;
  }

  async listBuckets(accountId: string): Promise<Bucket[]> {
    return this.#q.list.all(accountId).map(bucketFromRow);
  }

  async setPolicy(name: string, policy: StoredBucketPolicy | undefined): Promise<boolean> {
    return this.#q.policy.run(policy?.document ?? null, policy ? JSON.stringify(policy.principalBindings) : null, name).changes > 0;
  }

  async setOwnership(name: string, ownership: ObjectOwnership | undefined): Promise<boolean> {
    // Without ownership controls S3 behaves as ObjectWriter (the writer owns what it writes).
    return this.#q.ownership.run(ownership ?? 'ObjectWriter', ownership === undefined ? 0 : 1, name).changes > 0;
  }

  async setPublicAccessBlock(name: string, block: PublicAccessBlock | undefined): Promise<boolean> {
    return this.#q.pab.run(jsonOrNull(block), name).changes > 0;
  }

  async setTags(name: string, tags: Array<{ Key: string; Value: string }> | undefined): Promise<boolean> {
    return this.#q.tags.run(jsonOrNull(tags), name).changes > 0;
  }

  async setAcl(name: string, acl: Acl): Promise<boolean> {
    return this.#q.acl.run(JSON.stringify(acl), name).changes > 0;
  }

  async setEncryption(name: string, encryption: BucketEncryption | undefined): Promise<boolean> {
    return this.#q.encryption.run(jsonOrNull(encryption), name).changes > 0;
  }

  async setLogging(name: string, logging: BucketLogging | undefined): Promise<boolean> {
    return this.#q.logging.run(jsonOrNull(logging), name).changes > 0;
  }

  async bucketsWithConfiguration(kind: keyof BucketConfigurations): Promise<Bucket[]> {
    return this.#q.configured[kind].all().map(bucketFromRow);
  }

  async setConfiguration<K extends keyof BucketConfigurations>(name: string, kind: K, value: BucketConfigurations[K] | undefined): Promise<boolean> {
    return this.#q.configuration[kind].run(jsonOrNull(value), name).changes > 0;
  }
}
