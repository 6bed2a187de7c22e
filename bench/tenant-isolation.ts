// Tenant isolation under attack (issue 12): while account A attacks, does account B still get
// answers quickly? `npm run bench:tenant-isolation`, or after a build:
//
//   node dist/bench/tenant-isolation.js [--seconds 12] [--settle-seconds 2] [--only baseline,big-bodies,…]
//
// Starts `sagelite serve` (bench-server.ts) on a fresh data directory, creates the attacker A and
// the victim B (bench/tenant-setup.ts), then runs a baseline and each attack for `seconds`. During
// every phase B measures, at once:
//   - GetCallerIdentity and GetRecord: 2 callers, each with one call in flight and at most one call
//     every 5 ms, presigned, raw keep-alive connections, in a worker thread
//     (bench/tenant-victim-calls.ts);
//   - Athena SELECT 1, submit to SUCCEEDED, one at a time (bench/tenant-probes.ts);
//   - how long a new record takes to reach its offline store (Parquet object count).
// The attack runs in another worker thread (bench/tenant-attacks.ts), bounded in time and count;
// its refusals and errors are counted, never fatal. After each phase, the time until B's
// GetCallerIdentity answers within 100 ms again (work the attack left behind in the server) is
// measured before the next phase starts. Prints markdown tables, stops the server,
// removes the data directory. Everything is on 127.0.0.1 and shares the machine's cores.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ChildProcess } from 'node:child_process';
import { createAccount } from '../test/e2e/harness.js';
import { startBenchServer } from './bench-server.js';
import { RawConnection } from './http-load.js';
import { formatMs, summarize } from './latency-stats.js';
import type { AttackInput, AttackName, AttackOutput } from './tenant-attacks.js';
import { athenaProbe, offlineProbe, type ProbeSamples } from './tenant-probes.js';
import { setUpAttacker, setUpVictim } from './tenant-setup.js';
import type { CallSamples, VictimCallsInput, VictimCallsOutput } from './tenant-victim-calls.js';

interface Phase {
  name: 'baseline' | AttackName;
  label: string;
}

const PHASES: Phase[] = [
  { name: 'baseline', label: 'none (baseline)' },
  { name: 'big-bodies', label: '1. unauthenticated 256 MiB bodies to SageMaker/STS, 4 at once' },
  { name: 'huge-chunk', label: '2. S3 PutObject, one 128 MiB aws-chunked chunk, 2 at once' },
  { name: 'simulate-policy', label: '3. SimulateCustomPolicy, 128 KiB policy × 500 ARNs × 5 actions, 4 at once' },
  { name: 'athena-queries', label: '4. Athena, 8 long cross-join queries kept going' },
  { name: 'offline-backlog', label: '5. PutRecord ≤ 40,000 (16 in flight) into a group whose role cannot write its offline store' },
  { name: 'athena-strings', label: '6. Athena, 2 queries each concatenating 780 MB of strings, kept going' },
];

interface Args {
  seconds: number;
  settleSeconds: number;
  only: Set<string>;
}

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { seconds: 12, settleSeconds: 2, only: new Set(PHASES.map((p) => p.name)) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i] ?? '';
    if (flag === '--seconds') out.seconds = Number(value);
    else if (flag === '--settle-seconds') out.settleSeconds = Number(value);
    else if (flag === '--only') {
      out.only = new Set(value.split(','));
      const unknown = [...out.only].filter((n) => !PHASES.some((p) => p.name === n));
      if (unknown.length > 0) throw new Error(`unknown phase ${unknown.join(', ')} (known: ${PHASES.map((p) => p.name).join(', ')})`);
    }
    else throw new Error(`unknown argument ${flag} (known: --seconds N, --settle-seconds N, --only ${PHASES.map((p) => p.name).join(',')})`);
  }
  return out;
}

interface PhaseResult {
  phase: Phase;
  calls: VictimCallsOutput | Error;
  athena: ProbeSamples;
  offline: ProbeSamples;
  attack?: AttackOutput | Error;
  peakRssMiB: number;
  /** The largest Athena engine process (one account's DuckDB) seen during the phase. */
  enginePeakRssMiB: number;
  serverAlive: boolean;
  /** From the phase's end until B's GetCallerIdentity answered within 100 ms three times running (0: it never stopped); undefined if not within the limit. */
  recoveryMs: number | undefined;
}

const RECOVERY_LIMIT_MS = 60_000;

