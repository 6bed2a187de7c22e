import { Command, InvalidArgumentError, Option } from 'commander';
import cluster from 'node:cluster';
import type { ListeningMessage, StartupFailedMessage } from '../cluster/primary.js';
import { isPostgresUrl } from '../storage/postgres/database.js';
import { stateOption } from './shared-state.js';
import { registerDemo, registerGet, registerIngest, registerQuery, registerSetup } from './commands.js';
import { configFromEnv, type LogLevel, type ServerConfig } from '../core/config.js';
import { SAGELITE_VERSION } from '../core/version.js';
import type { ServerSection } from '../core/provisioning.js';
import { registerAccount } from './account.js';
import { registerReset } from './reset.js';
import { registerMigrate } from './migrate.js';
import { startupMessage } from './startup-errors.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('an interval is a whole number of milliseconds, at least 1');
  return n;
}

/** A wait that may be zero (answer at once). */
function waitMilliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a wait is a whole number of milliseconds, 0 or more');
  return n;
}

/** A count of at least 1 (query slots). */
function positiveCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a count is a whole number, at least 1');
  return n;
}

/** A query timeout: 1 ms up to 24 hours (Athena allows up to 240 minutes by quota increase). */
function timeoutMilliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 24 * 60 * 60 * 1000) throw new InvalidArgumentError('a timeout is a whole number of milliseconds, from 1 to 86400000');
  return n;
}

/** A DuckDB memory size, e.g. 512MiB or 4GB (checked here: DuckDB opens lazily, at the first query). */
function memorySize(value: string): string {
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value.trim())) throw new InvalidArgumentError('a memory size is a number with a unit: B, KB, MB, GB, TB, KiB, MiB, GiB or TiB (e.g. 4GB)');
  return value.trim();
}

/** A Redis or Valkey URL, as iovalkey takes it: redis:// (or rediss:// for TLS). */
function redisUrl(value: string): string {
  let scheme: string;
  try {
    scheme = new URL(value).protocol;
  } catch {
    throw new InvalidArgumentError('a Redis URL looks like redis://127.0.0.1:6379 (or rediss:// for TLS)');
  }
  if (scheme !== 'redis:' && scheme !== 'rediss:') throw new InvalidArgumentError('a Redis URL starts with redis:// (or rediss:// for TLS)');
  return value;
}

/** A PostgreSQL URL (postgres:// or postgresql://). */
function postgresUrl(value: string): string {
  if (!isPostgresUrl(value)) throw new InvalidArgumentError('a PostgreSQL URL looks like postgres://user@127.0.0.1:5432/sagelite');
  return value;
}

/** How long a stop may take (the offline store's last rows, running Athena queries) before the process exits anyway. */
const STOP_DEADLINE_MS = 30_000;

/**
 * Stops the server on SIGINT (Ctrl-C), SIGTERM and SIGHUP, whatever stdout is: a pipe whose
 * reader is gone (`sagelite serve | jq`, where Ctrl-C stops jq too) must not keep it running. A
 * second signal, or a stop that outlasts {@link STOP_DEADLINE_MS}, ends the process at once.
 */
