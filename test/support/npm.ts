import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * npm and npx as the user runs them, on the Node that runs this process: when started by an npm
 * script (`npm test`, `npm run bench:start`), npm_execpath names npm's own CLI file and npx's is
 * beside it; otherwise the `npm`/`npx` on PATH (started with this Node first on PATH).
 */
function cli(name: 'npm' | 'npx'): string[] {
  const npmCli = process.env['npm_execpath'];
  if (npmCli && /npm-cli\.js$/.test(npmCli)) {
    const file = name === 'npm' ? npmCli : join(dirname(npmCli), 'npx-cli.js');
    if (existsSync(file)) return [process.execPath, file];
  }
  return [name];
}

/**
 * The environment for a child npm, npx or sagelite: this process's, without what an enclosing npm
 * script or test runner set (npm_config_* would steer the child npm: its prefix, its scripts'
 * settings; NODE_TEST_CONTEXT would make a child node report to this runner), with this Node first
 * on PATH so that npx's `#!/usr/bin/env node` runs the same Node as the test.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  env['PATH'] = `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`;
  env['NO_COLOR'] = '1';
  return { ...env, ...extra };
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs npm or npx to the end (killed after `timeoutMs`); errors are results, not exceptions. */
export function runNpm(tool: 'npm' | 'npx', args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Ran {
  const [command, ...pre] = cli(tool);
  const r = spawnSync(command!, [...pre, ...args], { cwd: opts.cwd, env: childEnv(opts.env), encoding: 'utf8', timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? `\n${r.error.message}` : '') };
}

/**
 * Installs a packed tarball into `dir` from the local npm cache alone (`--offline`) when it holds
 * every package, else letting npm fetch what the cache lacks (`--prefer-offline`): a cache filled
 * by `npm ci` may lack the registry's package documents that resolving a fresh install needs.
 */
export function installTarball(dir: string, tarball: string, timeoutMs: number): { mode: '--offline' | '--prefer-offline'; ran: Ran } {
  const base = ['install', '--no-audit', '--no-fund', '--no-update-notifier', tarball];
  const offline = runNpm('npm', ['--offline', ...base], { cwd: dir, timeoutMs });
  if (offline.status === 0) return { mode: '--offline', ran: offline };
  return { mode: '--prefer-offline', ran: runNpm('npm', ['--prefer-offline', ...base], { cwd: dir, timeoutMs }) };
}

/**
 * A long-running npm or npx command (`npx sagelite serve …`, `npm start`) in a process group of its
 * own: npm starts a shell that starts node, and stopping the group reaches all three.
 */
export class NpmProcess {
  private constructor(readonly child: ChildProcess) {}

  /** Starts it and waits for a stdout line matching `ready`; resolves with that match. */
  static start(tool: 'npm' | 'npx', args: string[], opts: { cwd: string; ready: RegExp; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<{ process: NpmProcess; match: RegExpExecArray }> {
    const [command, ...pre] = cli(tool);
    const child = spawn(command!, [...pre, ...args], { cwd: opts.cwd, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const proc = new NpmProcess(child);
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        void proc.stop();
        reject(new Error(`${tool} ${args.join(' ')} was not ready within ${opts.timeoutMs} ms:\n${output}`));
      }, opts.timeoutMs);
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${tool} ${args.join(' ')} exited (${code ?? signal}):\n${output}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        const match = opts.ready.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ process: proc, match });
        }
      });
    });
  }

  /** SIGTERM to the whole group, then SIGKILL to whatever of it is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    // npm exec may exit before its node child does: wait for the group, not for npx alone.
    for (const deadline = Date.now() + graceMs; groupAlive(pid) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    killGroup(pid, 'SIGKILL');
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}
