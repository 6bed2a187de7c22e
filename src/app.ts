import { LifecycleSweeper } from './services/s3/lifecycle/sweep.js';
import { writeFileSync } from 'node:fs';
import { processDirName } from './core/process-dir.js';
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
import { ALL_OWNERS_STALE } from './storage/athena.js';
import { openPostgresState, openSqliteState } from './storage/open-state.js';
import { bindLegacyPrincipals } from './services/iam/legacy-bindings.js';
import { pruneExpiredCredentials } from './services/sts/prune.js';
import { RedisRecordStore, withoutPassword } from './storage/redis/record-store.js';
import { TieredRecordStore } from './storage/tiered-record-store.js';
import { OfflineFlusher } from './offline-store/flusher.js';
import { AthenaQueryRunner, failOrphanedExecutions, INTERRUPTED_ERROR, INTERRUPTED_REASON } from './services/athena/runner.js';
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
  // The embedded shape owns its data directory; the shared shape's processes share theirs (the
  // object bytes) by design, and PostgreSQL keeps them apart.
  const shared = config.state !== undefined;
  const lock = shared ? undefined : DataDirLock.acquire(config.dataDir);
  try {
    const clock = new OffsetClock();
    const stores = shared ? await openPostgresState(config.state!, config.dataDir, clock, log, { poolSize: config.statePoolSize }) : await openSqliteState(config.dataDir, clock, log);
    if (shared) log.info({ state: withoutPassword(config.state!) }, 'state in PostgreSQL, shared with every server process on it');
    const { accounts, operators, iam, sessions, decisions, s3Buckets, s3Objects, featureGroups, catalog, outbox, standardRecords, athena } = stores;
    // InMemory groups' records go to Redis/Valkey when one is configured (as AWS's tier is ElastiCache).
    const memoryRecords = config.onlineMemory ? new RedisRecordStore({ url: config.onlineMemory, keyPrefix: config.onlineMemoryPrefix, clock }) : undefined;
    if (memoryRecords) {
      try {
        await memoryRecords.connect();
      } catch (e) {
        await stores.close();
        throw e;
      }
      log.info({ onlineMemory: withoutPassword(config.onlineMemory!), keyPrefix: config.onlineMemoryPrefix }, 'InMemory feature groups keep their online records in Redis');
    }
    const records = memoryRecords ? new TieredRecordStore(standardRecords, memoryRecords) : standardRecords;
    // Queries left QUEUED or RUNNING have nobody to run them any more: they are FAILED, saying why.
    // Alone on its database, this process fails them all; sharing it, only those of processes
    // that stopped saying they are alive (the runner's heartbeats).
    const interrupted = shared ? await failOrphanedExecutions(athena, clock.now()) : await athena.failOrphaned(clock.now(), ALL_OWNERS_STALE, INTERRUPTED_REASON, INTERRUPTED_ERROR);
    if (interrupted > 0) log.warn({ interrupted }, 'Athena queries left unfinished by the last run are marked FAILED');
    // DuckDB opens lazily, on the first query: start-up stays fast for who never uses Athena.
    // DuckDB's memory limit is set, never its default (80% of the host): a query past it FAILS
    // (EXCEEDED_LOCAL_MEMORY_LIMIT, Athena's ErrorType 0 "Query exhausted resources at this scale factor").
    const queryEngine = new DuckDbQueryEngine({
      tmpDir: shared ? join(config.dataDir, 'athena-tmp', processDirName()) : join(config.dataDir, 'athena-tmp'),
      memoryLimit: config.athenaMemoryLimit,
      maxResultBytes: config.athenaMaxResultBytes,
      ...(config.athenaSpillLimit ? { spillLimit: config.athenaSpillLimit } : {}),
    });
    if (config.configFile) await applyProvisioning(accounts, readProvisioningFile(config.configFile));
    const operatorKey = await operators.ensureOperatorKey();
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
    const sharedClock = config.testClock ? stores.sharedClock : undefined;
    if (sharedClock) await sharedClock.follow(clock);
    const state: ServerState = {
      clock, accounts, iam, sessions, decisions, s3Buckets, s3Objects, internal, testClock: config.testClock, featureGroups, catalog, records, outbox,
      athena, athenaQueries, queryEngine, resourceShares: stores.resourceShares, kms: stores.kms, kmsRootKey: stores.kmsRootKey, locks: stores.locks, ...(sharedClock ? { sharedClock } : {}),
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
      virtualHostSuffixes: config.s3VirtualHostSuffixes,
      health: {
        version: SAGELITE_VERSION,
        // The AWS services that serve something: a service recognised only to answer NotImplemented (RAM, for now) is not "running".
        services: registry.all().filter((d) => d.id !== 'admin' && Object.keys(d.operations).length > 0).map((d) => (d.id === 'featurestore-runtime' ? 'sagemaker-featurestore-runtime' : d.id)),
        dataDir: config.dataDir,
        showDataDirPath: isLoopback(config.host),
        virtualHostSuffixes: config.s3VirtualHostSuffixes,
        stateEntry: shared ? 'objects' : 'sagelite.db',
      },
    });
    const legacy = await bindLegacyPrincipals(state);
    if (legacy.bucketPolicies + legacy.trustPolicies > 0) log.info(legacy, 'bound the principals of policies stored before principal bindings');
    const prune = async () => log.debug(await pruneExpiredCredentials({ accounts, sessions, clock }), 'pruned expired credentials');
    await prune();
    // A failed hourly prune is retried by the next; it never ends the server.
    const pruner = setInterval(() => void prune().catch((err: unknown) => log.error({ err }, 'pruning expired credentials failed')), 60 * 60 * 1000).unref();
    // The offline-store writer: drains the feature store's outbox into Parquet objects in S3.
    const offline = new OfflineFlusher({ state, log, intervalMs: config.offlineFlushIntervalMs, tmpDir: shared ? join(config.dataDir, 'offline-store-tmp', processDirName()) : join(config.dataDir, 'offline-store-tmp') });
    const server = createHttpServer((req) => pipeline.handle(req), { maxBodyBytes: config.maxBodyBytes, log });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    offline.start();
    const lifecycle = new LifecycleSweeper(state, log, config.lifecycleIntervalMs);
    lifecycle.start();
    if (shared) athenaQueries.startHeartbeats();
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
            // Once no request can arrive, the last accepted rows go to S3 before the database closes;
            // running Athena queries stop (recorded FAILED: interrupted) and the engine lets go.
            void Promise.allSettled([offline.stop(), lifecycle.stop(), athenaQueries.close().then(() => queryEngine.close()), memoryRecords?.close()])
              // Never flushSync: SonicBoom retries a write to a closed pipe forever (core/log-output.ts).
              .then(() => flushLogOutput(destination, output))
              .then(() => stores.close())
              .catch((err: unknown) => log.error({ err }, 'closing the state failed'))
              .finally(() => {
                lock?.release();
                resolve();
              });
          });
          server.closeAllConnections();
        }),
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}

