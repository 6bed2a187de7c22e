#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with Node's test runner. The files are listed
// here, so that a substring passed as the argument runs a subset.
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
// Every test process imports the filter first, so Node 22's "SQLite is an experimental feature"
// warning does not fill the output (the runner passes --import on to each file's process).
const quiet = new URL('../dist/src/core/sqlite-warning.js', import.meta.url).href;
const result = spawnSync(process.execPath, ['--import', quiet, '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
