// An account's query that builds strings DuckDB's memory_limit does not count: it meets its own
// engine process's address-space cap, FAILS with Athena's exhausted-resources error, and neither
// the server's memory nor another account's calls are touched (docs/security/athena-sandbox.md).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { AthenaClient } from '@aws-sdk/client-athena';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { addressSpaceOf } from '../../src/query-engine/execute/address-space.js';
import { ENGINE_NICENESS } from '../../src/query-engine/execute/worker/engine-process.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { athenaClient, createBucket, finished, startQuery } from './athena-api-helpers.js';

/** 13 concatenations of a 30 MB string, twice: 780 MB of strings; a bare DuckDB limited to 256 MB grew to 5.5 GB on it. */
const CONCATENATION = `SELECT length(${Array(13).fill('a').join(' || ')}), length(${Array(13).fill('b').join(' || ')}) FROM (SELECT lpad('', 30000000, 'x') AS a, lpad('', 30000000, 'y') AS b)`;

/** Resident memory of `pid` in bytes (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The processes whose parent is `pid` running `script` (the server's engine processes, once past their launching shell). */
function childrenOf(pid: number, script = 'engine-main.js'): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the parenthesised command name.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      // node itself, not the shell or `nice` that launch it (their command lines name the script too).
      if (argv[0] === process.execPath && argv.some((a) => a.endsWith(script))) out.push(Number(name));
    } catch {
      // The process ended while being read.
    }
  }
  return out;
}

describe('hostile Athena engine process: strings past the memory limit (two accounts, JS SDK v3)', { skip: process.platform !== 'linux' && 'the address-space cap is Linux-only' }, () => {
  let server: ServerProcess;
  let keysA: AccountKeys;
  let keysB: AccountKeys;
  let a: AthenaClient;
  let b: AthenaClient;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--athena-start-wait', '0', '--athena-memory-limit', '256MiB'] });
    keysA = createAccount(server.dataDir, 'engine-a');
    keysB = createAccount(server.dataDir, 'engine-b');
    a = athenaClient(server.url, keysA);
    b = athenaClient(server.url, keysB);
    await createBucket(server.url, keysA, 'engine-results-a');
    await createBucket(server.url, keysB, 'engine-results-b');
  });
  after(async () => {
    await server.stop();
  });

  it("A's 780 MB of concatenation FAILS (EXCEEDED_LOCAL_MEMORY_LIMIT, ErrorType 0) within its engine's cap; the server stays small; B keeps answering; A runs again", async () => {
    const serverPid = server.child.pid!;
    const cap = addressSpaceOf({ memoryLimit: '256MiB' });
    let serverPeak = 0;
    let enginePeak = 0;
    const niceness = new Set<number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // The server's processes: itself and, under --processes N (the shared test shape), its workers.
        const servers = [serverPid, ...childrenOf(serverPid, 'sagelite.js')];
        for (const pid of servers) serverPeak = Math.max(serverPeak, rssOf(pid));
        for (const pid of servers.flatMap((p) => childrenOf(p))) {
          enginePeak = Math.max(enginePeak, rssOf(pid));
          try {
            niceness.add(getPriority(pid));
          } catch {
            // Ended while sampled.
          }
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: keysB, maxAttempts: 1 });
    try {
      const id = await startQuery(a, CONCATENATION, 'engine-results-a');
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, keysB.accountId, 'B is answered while A\'s query runs');
      const q = await finished(a, id, 120_000);
      assert.equal(q.Status?.State, 'FAILED');
      assert.match(q.Status?.StateChangeReason ?? '', /^EXCEEDED_LOCAL_MEMORY_LIMIT: /);
      assert.equal(q.Status?.AthenaError?.ErrorCategory, 1);
      assert.equal(q.Status?.AthenaError?.ErrorType, 0);
    } finally {
      sampling = false;
      await sampler;
    }
    assert.ok(enginePeak > 0, 'an engine process ran the query');
    assert.deepEqual([...niceness], [ENGINE_NICENESS], 'engine processes run at a lower priority than the server');
    assert.ok(enginePeak <= cap, `the engine process stayed within its cap: ${enginePeak} <= ${cap}`);
    assert.ok(serverPeak < 1024 ** 3, `the server process itself held no query strings: peak ${serverPeak} bytes`);
    const one = await finished(b, await startQuery(b, 'SELECT 1', 'engine-results-b'));
    assert.equal(one.Status?.State, 'SUCCEEDED');
    const again = await finished(a, await startQuery(a, 'SELECT 42', 'engine-results-a'));
    assert.equal(again.Status?.State, 'SUCCEEDED', "A's engine answers again");
  });
});
