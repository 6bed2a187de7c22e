#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with Node's test runner, then the end-to-end
// files (dist/test/e2e) again against the shared deployment shape: each server two processes
// (--processes 2) on a PostgreSQL database of its own, InMemory records in Redis
// (test/e2e/harness.ts, SAGELITE_TEST_SHAPE). Both need the PostgreSQL and Redis that .ci/run
// starts (127.0.0.1:5432 and :6379). SAGELITE_TEST_SHAPES picks the passes: `sqlite` (everything,
// embedded), `postgres` (the end-to-end files, shared), or both (the default). The files are
// listed here, so that a substring passed as the argument runs a subset.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv[2];
const files = find('dist').filter((f) => !filter || f.includes(filter)).sort();
const shapes = (process.env.SAGELITE_TEST_SHAPES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
// Every test process imports the filter first, so Node 22's "SQLite is an experimental feature"
// warning does not fill the output (the runner passes --import on to each file's process).
const quiet = new URL('../dist/src/core/sqlite-warning.js', import.meta.url).href;
// Three files at a time: the end-to-end files mostly wait (on their servers, Python, the AWS CLI,
// polling), using about one of two cores at two at a time; a third keeps the machine busy without
// crowding it (SAGELITE_TEST_CONCURRENCY overrides).
const concurrency = process.env.SAGELITE_TEST_CONCURRENCY ?? '3';
const run = (list, env) => spawnSync(process.execPath, ['--import', quiet, '--test', `--test-concurrency=${concurrency}`, ...list], { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let status = 0;
if (shapes.includes('sqlite')) status = run(files, { SAGELITE_TEST_SHAPE: 'sqlite' });
const e2e = files.filter((f) => f.startsWith(join('dist', 'test', 'e2e')));
if (shapes.includes('postgres') && e2e.length > 0) {
  console.log(`# the end-to-end tests again, against two server processes on PostgreSQL and Redis (${e2e.length} files)`);
  status = run(e2e, { SAGELITE_TEST_SHAPE: 'postgres' }) || status;
}
process.exit(status);
