// The deployment shapes side by side (docs/DEPLOYMENT.md): `npm run bench:shapes`. For each shape,
// GetRecord (16 and 2 in flight) and PutRecord (16) through the whole stack (HTTP, SigV4, policy, the store) in
// turn, with throughput, p50/p99 and the CPU each request cost: sagelite's processes, and the
// stores' (every postgres and redis-server process on the machine, so run it on a quiet one).
// Loopback only; PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 as the tests use them
// (SAGELITE_TEST_POSTGRES, SAGELITE_TEST_REDIS). The load generator shares the machine's cores.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../test/support/postgres.js';
import { dropKeysUnder, TEST_REDIS_URL, testKeyPrefix } from '../test/support/redis.js';
import { startBenchServer, stopBenchServer } from './bench-server.js';
import { PHASES, prepareFeatureStore, type FsRow } from './featurestore.js';
import { sagelite, type AccountKeys } from '../test/e2e/harness.js';

interface Shape {
  name: string;
  storage: 'Standard' | 'InMemory';
  state: boolean;
  redis: boolean;
  processes: number;
}

const SHAPES: Shape[] = [
  { name: 'embedded: SQLite', storage: 'Standard', state: false, redis: false, processes: 1 },
  { name: 'embedded: InMemory tier in Redis', storage: 'InMemory', state: false, redis: true, processes: 1 },
  { name: 'shared: PostgreSQL, 1 process', storage: 'Standard', state: true, redis: false, processes: 1 },
  { name: 'shared: PostgreSQL, 2 processes', storage: 'Standard', state: true, redis: false, processes: 2 },
  { name: 'shared: InMemory tier in Redis, 1 process', storage: 'InMemory', state: true, redis: true, processes: 1 },
  { name: 'shared: InMemory tier in Redis, 2 processes', storage: 'InMemory', state: true, redis: true, processes: 2 },
];

const TICK_MS = 1000 / 100; // USER_HZ: /proc's CPU times are in hundredths of a second on Linux

/** User + system CPU of a process, in ms (0 for one that is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The pids of processes whose command name is one of `names` (PostgreSQL's backends, Redis). */
function pidsNamed(names: readonly string[]): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return names.includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    } catch {
      return false;
    }
  });
}

const childrenOf = (pid: number): number[] => spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);

/** CPU ms of the server (the process and its workers) and of the stores, now. */
function cpuNow(server: ChildProcess): { server: number; stores: number } {
  const pids = [server.pid!, ...childrenOf(server.pid!)];
  return { server: pids.reduce((n, p) => n + cpuMs(p), 0), stores: pidsNamed(['postgres', 'redis-server']).reduce((n, p) => n + cpuMs(p), 0) };
}

interface ShapeRow extends FsRow {
  shape: string;
  serverCpu: string;
  storeCpu: string;
}

async function measure(shape: Shape): Promise<ShapeRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-shapes-'));
  const database = shape.state ? await createTestDatabase() : undefined;
  const prefix = testKeyPrefix();
  const args = [
    ...(database ? ['--state', database.url, '--processes', String(shape.processes)] : []),
    ...(shape.redis ? ['--online-memory', TEST_REDIS_URL, '--online-memory-prefix', prefix] : []),
  ];
  const env = database ? { SAGELITE_STATE: database.url } : {};
  const { child, url } = await startBenchServer(dataDir, { serverArgs: args });
  try {
    const keys = JSON.parse(sagelite(['account', 'create', '--json', '--data-dir', dataDir], env)) as AccountKeys;
    const prepared = await prepareFeatureStore(url, keys, 'bench', shape.storage);
    const rows: ShapeRow[] = [];
    for (const phase of ['get16', 'get2', 'put'] as const) {
      const before = cpuNow(child);
      const row = await PHASES[phase](prepared);
      const after = cpuNow(child);
      const calls = Number(/(\d+) calls/.exec(row.what)![1]);
      rows.push({
        ...row, shape: shape.name,
        serverCpu: `${((after.server - before.server) * 1000 / calls).toFixed(0)} µs`,
        storeCpu: `${((after.stores - before.stores) * 1000 / calls).toFixed(0)} µs`,
      });
    }
    return rows;
  } finally {
    await stopBenchServer(child);
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    if (shape.redis) await dropKeysUnder(prefix);
  }
}

const only = process.argv[2];
const rows: ShapeRow[] = [];
for (const shape of SHAPES.filter((s) => !only || s.name.includes(only))) {
  process.stderr.write(`${shape.name}…\n`);
  rows.push(...(await measure(shape)));
}
console.log(`\n${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}\n`);
console.log('| shape | call | rate | p50 | p99 | sagelite CPU / call | store CPU / call |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.shape} | ${r.what} | ${r.rate} | ${r.p50} | ${r.p99} | ${r.serverCpu} | ${r.storeCpu} |`);
