#!/usr/bin/env -S UV_THREADPOOL_SIZE=16 node --max-semi-space-size=64
// UV_THREADPOOL_SIZE: each running Athena statement holds one of libuv's threads (src/core/thread-pool.ts).
// A larger young generation halves the garbage-collection pauses behind GetRecord's tail latency
// (p99 at 4 in flight 2.0 → 0.7–1.1 ms, docs/BENCHMARKS.md); `npm start` passes the same flag.
// Node 22 warns on stderr that node:sqlite is experimental: the filter goes in first, and the CLI
// (which loads node:sqlite) only after it, by a dynamic import (src/core/sqlite-warning.ts says why).
import module from 'node:module';
import '../dist/src/core/sqlite-warning.js';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  // Before 22.13 there is no node:sqlite without a flag: say so rather than fail on the import.
  console.error(`sagelite needs Node.js 22.13 or later (or 24); this is ${process.version}. See the README's Quick start.`);
  process.exit(1);
}
// V8's compiled code for sagelite's modules is kept on disk (Node's compile cache, in the system's
// temporary directory): a command or server starts in about two thirds of the time once it ran
// before. Child processes (each account's query engine, `serve --processes N`) inherit it.
const cache = module.enableCompileCache?.();
if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
await import('../dist/src/cli/main.js');
