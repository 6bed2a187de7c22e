// The Feature Store rows of the benchmark, alone (the full `npm run bench` takes minutes):
//
//   node dist/bench/featurestore-alone.js [--phases get16,get2,batch,put] [--rounds N]
//        [--client raw|node-http] [--server-arg=<a serve option>] [--server-bin <other build>/bin/sagelite.js]
//        [--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof]
//
// It starts `sagelite serve` on a fresh data directory (log level info, as by default), with the
// given extra node and server arguments, creates an account, then runs the phases of
// bench/featurestore.ts `rounds` times and prints one markdown table. The server's log is drained
// without being parsed, so the load generator spends its CPU on requests only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_ARGS, startBenchServer, stopBenchServer } from './bench-server.js';
import { createAccount } from '../test/e2e/harness.js';
import { PHASES, prepareFeatureStore, type FsRow, type LoadClient, type PhaseName } from './featurestore.js';

interface Args {
  phases: PhaseName[];
  rounds: number;
  nodeArgs: string[];
  serverArgs: string[];
  client: LoadClient;
  /** Another build's bin/sagelite.js (a worktree of an older commit), to compare before and after. */
  serverBin?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { phases: ['get16', 'get2', 'batch', 'put'], rounds: 1, nodeArgs: [], serverArgs: [], client: 'raw' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? [argv[i]!.slice(0, argv[i]!.indexOf('=')), argv[i]!.slice(argv[i]!.indexOf('=') + 1)] : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--phases') out.phases = value().split(',').filter((p): p is PhaseName => p in PHASES);
    else if (flag === '--rounds') out.rounds = Number(value());
    else if (flag === '--node-arg') out.nodeArgs.push(value());
    else if (flag === '--server-arg') out.serverArgs.push(value());
    else if (flag === '--server-bin') out.serverBin = value();
    else if (flag === '--client') out.client = value() === 'node-http' ? 'node-http' : 'raw';
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

/** CPU seconds a process and its threads have used so far in user and kernel mode, from /proc (Linux). */
function processCpuSeconds(pid: number): { user: number; system: number } {
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (1-based, of the whole line).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** The server's CPU: its own process and its children's, if it has any (by /proc's children list). */
function serverCpuSeconds(pid: number): { user: number; system: number } {
  const total = processCpuSeconds(pid);
  try {
    for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      const child = processCpuSeconds(Number(task));
      total.user += child.user;
      total.system += child.system;
    }
  } catch {
    // No children list (older kernels): the main process alone.
  }
  return total;
}

const args = parseArgs(process.argv.slice(2));
const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-fsbench-'));
const { child, url } = await startBenchServer(dataDir, { nodeArgs: args.nodeArgs.length > 0 ? args.nodeArgs : SERVER_NODE_ARGS, serverArgs: args.serverArgs, ...(args.serverBin ? { bin: args.serverBin } : {}) });
const rows: FsRow[] = [];
const cpu: string[] = [];
try {
  const prepared = await prepareFeatureStore(url, createAccount(dataDir));
  for (let round = 0; round < args.rounds; round++) {
    for (const phase of args.phases) {
      const server0 = serverCpuSeconds(child.pid!);
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      const row = await PHASES[phase](prepared, args.client);
      const seconds = (performance.now() - t0) / 1000;
      const client = process.cpuUsage(client0);
      const calls = Number(/, (\d+) calls/.exec(row.what)?.[1] ?? NaN);
      const perCall = (s: number) => `${Math.round((s / calls) * 1e6)} µs`;
      const server1 = serverCpuSeconds(child.pid!);
      const user = server1.user - server0.user;
      const system = server1.system - server0.system;
      cpu.push(`${row.what}: ${seconds.toFixed(2)} s; CPU per call: server ${perCall(user + system)} (${perCall(user)} user, ${perCall(system)} kernel), load generator ${perCall((client.user + client.system) / 1e6)}`);
      rows.push(row);
    }
  }
} finally {
  await stopBenchServer(child);
  rmSync(dataDir, { recursive: true, force: true });
}
const [one, five] = loadavg();
console.log(`server: node ${(args.nodeArgs.length > 0 ? args.nodeArgs : SERVER_NODE_ARGS).join(' ')} ${args.serverBin ?? 'sagelite'} serve ${args.serverArgs.join(' ')}; client ${args.client}; load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min)\n`);
console.log('| benchmark | system | rate | p50 | p99 |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.system} | ${r.rate} | ${r.p50} | ${r.p99} |`);
console.log('');
for (const line of cpu) console.log(line);
