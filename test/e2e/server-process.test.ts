import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAGELITE_VERSION } from '../../src/core/version.js';
import { BIN, cleanEnv, exited, listeningUrl, runCli, unprivileged } from './cli-process.js';
import { ServerProcess, TEST_SHAPE } from './harness.js';

/** Generous: a loaded CI machine is slow to start and stop node, but a hung server never stops. */
const STOP_BOUND_MS = 30_000;

/** A server can start on the data directory again: the stopped one let go of its lock and database. */
async function dataDirIsFree(dataDir: string): Promise<void> {
  const again = await ServerProcess.start({ dataDir });
  await again.stop();
}

describe('the server process: stopping on signals whatever stdout is, and start-up errors that say what to do', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sagelite-process-'));
    chmodSync(work, 0o755);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('prints its version', () => {
    const r = runCli(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${SAGELITE_VERSION}\n`);
    assert.match(SAGELITE_VERSION, /^\d+\.\d+\.\d+/);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops on ${signal} when its stdout is a pipe whose reader has gone (sagelite serve | cat, cat killed)`, async () => {
      const dataDir = join(work, `piped-${signal}`);
      const reader = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
      const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', reader.stdin, 'pipe'], env: cleanEnv({}, ['--data-dir', dataDir]) });
      let stderr = '';
      server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      try {
        const url = await listeningUrl(reader.stdout);
        // A request line waits in the log buffer: stopping must not hang writing it to a dead pipe.
        assert.equal((await fetch(`${url}/_sagelite/health`)).status, 200);
        reader.kill('SIGKILL');
        await exited(reader, STOP_BOUND_MS);
        server.kill(signal);
        const end = await exited(server, STOP_BOUND_MS);
        assert.deepEqual(end, { code: 0, signal: null }, stderr);
        await dataDirIsFree(dataDir);
      } finally {
        if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
        reader.stdin.destroy();
      }
    });
  }

  it('stops on Ctrl-C (SIGINT to the whole process group) in `sagelite serve | cat`', async () => {
    const dataDir = join(work, 'ctrl-c');
    const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} serve --port 0 --data-dir ${JSON.stringify(dataDir)} | cat`;
    // Its own process group, as a terminal's foreground job: the signal reaches bash, node and cat at once.
    const shell = spawn('bash', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv({}, ['--data-dir', dataDir]) });
    try {
      const url = await listeningUrl(shell.stdout!);
      assert.equal((await fetch(`${url}/_sagelite/health`)).status, 200);
      process.kill(-shell.pid!, 'SIGINT');
      // bash waits for every command of the pipeline: it exits only once the server has.
      await exited(shell, STOP_BOUND_MS, true);
      await dataDirIsFree(dataDir);
    } finally {
      if (shell.exitCode === null && shell.signalCode === null) process.kill(-shell.pid!, 'SIGKILL');
    }
  });

  it('a port in use: says which port and to use --port', async () => {
    const first = await ServerProcess.start();
    try {
      const port = new URL(first.url).port;
      const r = runCli(['serve', '--port', port, '--data-dir', join(work, 'second')]);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `sagelite: port ${port} on 127.0.0.1 is already in use (another sagelite, or another program): stop what uses it, or start sagelite on another port with --port N (or SAGELITE_PORT)\n`);
      // The shared shape's servers share their data directory by design (its lock is the embedded shape's).
      if (TEST_SHAPE === 'sqlite') {
        const same = runCli(['serve', '--port', '0', '--data-dir', first.dataDir]);
        assert.equal(same.status, 1);
        assert.equal(same.stderr, `sagelite: the data directory ${first.dataDir} is in use by another sagelite server; stop it first or choose another --data-dir\n`);
      }
    } finally {
      await first.stop();
    }
  });

  it('a data directory that cannot be made or written: says which path and why', { skip: unprivileged() ? false : 'needs a non-root user that can run node here' }, () => {
    const fileInTheWay = join(work, 'a-file');
    writeFileSync(fileInTheWay, '');
    const underFile = runCli(['serve', '--port', '0', '--data-dir', join(fileInTheWay, 'data')]);
    assert.equal(underFile.status, 1);
    assert.equal(underFile.stderr, `sagelite: cannot create the data directory ${join(fileInTheWay, 'data')}: ${fileInTheWay} is a file, not a directory; choose another with --data-dir (or SAGELITE_DATA_DIR)\n`);
    const isFile = runCli(['serve', '--port', '0', '--data-dir', fileInTheWay]);
    assert.equal(isFile.stderr, `sagelite: the data directory ${fileInTheWay} is a file, not a directory: choose another with --data-dir (or SAGELITE_DATA_DIR)\n`);

    const user = unprivileged()!;
    const asUser = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { ...user, encoding: 'utf8', env: cleanEnv({ HOME: work }) });
    const locked = join(work, 'locked');
    mkdirSync(locked);
    // Root's own private folder, which the unprivileged user may not enter; or, not as root, one's own read-only folder.
    const root = process.getuid!() === 0;
    chmodSync(locked, root ? 0o700 : 0o500);
    const owner = root ? 0 : user.uid;
    const mode = root ? '0700' : '0500';
    const notWritable = asUser(['serve', '--port', '0', '--data-dir', locked]);
    assert.equal(notWritable.status, 1);
    assert.equal(notWritable.stderr, `sagelite: the data directory ${locked} is not writable: permission denied (owned by uid ${owner}, mode ${mode}; sagelite runs as uid ${user.uid}); fix its permissions or choose another with --data-dir (or SAGELITE_DATA_DIR)\n`);
    const cannotMake = asUser(['serve', '--port', '0', '--data-dir', join(locked, 'data')]);
    assert.equal(cannotMake.status, 1);
    assert.equal(cannotMake.stderr, `sagelite: cannot create the data directory ${join(locked, 'data')}: ${locked} cannot be written: permission denied (owned by uid ${owner}, mode ${mode}; sagelite runs as uid ${user.uid}); create it yourself or choose another with --data-dir (or SAGELITE_DATA_DIR)\n`);
    assert.equal(existsSync(join(locked, 'data')), false);
  });
});
