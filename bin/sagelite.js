#!/usr/bin/env -S UV_THREADPOOL_SIZE=16 node --max-semi-space-size=64
// UV_THREADPOOL_SIZE: each running Athena statement holds one of libuv's threads (src/core/thread-pool.ts).
// A larger young generation halves the garbage-collection pauses behind GetRecord's tail latency
// (p99 at 4 in flight 2.0 → 0.7–1.1 ms, docs/BENCHMARKS.md); `npm start` passes the same flag.
// Node 22 warns on stderr that node:sqlite is experimental: the filter goes in first, and the CLI
// (which loads node:sqlite) only after it, by a dynamic import (src/core/sqlite-warning.ts says why).
import '../dist/src/core/sqlite-warning.js';
await import('../dist/src/cli/main.js');
