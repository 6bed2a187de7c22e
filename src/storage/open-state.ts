import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock, SharedClockOffset } from '../core/clock.js';
import { LocalLocks, type KeyedLocks } from '../core/keyed-lock.js';
import { PgAdvisoryLocks } from './postgres/advisory-locks.js';
import type { AccountStore } from './accounts.js';
import type { AthenaStore } from './athena.js';
import type { ResourceShareStore } from './ram.js';
import type { CatalogStore } from './catalog.js';
import type { FeatureGroupStore, OfflineOutbox, RecordStore } from './feature-store.js';
import type { IamStore } from './iam.js';
import type { OperatorKeyStore } from './operator-keys.js';
import type { BucketStore } from './s3.js';
import type { ObjectStore } from './s3-objects.js';
import type { DecisionLog, SessionStore } from './sessions.js';
import { FileObjectStore } from './files/object-store.js';
import { PgDatabase } from './postgres/database.js';
import { ALL_SCHEMAS } from './postgres/schema.js';
import { PgAccountStore } from './postgres/account-store.js';
import { PgOperatorKeyStore } from './postgres/operator-key-store.js';
import { PgIamStore } from './postgres/iam-store.js';
import { PgSessionStore } from './postgres/session-store.js';
import { PgDecisionLog } from './postgres/decision-log.js';
import { PgBucketStore } from './postgres/s3-buckets.js';
import { PgObjectMetadataStore } from './postgres/s3-objects-meta.js';
import { PgFeatureGroupStore } from './postgres/feature-groups-store.js';
import { PgCatalogStore } from './postgres/catalog-store.js';
import { PgOfflineOutbox } from './postgres/outbox.js';
import { PgRecordStore } from './postgres/record-store.js';
import { PgAthenaStore } from './postgres/athena-store.js';
import { PgResourceShareStore } from './postgres/ram-store.js';
import { PgClockOffset } from './postgres/clock-offset.js';
import { openDatabase } from './sqlite/database.js';
import { SqliteAccountStore } from './sqlite/account-store.js';
import { SqliteOperatorKeyStore } from './sqlite/operator-key-store.js';
import { SqliteIamStore } from './sqlite/iam-store.js';
import { SqliteDecisionLog, SqliteSessionStore } from './sqlite/session-store.js';
import { SqliteBucketStore } from './sqlite/s3-buckets.js';
import { LocalObjectStore } from './sqlite/s3-objects.js';
import { SqliteFeatureGroupStore } from './sqlite/featurestore-groups.js';
import { SqliteCatalogStore } from './sqlite/catalog-store.js';
import { SqliteOfflineOutbox } from './sqlite/featurestore-outbox.js';
import { SqliteRecordStore } from './sqlite/featurestore-records.js';
import { SqliteAthenaStore } from './sqlite/athena-store.js';
import { SqliteResourceShareStore } from './sqlite/ram-store.js';
import { SqliteKmsStore } from './sqlite/kms-store.js';
import { PgKmsStore } from './postgres/kms-store.js';
import { KmsRootKey } from './kms-root-key.js';
import type { KmsStore } from './kms.js';

/**
 * Every store the server holds, in one of sagelite's two deployment shapes (docs/DEPLOYMENT.md):
 * - `sqlite`, the embedded default: one process owns the data directory (its lock), its SQLite
 *   database and its object files;
 * - `postgres`: any number of processes share one PostgreSQL database and one object directory
 *   (a shared volume); each process keeps only caches, cleared by change notices.
 * The InMemory online tier (Redis) is laid over either by the caller.
 */
export interface StateStores {
  shape: 'sqlite' | 'postgres';
  accounts: AccountStore;
  operators: OperatorKeyStore;
  iam: IamStore;
  sessions: SessionStore;
  decisions: DecisionLog;
  s3Buckets: BucketStore;
  s3Objects: ObjectStore;
  featureGroups: FeatureGroupStore;
  catalog: CatalogStore;
  outbox: OfflineOutbox;
  /** The Standard tier's online records (and the InMemory tier's where no Redis is configured). */
  standardRecords: RecordStore;
  athena: AthenaStore;
  /** AWS RAM's resource shares. */
  resourceShares: ResourceShareStore;
  /** AWS KMS's keys and aliases, and the root key their material is sealed under (`<dataDir>/kms-root.key`). */
  kms: KmsStore;
  kmsRootKey: KmsRootKey;
  /** Locks for count-then-write quotas: this process's alone (embedded), or every process's (shared). */
  locks: KeyedLocks;
  /** The test clock's offset, where several processes share this state. */
  sharedClock?: SharedClockOffset;
  /** Stops background sweeps, writes what waits (the decision log's denials), and closes the database. */
  close(): Promise<void>;
}

