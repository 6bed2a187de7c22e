import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { PolicyAuthorizer } from './auth/policy-authorizer.js';
import { OffsetClock } from './core/clock.js';
import type { ServerConfig } from './core/config.js';
import { applyProvisioning, readProvisioningFile } from './core/provisioning.js';
import { CredentialResolver } from './gateway/credentials.js';
import { createHttpServer } from './gateway/http-server.js';
import { flushLogOutput, guardLogOutput } from './core/log-output.js';
import { checkDataDir } from './core/data-dir-check.js';
import { SAGELITE_VERSION } from './core/version.js';
import { InternalCalls } from './gateway/internal-call.js';
import { Pipeline } from './gateway/pipeline.js';
import { requestLogWriter } from './gateway/request-log.js';
import type { ServerState } from './services/operation.js';
import { createServiceRegistry } from './gateway/services.js';
import { ModelLibrary } from './models/model.js';
import { DataDirLock } from './storage/data-dir-lock.js';
import type { OperatorKey } from './storage/operator-keys.js';
import { SqliteAccountStore } from './storage/sqlite/account-store.js';
import { openDatabase } from './storage/sqlite/database.js';
import { bindLegacyPrincipals } from './services/iam/legacy-bindings.js';
import { pruneExpiredCredentials } from './services/sts/prune.js';
import { SqliteIamStore } from './storage/sqlite/iam-store.js';
import { SqliteBucketStore } from './storage/sqlite/s3-buckets.js';
import { SqliteCatalogStore } from './storage/sqlite/catalog-store.js';
import { SqliteFeatureGroupStore } from './storage/sqlite/featurestore-groups.js';
import { SqliteOfflineOutbox } from './storage/sqlite/featurestore-outbox.js';
import { SqliteRecordStore } from './storage/sqlite/featurestore-records.js';
import { RedisRecordStore, withoutPassword } from './storage/redis/record-store.js';
import { TieredRecordStore } from './storage/tiered-record-store.js';
import { LocalObjectStore } from './storage/sqlite/s3-objects.js';
import { SqliteOperatorKeyStore } from './storage/sqlite/operator-key-store.js';
import { SqliteDecisionLog, SqliteSessionStore } from './storage/sqlite/session-store.js';
import { OfflineFlusher } from './offline-store/flusher.js';
import { SqliteAthenaStore } from './storage/sqlite/athena-store.js';
import { AthenaQueryRunner, INTERRUPTED_ERROR, INTERRUPTED_REASON } from './services/athena/runner.js';
import { athenaConcurrency, IO_RESERVE, LAUNCH_POOL_SIZE, threadPoolSize } from './core/thread-pool.js';
import { DuckDbQueryEngine } from './query-engine/engine.js';

export interface RunningServer {
  server: Server;
  /** The stores and internal calls, for embedding sagelite in-process (and for tests of internal paths). */
  state: ServerState;
  url: string;
  operatorKey: OperatorKey;
  log: Logger;
  close(): Promise<void>;
}