function stopOnSignals(running: { close(): Promise<void> }): void {
  // A message to a closed stderr must not become an uncaught EPIPE while stopping.
  process.stderr.on('error', () => undefined);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`sagelite: ${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      process.stderr.write(`sagelite: did not stop within ${STOP_DEADLINE_MS / 1000} s: exiting\n`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void running.close().then(() => process.exit(0));
  };
  // A server process of --processes N stops when the primary tells it (SIGTERM): Ctrl-C reaches
  // the whole process group, and the primary relays it; taken here too, it would make the
  // primary's SIGTERM a second signal, which skips the graceful stop.
  const signals = cluster.isWorker ? (['SIGTERM'] as const) : (['SIGINT', 'SIGTERM', 'SIGHUP'] as const);
  if (cluster.isWorker) for (const ignored of ['SIGINT', 'SIGHUP'] as const) process.on(ignored, () => undefined);
  for (const signal of signals) process.on(signal, () => stop(signal));
}

const env = configFromEnv();
const program = new Command('sagelite')
  .description('A self-hosted, AWS-compatible SageMaker Feature Store with multi-account IAM and STS')
  .version(SAGELITE_VERSION, '-V, --version', 'print the version')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the server (AWS endpoint for STS, IAM, S3, SageMaker, Feature Store runtime, Glue, Athena)')
  .addOption(new Option('--host <host>', 'address to listen on (loopback unless told otherwise)').default(env.host).env('SAGELITE_HOST'))
  .addOption(new Option('--port <port>', 'port to listen on').default(env.port).argParser(port).env('SAGELITE_PORT'))
  .addOption(new Option('--data-dir <dir>', 'where all state is kept').default(env.dataDir).env('SAGELITE_DATA_DIR'))
  .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(env.logLevel).env('SAGELITE_LOG_LEVEL'))
  .addOption(new Option('--config <file>', 'JSON file of accounts and keys to provision at start, and the shared shape\'s settings (its server section)').env('SAGELITE_CONFIG'))
  .addOption(new Option('--test-clock', 'let the operator move the server clock forward (tests only)').default(env.testClock).env('SAGELITE_TEST_CLOCK'))
  .addOption(new Option('--offline-flush-interval <ms>', 'how often accepted records are written to the offline store in S3').default(env.offlineFlushIntervalMs).argParser(milliseconds).env('SAGELITE_OFFLINE_FLUSH_MS'))
  .addOption(new Option('--lifecycle-interval <ms>', 'how often S3 lifecycle rules are carried out').default(env.lifecycleIntervalMs).argParser(milliseconds).env('SAGELITE_LIFECYCLE_MS'))
  .addOption(new Option('--athena-start-wait <ms>', 'how long StartQueryExecution waits for a query to finish before answering').default(env.athenaStartWaitMs).argParser(waitMilliseconds).env('SAGELITE_ATHENA_START_WAIT_MS'))
  .addOption(new Option('--athena-max-concurrent <n>', 'Athena queries running at once on this machine (the rest wait QUEUED)').default(env.athenaMaxConcurrent).argParser(positiveCount).env('SAGELITE_ATHENA_MAX_CONCURRENT'))
  .addOption(new Option('--athena-max-concurrent-per-account <n>', 'Athena queries of one account running at once').default(env.athenaMaxConcurrentPerAccount).argParser(positiveCount).env('SAGELITE_ATHENA_MAX_CONCURRENT_PER_ACCOUNT'))
  .addOption(new Option('--athena-max-active-per-account <n>', 'Athena queries of one account running or queued at once (more: TooManyRequestsException)').default(env.athenaMaxActivePerAccount).argParser(positiveCount).env('SAGELITE_ATHENA_MAX_ACTIVE_PER_ACCOUNT'))
  .addOption(new Option('--athena-query-timeout <ms>', 'how long an Athena query may run before it FAILS with "Query timeout" (AWS: 30 minutes)').default(env.athenaQueryTimeoutMs).argParser(timeoutMilliseconds).env('SAGELITE_ATHENA_QUERY_TIMEOUT_MS'))
  .addOption(new Option('--athena-memory-limit <size>', 'memory each account\'s Athena queries (its DuckDB instance) may use, e.g. 4GB (default: a sixteenth of the host\'s memory)').default(env.athenaMemoryLimit).argParser(memorySize).env('SAGELITE_ATHENA_MEMORY_LIMIT'))
  .addOption(new Option('--athena-spill-limit <size>', 'disk each account\'s Athena queries may spill to, e.g. 8GB (default: four times --athena-memory-limit)').argParser(memorySize).env('SAGELITE_ATHENA_SPILL_LIMIT'))
  .addOption(new Option('--athena-max-result-bytes <n>', 'largest Athena query result (CSV bytes) kept in memory to write its file; a larger one FAILS (default 256 MiB)').default(env.athenaMaxResultBytes).argParser(positiveCount).env('SAGELITE_ATHENA_MAX_RESULT_BYTES'))
  .addOption(new Option('--online-memory <url>', 'Redis or Valkey (redis://host:port) for the online records of InMemory feature groups (default: SQLite, like Standard ones)').argParser(redisUrl).env('SAGELITE_ONLINE_MEMORY'))
  .addOption(new Option('--online-memory-prefix <prefix>', 'put before every key written to --online-memory, so servers can share one Redis').default(env.onlineMemoryPrefix).env('SAGELITE_ONLINE_MEMORY_PREFIX'))
  .addOption(new Option('--state <url>', 'PostgreSQL (postgres://user@host:5432/db) for all state, shared by every server process pointed at it; objects stay under --data-dir, which they must share (default: SQLite in --data-dir, one process)').argParser(postgresUrl).env('SAGELITE_STATE'))
  .addOption(new Option('--state-pool-size <n>', 'connections to --state each server process keeps at most').default(env.statePoolSize).argParser(positiveCount).env('SAGELITE_STATE_POOL_SIZE'))
  .addOption(new Option('--processes <n>', 'server processes on this host sharing the port (needs --state)').default(env.processes).argParser(positiveCount).env('SAGELITE_PROCESSES'))
  .action(async (opts: {
    onlineMemory?: string; onlineMemoryPrefix: string; state?: string; statePoolSize: number; processes: number;
    host: string; port: number; dataDir: string; logLevel: LogLevel; config?: string; testClock: boolean; offlineFlushInterval: number; lifecycleInterval: number; athenaStartWait: number;
    athenaMaxConcurrent: number; athenaMaxConcurrentPerAccount: number; athenaMaxActivePerAccount: number; athenaQueryTimeout: number; athenaMemoryLimit: string;
    athenaMaxResultBytes: number; athenaSpillLimit?: string;
  }, command: Command) => {
    // The config file's `server` section fills in what neither a flag nor the environment set.
    let section: ServerSection = {};
    try {
      if (opts.config) section = (await import('../core/provisioning.js')).readProvisioningFile(opts.config).server ?? {};
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    }
    const given = (name: keyof ServerSection): boolean => ['cli', 'env'].includes(command.getOptionValueSource(name) ?? '');
    for (const name of Object.keys(section) as (keyof ServerSection)[]) {
      if (!given(name)) Object.assign(opts, { [name]: section[name] });
    }
    const config: ServerConfig = {
      ...env,
      host: opts.host,
      port: opts.port,
      dataDir: opts.dataDir,
      logLevel: opts.logLevel,
      testClock: Boolean(opts.testClock),
      offlineFlushIntervalMs: opts.offlineFlushInterval,
      lifecycleIntervalMs: opts.lifecycleInterval,
      athenaStartWaitMs: opts.athenaStartWait,
      athenaMaxConcurrent: opts.athenaMaxConcurrent,
      athenaMaxConcurrentPerAccount: opts.athenaMaxConcurrentPerAccount,
      athenaMaxActivePerAccount: opts.athenaMaxActivePerAccount,
      athenaQueryTimeoutMs: opts.athenaQueryTimeout,
      athenaMemoryLimit: opts.athenaMemoryLimit,
      athenaMaxResultBytes: opts.athenaMaxResultBytes,
      ...(opts.athenaSpillLimit ? { athenaSpillLimit: opts.athenaSpillLimit } : {}),
      ...(opts.config ? { configFile: opts.config } : {}),
      ...(opts.onlineMemory ? { onlineMemory: opts.onlineMemory } : {}),
      onlineMemoryPrefix: opts.onlineMemoryPrefix,
      ...(opts.state ? { state: opts.state } : {}),
      statePoolSize: opts.statePoolSize,
      processes: opts.processes,
    };
    if (config.processes > 1 && !config.state) {
      process.stderr.write('sagelite serve: --processes needs --state postgres://…: processes share their state through PostgreSQL (SQLite in a data directory serves one process)\n');
      process.exit(1);
    }
    if (config.processes > 1 && cluster.isPrimary) {
      const { runPrimary, ServerProcessFailed } = await import('../cluster/primary.js');
      try {
        await runPrimary(config.processes);
      } catch (e) {
        if (!(e instanceof ServerProcessFailed && e.explained)) process.stderr.write(`sagelite serve: ${(e as Error).message}\n`);
        process.exit(1);
      }
      return;
    }
    let running;
    try {
      // The server's modules load only for `serve`: every other command starts without them.
      const { startServer } = await import('../app.js');
      running = await startServer(config);
    } catch (e) {
      const message = startupMessage(e, { host: config.host, port: config.port });
      // One of --processes N: the first process says it (they would all say the same), then exits.
      if (cluster.isWorker) {
        const failed: StartupFailedMessage = { type: 'sagelite-startup-failed', message };
        process.send?.(failed, undefined, undefined, () => process.exit(1));
        return;
      }
      process.stderr.write(`${message}\n`);
      process.exit(1);
    }
    if (cluster.isWorker) {
      // One of --processes N: the first process announces the port once all listen.
      running.log.info({ url: running.url, dataDir: config.dataDir }, `server process ${process.pid} listening on ${running.url}`);
      const ready: ListeningMessage = { type: 'sagelite-listening', url: running.url, pid: process.pid };
      process.send?.(ready);
    } else running.log.info({ url: running.url, dataDir: config.dataDir, testClock: config.testClock }, `sagelite listening on ${running.url}`);
    // Logs are written in batches: whoever waits for this line (scripts, tests) gets it now.
    running.log.flush();
    stopOnSignals(running);
  });

registerAccount(program);
registerReset(program);
registerMigrate(program);

program
  .command('explain')
  .description('print why a request was allowed or denied, policy by policy and statement by statement')
  .argument('<request-id>', 'the request id of the response (x-amzn-RequestId / x-amz-request-id, or RequestId in the error)')
  .addOption(new Option('--endpoint <url>', 'the running server').default(process.env['AWS_ENDPOINT_URL'] ?? `http://127.0.0.1:${env.port}`))
  .addOption(new Option('--data-dir <dir>', 'the data directory of the server').default(env.dataDir).env('SAGELITE_DATA_DIR'))
  .addOption(stateOption())
  .option('--json', 'print the machine-readable decision')
  .action(async (requestId: string, opts: { endpoint: string; dataDir: string; state?: string; json?: boolean }) => {
    const { explain } = await import('./explain.js');
    process.exitCode = await explain(requestId, opts);
  });

registerDemo(program);
registerSetup(program);
registerIngest(program);
registerGet(program);
registerQuery(program);

await program.parseAsync(process.argv);