/** How long after an attack until GetCallerIdentity answers within 100 ms three times in a row (from the first of the three); undefined past `limitMs`. */
async function timeToRecover(endpoint: URL, sts: Buffer, limitMs: number): Promise<number | undefined> {
  const t0 = performance.now();
  let connection = new RawConnection(endpoint.hostname, Number(endpoint.port));
  let streak = 0;
  let streakStart = 0;
  try {
    while (performance.now() - t0 < limitMs) {
      const sent = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const status = await Promise.race([connection.send(sts).catch(() => 0), new Promise<number>((r) => (timer = setTimeout(() => r(-1), limitMs)))]);
      clearTimeout(timer);
      const ms = performance.now() - sent;
      if (status === 200 && ms < 100) {
        if (streak++ === 0) streakStart = sent;
        if (streak === 3) return streakStart - t0;
      } else {
        streak = 0;
        if (status !== 200) {
          connection.close();
          connection = new RawConnection(endpoint.hostname, Number(endpoint.port));
        }
      }
      await sleep(20);
    }
    return undefined;
  } finally {
    connection.close();
  }
}

/** Runs a worker thread to its one message; an Error if it fails or outlives `limitMs`. */
function runWorker<T>(file: string, data: unknown, limitMs: number): Promise<T | Error> {
  const worker = new Worker(new URL(file, import.meta.url), { workerData: data });
  return new Promise((resolve) => {
    const done = (v: T | Error) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => done(new Error(`${file} did not finish within ${limitMs} ms`)), limitMs);
    worker.once('message', (m: T) => done(m));
    worker.once('error', (e) => done(e));
    worker.once('exit', (code) => done(new Error(`${file} exited ${code} without a result`)));
  });
}