/** The embedded shape: `<dataDir>/sagelite.db` and `<dataDir>/objects/`. */
export async function openSqliteState(dataDir: string, clock: Clock, log: Logger): Promise<StateStores> {
  const db = openDatabase(dataDir);
  try {
    const outbox = new SqliteOfflineOutbox(db);
    const standardRecords = new SqliteRecordStore(db, outbox, { clock });
    return {
      shape: 'sqlite',
      accounts: new SqliteAccountStore(db, clock),
      operators: new SqliteOperatorKeyStore(db, clock),
      iam: new SqliteIamStore(db, clock),
      sessions: new SqliteSessionStore(db),
      decisions: new SqliteDecisionLog(db),
      s3Buckets: new SqliteBucketStore(db, clock),
      s3Objects: await LocalObjectStore.open(db, join(dataDir, 'objects'), log),
      featureGroups: new SqliteFeatureGroupStore(db),
      catalog: new SqliteCatalogStore(db, clock),
      outbox,
      standardRecords,
      athena: new SqliteAthenaStore(db, clock),
      resourceShares: new SqliteResourceShareStore(db),
      kms: new SqliteKmsStore(db),
      kmsRootKey: KmsRootKey.open(dataDir),
      locks: new LocalLocks(),
      close: async () => {
        standardRecords.close();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The shared shape: every store in the PostgreSQL database at `url` (its schema brought up to
 * date first, once, whichever process gets there first), object bytes under `<dataDir>/objects/`.
 */
export async function openPostgresState(url: string, dataDir: string, clock: Clock, log: Logger, opts: { poolSize?: number } = {}): Promise<StateStores> {
  const db = await PgDatabase.open(url, ALL_SCHEMAS, {
    ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : {}),
    onError: (e) => log.warn({ err: e.message }, 'PostgreSQL connection error'),
  });
  try {
    // A data directory that still holds embedded state, pointed at a database with none: its
    // objects would look abandoned to the shared sweep. Refused before anything is touched.
    if (existsSync(join(dataDir, 'sagelite.db')) && (await db.query('SELECT 1 FROM accounts LIMIT 1')).rowCount === 0) {
      throw new Error(`the data directory ${dataDir} holds an embedded server's state (sagelite.db) and the PostgreSQL database holds none: move it there first (sagelite migrate --data-dir ${dataDir} --to …), or give the shared servers a data directory of their own`);
    }
    // Leases (the outbox's claims) are judged by the wall clock every process shares, never the
    // test clock one process may move.
    const outbox = new PgOfflineOutbox(db);
    const standardRecords = new PgRecordStore(db, outbox, { clock });
    const decisions = new PgDecisionLog(db, { onError: (e) => log.warn({ err: e.message }, 'decision log write failed') });
    const locks = new PgAdvisoryLocks(url, (e) => log.warn({ err: e.message }, 'PostgreSQL connection error (locks)'));
    return {
      shape: 'postgres',
      accounts: new PgAccountStore(db, clock),
      operators: new PgOperatorKeyStore(db, clock),
      iam: new PgIamStore(db, clock),
      sessions: new PgSessionStore(db),
      decisions,
      s3Buckets: new PgBucketStore(db, clock),
      s3Objects: await FileObjectStore.open(new PgObjectMetadataStore(db), join(dataDir, 'objects'), { sharing: 'shared', log }),
      featureGroups: new PgFeatureGroupStore(db),
      catalog: new PgCatalogStore(db, clock),
      outbox,
      standardRecords,
      athena: new PgAthenaStore(db, clock),
      resourceShares: new PgResourceShareStore(db),
      kms: new PgKmsStore(db),
      kmsRootKey: KmsRootKey.open(dataDir),
      sharedClock: new PgClockOffset(db),
      locks,
      close: async () => {
        await standardRecords.close();
        await locks.close();
        await decisions.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
