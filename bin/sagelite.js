#!/usr/bin/env -S node --max-semi-space-size=64
// A larger young generation halves the garbage-collection pauses behind GetRecord's tail latency
// (p99 at 4 in flight 2.0 → 0.7–1.1 ms, docs/BENCHMARKS.md); `npm start` passes the same flag.
import '../dist/src/cli/main.js';