/** A process's resident memory now, in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The server's child processes (each account's Athena engine process). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // Gone while read.
    }
  }
  return out;
}

async function runPhase(phase: Phase, args: Args, ctx: { url: string; child: ChildProcess; victim: Awaited<ReturnType<typeof setUpVictim>>; attacker: Awaited<ReturnType<typeof setUpAttacker>> }): Promise<PhaseResult> {
  const { url, child, victim, attacker } = ctx;
  const deadline = Date.now() + args.seconds * 1000;
  const limit = args.seconds * 1000 + 30_000;
  let peak = 0;
  let enginePeak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(child.pid!));
      for (const pid of childrenOf(child.pid!)) enginePeak = Math.max(enginePeak, rssMiB(pid) || 0);
    } catch {
      // The server is gone; serverAlive says so.
    }
  }, 100);
  const endpoint = new URL(url);
  const callsInput: VictimCallsInput = { host: endpoint.hostname, port: Number(endpoint.port), seconds: args.seconds, callers: 2, intervalMs: 5, timeoutMs: 10_000, sts: victim.sts, getRecords: victim.getRecords };
  const attackInput: AttackInput | undefined = phase.name === 'baseline' ? undefined : { attack: phase.name, url, keys: attacker.keys, deadline, bucket: attacker.bucket, backlogGroup: attacker.backlogGroup };
  const alive = () => child.exitCode === null && child.signalCode === null;
  const [calls, athena, offline, attack, recoveryMs] = await Promise.all([
    runWorker<VictimCallsOutput>('./tenant-victim-calls.js', callsInput, limit),
    athenaProbe(url, victim, deadline),
    offlineProbe(url, victim, deadline, phase.name),
    attackInput ? runWorker<AttackOutput>('./tenant-attacks.js', attackInput, limit) : Promise.resolve(undefined),
    // What the attack left running in the server (a request still being served) is measured from
    // the phase's end, while the probes finish, and kept off the next phase.
    sleep(Math.max(0, deadline - Date.now())).then(() => (alive() ? timeToRecover(endpoint, victim.sts, RECOVERY_LIMIT_MS) : undefined)),
  ]);
  clearInterval(sampler);
  if (alive()) await sleep(args.settleSeconds * 1000);
  return { phase, calls, athena, offline, ...(attack ? { attack } : {}), peakRssMiB: peak, enginePeakRssMiB: enginePeak, serverAlive: alive(), recoveryMs };
}

const count = (failures: Record<string, number>) => Object.values(failures).reduce((a, b) => a + b, 0);
const listed = (failures: Record<string, number>) => Object.entries(failures).map(([k, v]) => `${k} ×${v}`).join(', ');

function callCell(s: CallSamples): string {
  const sum = summarize(s.latencies);
  return sum ? `${formatMs(sum.p50)} / **${formatMs(sum.p99)}** / ${formatMs(sum.max)} (${sum.n})` : '-';
}

function probeCell(p: ProbeSamples): string {
  const sum = summarize(p.samples);
  const unfinished = p.unfinishedMs.length > 0 ? `; still waiting at the end: ${formatMs(Math.max(...p.unfinishedMs))}` : '';
  return `${sum ? `${formatMs(sum.p50)} / ${formatMs(sum.p99)} / ${formatMs(sum.max)} (${sum.n})` : 'none finished'}${unfinished}`;
}

function printTables(results: PhaseResult[], args: Args): void {
  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()[0]!.toFixed(2)} (1 min); ${args.seconds} s per phase\n`);
  console.log('Victim B during each attack by A — p50 / **p99** / max (count). GetCallerIdentity and GetRecord: 2 callers, each one call in flight, at most one every 5 ms:\n');
  console.log('| attack by A | B GetCallerIdentity | B GetRecord | B failures | B Athena SELECT 1, submit → SUCCEEDED | B record → offline store | after the attack, until B answers < 100 ms | server peak RSS | largest engine process peak RSS |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const calls = r.calls instanceof Error ? undefined : r.calls;
    const failures = calls ? { ...calls.sts.failures, ...Object.fromEntries(Object.entries(calls.getRecord.failures).map(([k, v]) => [`GetRecord ${k}`, v])) } : {};
    const recovery = r.recoveryMs === undefined ? (r.serverAlive ? `> ${RECOVERY_LIMIT_MS / 1000} s` : '-') : formatMs(r.recoveryMs);
    const probeFailures = [listed(r.athena.failures), listed(r.offline.failures)].filter(Boolean).join('; ');
    console.log(
      `| ${r.phase.label}${r.serverAlive ? '' : ' — **server died**'} | ${calls ? callCell(calls.sts) : `error: ${(r.calls as Error).message}`} | ${calls ? callCell(calls.getRecord) : '-'} | ${count(failures) > 0 ? listed(failures) : '0'}${probeFailures ? `; probes: ${probeFailures}` : ''} | ${probeCell(r.athena)} | ${probeCell(r.offline)} | ${recovery} | ${r.peakRssMiB.toFixed(0)} MiB | ${r.enginePeakRssMiB.toFixed(0)} MiB |`,
    );
  }
  console.log('\nWhat became of the attacker\'s requests:\n');
  console.log('| attack by A | attempts | body MiB written | outcomes |\n|---|---|---|---|');
  for (const r of results) {
    if (!r.attack) continue;
    if (r.attack instanceof Error) console.log(`| ${r.phase.label} | - | - | worker: ${r.attack.message} |`);
    else console.log(`| ${r.phase.label} | ${r.attack.attempts} | ${r.attack.bytesSent > 0 ? (r.attack.bytesSent / 2 ** 20).toFixed(0) : '-'} | ${listed(r.attack.outcomes) || '-'} |`);
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within 10 s (it may be busy with an attack). */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const args = parseArgs(process.argv.slice(2));
const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-tenant-bench-'));
const { child, url } = await startBenchServer(dataDir);
const cleanUp = async () => {
  await stopServer(child);
  rmSync(dataDir, { recursive: true, force: true });
};
// Whatever happens, the bench ends: a hung phase is cut after the phases' time plus 2 minutes.
const watchdog = setTimeout(() => {
  console.error('tenant-isolation bench: out of time, stopping');
  void cleanUp().finally(() => process.exit(2));
}, (PHASES.length * (args.seconds + args.settleSeconds + 10) + 150) * 1000);
watchdog.unref();
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
const results: PhaseResult[] = [];
try {
  const t0 = performance.now();
  const victim = await setUpVictim(url, createAccount(dataDir, 'victim'));
  const attacker = await setUpAttacker(url, createAccount(dataDir, 'attacker'));
  console.error(`set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Warm-up, not reported: the server's and the callers' first calls compile code and open
  // connections, and the first Athena query starts the query engine.
  await athenaProbe(url, victim, Date.now() + 30_000, 2);
  const endpoint = new URL(url);
  await runWorker('./tenant-victim-calls.js', { host: endpoint.hostname, port: Number(endpoint.port), seconds: 2, callers: 2, intervalMs: 5, timeoutMs: 10_000, sts: victim.sts, getRecords: victim.getRecords } satisfies VictimCallsInput, 30_000);
  for (const phase of PHASES.filter((p) => args.only.has(p.name))) {
    console.error(`phase ${phase.name} (${args.seconds} s)…`);
    const result = await runPhase(phase, args, { url, child, victim, attacker });
    results.push(result);
    if (!result.serverAlive) {
      console.error(`the server died during ${phase.name}; the remaining phases are not run`);
      break;
    }
  }
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
printTables(results, args);