/** Whether the server listens on loopback only (127.0.0.0/8, ::1, localhost): then every caller is on this machine. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Writes the operator's key where only the data directory's owner can read it. */
function writeOperatorFile(dataDir: string, key: OperatorKey): void {
  writeFileSync(join(dataDir, 'operator.json'), JSON.stringify({ ...key, service: 'sagelite' }, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Starts sagelite: locks the data directory, opens its stores, applies the provisioning file,
 * and listens. Resolves once the port is bound.
 *
 * @example
 * const s = await startServer({ ...configFromEnv(), port: 0, dataDir: '/tmp/x' });
 * console.log(s.url); await s.close();
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // Request lines are written in 4 KiB batches, not one write(2) each: at thousands of requests
  // a second the synchronous writes cost more than the requests. A crash may lose the last
  // unwritten lines, never data; close() and announce() flush.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const output = guardLogOutput(destination);
  const log = pino({ level: config.logLevel, base: undefined }, destination);
  // Which path, and why, before SQLite's "unable to open database file" could say it without either.
  checkDataDir(config.dataDir);
  const lock = DataDirLock.acquire(config.dataDir);
  try {
    const clock = new OffsetClock();
    const db = openDatabase(config.dataDir);
    const accounts = new SqliteAccountStore(db, clock);
    const operators = new SqliteOperatorKeyStore(db, clock);
    const iam = new SqliteIamStore(db, clock);
    const sessions = new SqliteSessionStore(db);
    const decisions = new SqliteDecisionLog(db);
    const s3Buckets = new SqliteBucketStore(db, clock);
    const s3Objects = await LocalObjectStore.open(db, join(config.dataDir, 'objects'), log);
    const featureGroups = new SqliteFeatureGroupStore(db);
    const catalog = new SqliteCatalogStore(db, clock);
    const outbox = new SqliteOfflineOutbox(db);
    const standardRecords = new SqliteRecordStore(db, outbox, { clock });
    // InMemory groups' records go to Redis/Valkey when one is configured (as AWS's tier is ElastiCache).
    const memoryRecords = config.onlineMemory ? new RedisRecordStore({ url: config.onlineMemory, keyPrefix: config.onlineMemoryPrefix, clock }) : undefined;
    if (memoryRecords) {
      try {
        await memoryRecords.connect();
      } catch (e) {
        standardRecords.close();
        db.close();
        throw e;
      }
      log.info({ onlineMemory: withoutPassword(config.onlineMemory!), keyPrefix: config.onlineMemoryPrefix }, 'InMemory feature groups keep their online records in Redis');
    }
    const records = memoryRecords ? new TieredRecordStore(standardRecords, memoryRecords) : standardRecords;
    const athena = new SqliteAthenaStore(db, clock);
    // Queries a crash left QUEUED or RUNNING have nobody to run them any more: they are FAILED, saying why.
    const interrupted = athena.failUnfinished(clock.now(), INTERRUPTED_REASON, INTERRUPTED_ERROR);
    if (interrupted > 0) log.warn({ interrupted }, 'Athena queries left unfinished by the last run are marked FAILED');
    // DuckDB opens lazily, on the first query: start-up stays fast for who never uses Athena.
    // DuckDB's memory limit is set, never its default (80% of the host): a query past it FAILS
    // (EXCEEDED_LOCAL_MEMORY_LIMIT, Athena's ErrorType 0 "Query exhausted resources at this scale factor").
    const queryEngine = new DuckDbQueryEngine({
      tmpDir: join(config.dataDir, 'athena-tmp'),
      memoryLimit: config.athenaMemoryLimit,
      maxResultBytes: config.athenaMaxResultBytes,
      ...(config.athenaSpillLimit ? { spillLimit: config.athenaSpillLimit } : {}),
    });
    if (config.configFile) applyProvisioning(accounts, readProvisioningFile(config.configFile));
    const operatorKey = operators.ensureOperatorKey();
    writeOperatorFile(config.dataDir, operatorKey);
    const registry = createServiceRegistry(new ModelLibrary(), { virtualHostSuffixes: config.s3VirtualHostSuffixes });
    const authorizer = new PolicyAuthorizer(iam, decisions);
    const internal = new InternalCalls({ registry, authorizer, state: () => state });
    // Each running DuckDB statement holds a libuv pool thread: never all of them (core/thread-pool.ts).
    const athenaMaxConcurrent = athenaConcurrency(config.athenaMaxConcurrent, threadPoolSize());
    if (athenaMaxConcurrent < config.athenaMaxConcurrent) {
      log.warn({ configured: config.athenaMaxConcurrent, running: athenaMaxConcurrent, UV_THREADPOOL_SIZE: threadPoolSize() }, `Athena runs at most ${athenaMaxConcurrent} queries at once: the thread pool keeps ${IO_RESERVE} threads for file I/O (start with UV_THREADPOOL_SIZE=${LAUNCH_POOL_SIZE}, as bin/sagelite.js does, for more)`);
    }
    const athenaQueries = new AthenaQueryRunner(() => state, {
      startWaitMs: config.athenaStartWaitMs,
      maxConcurrent: athenaMaxConcurrent,
      maxConcurrentPerAccount: config.athenaMaxConcurrentPerAccount,
      maxActivePerAccount: config.athenaMaxActivePerAccount,
      queryTimeoutMs: config.athenaQueryTimeoutMs,
      log,
    });
    const state: ServerState = {
      clock, accounts, iam, sessions, decisions, s3Buckets, s3Objects, internal, testClock: config.testClock, featureGroups, catalog, records, outbox,
      athena, athenaQueries, queryEngine,
    };
    const pipeline = new Pipeline({
      registry,
      credentials: new CredentialResolver(accounts, operators, iam, sessions),
      authorizer,
      state,
      log,
      // The request line as pino writes it, with one JSON.stringify (this logger has no bindings or serializers).
      requestLog: requestLogWriter(log, destination),
      maxBodyBytes: config.maxBodyBytes,
      health: {
        version: SAGELITE_VERSION,
        services: registry.all().filter((d) => d.id !== 'admin').map((d) => (d.id === 'featurestore-runtime' ? 'sagemaker-featurestore-runtime' : d.id)),
        dataDir: config.dataDir,
        showDataDirPath: isLoopback(config.host),
        virtualHostSuffixes: config.s3VirtualHostSuffixes,
      },
    });
    const legacy = bindLegacyPrincipals(state);
    if (legacy.bucketPolicies + legacy.trustPolicies > 0) log.info(legacy, 'bound the principals of policies stored before principal bindings');
    const prune = () => log.debug(pruneExpiredCredentials({ accounts, sessions, clock }), 'pruned expired credentials');
    prune();
    const pruner = setInterval(prune, 60 * 60 * 1000).unref();
    // The offline-store writer: drains the feature store's outbox into Parquet objects in S3.
    const offline = new OfflineFlusher({ state, log, intervalMs: config.offlineFlushIntervalMs, tmpDir: join(config.dataDir, 'offline-store-tmp') });
    const server = createHttpServer((req) => pipeline.handle(req), { maxBodyBytes: config.maxBodyBytes, log });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    offline.start();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      server,
      state,
      url: `http://${host}:${port}`,
      operatorKey,
      log,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            clearInterval(pruner);
            standardRecords.close();
            // Once no request can arrive, the last accepted rows go to S3 before the database closes;
            // running Athena queries stop (recorded FAILED: interrupted) and the engine lets go.
            void Promise.allSettled([offline.stop(), athenaQueries.close().then(() => queryEngine.close()), memoryRecords?.close()])
              // Never flushSync: SonicBoom retries a write to a closed pipe forever (core/log-output.ts).
              .then(() => flushLogOutput(destination, output))
              .finally(() => {
                db.close();
                lock.release();
                resolve();
              });
          });
          server.closeAllConnections();
        }),
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
