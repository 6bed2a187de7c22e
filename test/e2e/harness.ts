import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { LAUNCH_POOL_SIZE } from '../../src/core/thread-pool.js';
import { TEST_POSTGRES_URL } from '../support/postgres.js';
import { TEST_REDIS_URL } from '../support/redis.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'sagelite.js');

export interface AccountKeys {
  accountId: string;
  alias: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  canonicalUserId: string;
}

/**
 * The deployment the end-to-end tests run against. Unset (the default): the embedded shape, one
 * process on SQLite in the data directory. `SAGELITE_TEST_SHAPE=postgres`: every server is two
 * processes (`--processes 2`) on a PostgreSQL database of its own, with InMemory records in Redis
 * under a key prefix of its own, and objects in the data directory they share; every `sagelite`
 * command a test runs on that data directory is pointed at the same database (SAGELITE_STATE).
 * `npm test` runs the suite in both shapes (scripts/run-tests.mjs).
 */
export const TEST_SHAPE: 'sqlite' | 'postgres' = process.env['SAGELITE_TEST_SHAPE'] === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A test that checks what only the embedded shape has (sagelite.db, the data directory's lock)
 * skips in the shared one, saying so: `describe(name, { skip: embeddedOnly('why') }, …)`.
 */
export function embeddedOnly(what: string): string | false {
  return TEST_SHAPE === 'postgres' && `embedded shape only: ${what}`;
}

interface ShapeState {
  database: string;
  env: NodeJS.ProcessEnv;
}
const shapeStates = new Map<string, ShapeState>();

/** psql on the test server's `postgres` database, synchronously (the harness's CLI calls are synchronous). */
function psql(sql: string): void {
  const u = new URL(TEST_POSTGRES_URL);
  const r = spawnSync('psql', ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) },
  });
  if (r.status !== 0) throw new Error(`psql ${sql} exited ${r.status}: ${r.stderr}`);
}

/**
 * The environment that points sagelite at `dataDir`'s state in the test shape: nothing for the
 * embedded shape; for PostgreSQL, a database made on first use (and dropped when this test
 * process exits), a Redis key prefix, and two server processes.
 */
export function shapeEnv(dataDir: string): NodeJS.ProcessEnv {
  if (TEST_SHAPE === 'sqlite') return {};
  let state = shapeStates.get(dataDir);
  if (!state) {
    const database = `sagelite_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    psql(`CREATE DATABASE ${database}`);
    const u = new URL(TEST_POSTGRES_URL);
    u.pathname = `/${database}`;
    state = {
      database,
      env: {
        SAGELITE_STATE: u.toString(),
        SAGELITE_ONLINE_MEMORY: TEST_REDIS_URL,
        SAGELITE_ONLINE_MEMORY_PREFIX: `sagelite-e2e:${database}:`,
        SAGELITE_PROCESSES: '2',
      },
    };
    shapeStates.set(dataDir, state);
  }
  return state.env;
}

/** Drops every database this test process made (their servers are stopped or are killed with them). */
function dropShapeDatabases(): void {
  for (const { database, env } of shapeStates.values()) {
    try {
      psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      // The prefix is made of [a-z0-9_:-] only (above), so it goes into the shell as it is.
      spawnSync('sh', ['-c', `redis-cli -u '${TEST_REDIS_URL}' --scan --pattern '${env['SAGELITE_ONLINE_MEMORY_PREFIX']}*' | xargs -r redis-cli -u '${TEST_REDIS_URL}' UNLINK >/dev/null`], { timeout: 30_000 });
    } catch {
      // A database left behind is named sagelite_e2e_<pid>_…: harmless, and visible.
    }
  }
  shapeStates.clear();
}
process.on('exit', dropShapeDatabases);

/** The data directory named in a command's arguments (`--data-dir D`), if any. */
function dataDirArg(args: readonly string[]): string | undefined {
  const i = args.indexOf('--data-dir');
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs the real `sagelite` command and returns its stdout; throws with its stderr on failure. */
export function sagelite(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const dir = dataDirArg(args) ?? env['SAGELITE_DATA_DIR'];
  const shape = dir ? shapeEnv(dir) : {};
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...shape, ...env }, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`sagelite ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export function createAccount(dataDir: string, alias?: string): AccountKeys {
  return JSON.parse(sagelite(['account', 'create', '--json', '--data-dir', dataDir, ...(alias ? ['--alias', alias] : [])])) as AccountKeys;
}

/** A real server process on a loopback port of its own, with a fresh data directory unless given one. */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
  ) {}

  /** `ownState`: the test gives the server its state itself (args, env, a config file); the test shape adds nothing. */
  static async start(opts: { dataDir?: string; testClock?: boolean; extraArgs?: string[]; env?: NodeJS.ProcessEnv; ownState?: boolean } = {}): Promise<ServerProcess> {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sagelite-e2e-'));
    const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...(opts.testClock ? ['--test-clock'] : []), ...(opts.extraArgs ?? [])];
    // As bin/sagelite.js's shebang starts it: a thread pool with room for Athena and file I/O (src/core/thread-pool.ts).
    // Its own process group: a SIGKILL "crash" ends every process of the server (--processes N) at once.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { UV_THREADPOOL_SIZE: String(LAUNCH_POOL_SIZE), ...process.env, ...(opts.ownState ? {} : shapeEnv(dataDir)), ...(opts.env ?? {}) } });
    const url = await new Promise<string>((resolve, reject) => {
      // Generous: a loaded CI machine can take many seconds to start node; a server that did not
      // start is killed, so the test fails instead of hanging on an orphan process.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('server did not start within 60 s'));
      }, 60_000);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}: ${stderr}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /sagelite listening on (http:\/\/[^"\s]+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    return new ServerProcess(child, url, dataDir, opts.dataDir === undefined);
  }

  operatorKey(): { accessKeyId: string; secretAccessKey: string } {
    return JSON.parse(readFileSync(join(this.dataDir, 'operator.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
  }

  /** Stops the process: gracefully, or with SIGKILL to test crashes. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', removeData = true): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      // A crash takes the whole group (the server processes of --processes N die with it); a
      // graceful stop goes to the first process, which stops the others.
      if (signal === 'SIGKILL') process.kill(-this.child.pid!, 'SIGKILL');
      else this.child.kill(signal);
      await exited;
    }
    if (removeData && this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A Python helper for boto3 snippets: `err(lambda: client.op(...))` is None when the call
 * succeeds, else [code, HTTP status, message] of its ClientError.
 */
export const BOTO_ERR = `def err(fn):
    try:
        fn()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error'].get('Code'), e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message')]
`;

/**
 * The start of a boto3 snippet that expects refusals: imports, clients' config without retries,
 * and `error(lambda: client.op(...))` — [code, message] of the ClientError the call must raise.
 */
export const BOTO_EXPECTING_ERRORS = `import json, time, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
cfg = Config(retries={'max_attempts': 1})
def error(fn):
    try:
        fn()
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message']]
    raise Exception('expected an error')
`;

/** Runs a Python snippet with this machine's boto3; stdout is returned, a failure throws. */
export function python(code: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the AWS CLI; returns status, stdout and stderr (errors are results here, not exceptions). */
export function awsCli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('aws', args, { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function clientEnv(url: string, keys: { accessKeyId: string; secretAccessKey: string }): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}
