// `npm run bench:start`: how long `npm start` takes, on a tree that has not changed since its last
// build, from the command to the server's "sagelite listening" line — the wait of someone who runs
// `npm start` again. Each run is a new `npm start -- --port 0 --data-dir D` (the same data directory
// every time, as a user's), stopped before the next. The first run is on a new data directory.
// Prints one line per run and a summary for docs/BENCHMARKS.md, with the machine and the date.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/core/paths.js';
import { NpmProcess } from '../test/support/npm.js';

const RUNS = Number(process.argv[2] ?? 7);

async function once(dataDir: string): Promise<number> {
  const started = performance.now();
  const { process: server } = await NpmProcess.start('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], { cwd: PACKAGE_ROOT, ready: /sagelite listening on/, timeoutMs: 120_000 });
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-bench-start-'));
try {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await once(dataDir);
    times.push(ms);
    console.log(`run ${i + 1}${i === 0 ? ' (new data directory)' : ''}: ${ms.toFixed(0)} ms`);
  }
  const again = times.slice(1).sort((a, b) => a - b);
  const median = again[Math.floor(again.length / 2)] ?? times[0]!;
  console.log(`\nnpm start to listening, unchanged tree: median ${median.toFixed(0)} ms, max ${Math.max(...again).toFixed(0)} ms over ${again.length} restarts; first start on a new data directory ${times[0]!.toFixed(0)} ms`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${loadavg()[0]!.toFixed(2)} (1 min), ${new Date().toISOString()}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
