// A `sagelite serve` process for benchmarks. Unlike the e2e harness's ServerProcess, it does not
// parse the server's log after the listening line: at thousands of requests a second, reading
// every line costs the load generator (which shares the machine's cores with the server) CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/core/paths.js';
import { LAUNCH_POOL_SIZE } from '../src/core/thread-pool.js';

export interface BenchServerOptions {
  /** Arguments for node before the script (`--cpu-prof`, …). */
  nodeArgs?: readonly string[];
  /** More `serve` options. */
  serverArgs?: readonly string[];
  /** Another build's bin/sagelite.js (a worktree of an older commit), to compare before and after. */
  bin?: string;
}

/** What `npm start` and the `sagelite` command give node (bin/sagelite.js's first line). */
export const SERVER_NODE_ARGS = ['--max-semi-space-size=64'];

/**
 * Starts `sagelite serve --port 0` at log level info (the default) on `dataDir` and resolves
 * once it listens; the log is drained, not read.
 *
 * @example
 * const { child, url } = await startBenchServer('/tmp/data');
 * // … measure url …
 * child.kill('SIGTERM');
 */
export async function startBenchServer(dataDir: string, opts: BenchServerOptions = {}): Promise<{ child: ChildProcess; url: string }> {
  const bin = opts.bin ?? join(PACKAGE_ROOT, 'bin', 'sagelite.js');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? SERVER_NODE_ARGS), bin, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...(opts.serverArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // As bin/sagelite.js's shebang starts it (src/core/thread-pool.ts).
    env: { UV_THREADPOOL_SIZE: String(LAUNCH_POOL_SIZE), ...process.env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('server did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /sagelite listening on (http:\/\/[^"\s]+)/.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // From now on the log is only drained.
      child.stdout!.on('data', () => undefined);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
  });
  return { child, url };
}

/** Stops a bench server and waits for it to exit. */
export async function stopBenchServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
