import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { LAUNCH_POOL_SIZE } from '../../src/core/thread-pool.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'sagelite.js');

export interface AccountKeys {
  accountId: string;
  alias: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  canonicalUserId: string;
}

/** Runs the real `sagelite` command and returns its stdout; throws with its stderr on failure. */
export function sagelite(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
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

  static async start(opts: { dataDir?: string; testClock?: boolean; extraArgs?: string[] } = {}): Promise<ServerProcess> {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sagelite-e2e-'));
    const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...(opts.testClock ? ['--test-clock'] : []), ...(opts.extraArgs ?? [])];
    // As bin/sagelite.js's shebang starts it: a thread pool with room for Athena and file I/O (src/core/thread-pool.ts).
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { UV_THREADPOOL_SIZE: String(LAUNCH_POOL_SIZE), ...process.env } });
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
      this.child.kill(signal);
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
