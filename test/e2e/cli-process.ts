import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { shapeEnv } from './harness.js';

export const BIN = join(PACKAGE_ROOT, 'bin', 'sagelite.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment without any AWS_ or SAGELITE_ variable: a command sees only what a test gives
 * it, and, for the data directory it is given (SAGELITE_DATA_DIR or `args`' --data-dir), the test
 * shape's pointers to that directory's state (harness.ts, {@link shapeEnv}).
 */
export function cleanEnv(env: NodeJS.ProcessEnv = {}, args: readonly string[] = []): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('SAGELITE_')));
  const i = args.indexOf('--data-dir');
  const dir = i >= 0 ? args[i + 1] : env['SAGELITE_DATA_DIR'];
  return { ...base, NO_COLOR: '1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...(dir ? shapeEnv(dir) : {}), ...env };
}

/** Runs the real `sagelite` command (errors are results here, not exceptions). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: cleanEnv(env, args), timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** {@link runCli} without blocking the test process (for commands that talk to a server in this process). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env, args), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Resolves with the exit of a process, or rejects after `ms` (killing it, so that nothing is left behind). */
export function exited(child: ChildProcess, ms: number, killGroup = false): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => {
      if (killGroup) process.kill(-child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
      reject(new Error(`did not exit within ${ms} ms`));
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** The URL of the first "listening" line on a stream. */
export function listeningUrl(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listening line within 60 s')), 60_000);
    createInterface({ input: stream }).on('line', (line) => {
      const m = /sagelite listening on (http:\/\/[^"\s]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

/** A uid that is not root, for permission tests (root may write anywhere), if this machine can run node as it. */
export function unprivileged(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function') return undefined;
  if (process.getuid() !== 0) return { uid: process.getuid(), gid: process.getgid!() };
  const nobody = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { ...nobody, encoding: 'utf8' });
  return probe.status === 0 ? nobody : undefined;
}

/** Runs `sagelite demo …` as a process (asynchronously: it takes seconds); resolves with its exit status, output and duration. */
export function runDemoProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90_000): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'demo', ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}
