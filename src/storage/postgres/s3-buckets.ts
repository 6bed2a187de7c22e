import type { Clock } from '../../core/clock.js';
import { BucketExistsError, type Acl, type Bucket, type BucketStore, type NewBucket, type ObjectOwnership, type PublicAccessBlock, type StoredBucketPolicy, type BucketEncryption, type BucketLogging, type BucketConfigurations, CONFIGURATION_COLUMNS } from '../s3.js';
import { bucketFromRow, jsonOrNull, lockedFromCreation, type BucketRow } from '../sqlite/s3-buckets.js';
import type { PgDatabase } from './database.js';

/**
 * {@link BucketStore} on PostgreSQL (the s3_buckets table of s3-schema.ts), shared by every server
 * process. Every write announces the change on the `buckets` topic in its own transaction, so
 * other processes' bucket caches hear of it once it is committed.
 */
export class PgBucketStore implements BucketStore {
  constructor(private readonly db: PgDatabase, private readonly clock: Clock) {}

  async getBucket(name: string): Promise<Bucket | undefined> {
    const { rows } = await this.db.query<BucketRow>('SELECT * FROM s3_buckets WHERE name = $1', [name]);
    return rows[0] ? bucketFromRow(rows[0]) : undefined;
  }

  async createBucket(input: NewBucket): Promise<Bucket> {
    return this.db.transaction(async (client) => {
      // Two processes creating one name meet in the primary key: the loser's insert waits for the
      // winner's commit, inserts nothing, and reads the winner's bucket. Should that bucket be
      // deleted before the read, the name is free again: try once more.
      for (;;) {
        const inserted = await client.query<BucketRow>(
          `INSERT INTO s3_buckets (name, account_id, region, created_at, ownership, public_access_block, tags, acl, versioning, object_lock)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (name) DO NOTHING RETURNING *`,
          [input.name, input.accountId, input.region, this.clock.now().getTime(), input.ownership, jsonOrNull(input.publicAccessBlock), jsonOrNull(input.tags), JSON.stringify(input.acl), ...lockedFromCreation(input)],
        );
        if (inserted.rows[0]) return bucketFromRow(inserted.rows[0]);
        const existing = await client.query<BucketRow>('SELECT * FROM s3_buckets WHERE name = $1', [input.name]);
        if (existing.rows[0]) throw new BucketExistsError(bucketFromRow(existing.rows[0]));
      }
    }, ['buckets']);
  }

  deleteBucket(name: string): Promise<boolean> {
    return this.#change('DELETE FROM s3_buckets WHERE name = $1', [name]);
  }

  async listBuckets(accountId: string): Promise<Bucket[]> {
    const { rows } = await this.db.query<BucketRow>('SELECT * FROM s3_buckets WHERE account_id = $1 ORDER BY name', [accountId]);
    return rows.map(bucketFromRow);
  }

  setPolicy(name: string, policy: StoredBucketPolicy | undefined): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET policy = $2, policy_bindings = $3 WHERE name = $1', [
      name, policy?.document ?? null, policy ? JSON.stringify(policy.principalBindings) : null,
    ]);
  }

  setOwnership(name: string, ownership: ObjectOwnership | undefined): Promise<boolean> {
    // Without ownership controls S3 behaves as ObjectWriter (the writer owns what it writes).
    return this.#change('UPDATE s3_buckets SET ownership = $2, ownership_controls = $3 WHERE name = $1', [name, ownership ?? 'ObjectWriter', ownership !== undefined]);
  }

  setPublicAccessBlock(name: string, block: PublicAccessBlock | undefined): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET public_access_block = $2 WHERE name = $1', [name, jsonOrNull(block)]);
  }

  setTags(name: string, tags: Array<{ Key: string; Value: string }> | undefined): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET tags = $2 WHERE name = $1', [name, jsonOrNull(tags)]);
  }

  setAcl(name: string, acl: Acl): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET acl = $2 WHERE name = $1', [name, JSON.stringify(acl)]);
  }

  setEncryption(name: string, encryption: BucketEncryption | undefined): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET encryption = $2 WHERE name = $1', [name, jsonOrNull(encryption)]);
  }

  setLogging(name: string, logging: BucketLogging | undefined): Promise<boolean> {
    return this.#change('UPDATE s3_buckets SET logging = $2 WHERE name = $1', [name, jsonOrNull(logging)]);
  }

  async bucketsWithConfiguration(kind: keyof BucketConfigurations): Promise<Bucket[]> {
    const { rows } = await this.db.query<BucketRow>(`SELECT * FROM s3_buckets WHERE ${CONFIGURATION_COLUMNS[kind]} IS NOT NULL ORDER BY name`);
    return rows.map(bucketFromRow);
  }

  setConfiguration<K extends keyof BucketConfigurations>(name: string, kind: K, value: BucketConfigurations[K] | undefined): Promise<boolean> {
    return this.#change(`UPDATE s3_buckets SET ${CONFIGURATION_COLUMNS[kind]} = $2 WHERE name = $1`, [name, jsonOrNull(value)]);
  }

  /** One write statement with its change notice; whether it touched a bucket. */
  #change(sql: string, params: unknown[]): Promise<boolean> {
    return this.db.transaction(async (client) => ((await client.query(sql, params)).rowCount ?? 0) > 0, ['buckets']);
  }
}
