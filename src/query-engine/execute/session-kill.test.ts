// A stopped statement that does not let go of DuckDB within the grace has its engine process
// killed. Only its own process, and only while its DuckDB call is still out: a statement stopped
// while the server works for it (fetching objects, uploading CTAS output) holds no DuckDB, and
// the process the account has now may be a newer one that its other statements use.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryRequest } from '../types.js';
import { EngineInstance } from './instance.js';
import { QuerySession } from './session.js';

const GRACE_MS = 20;
/** Far past the grace: a kill, were it decided, has happened by then. */
const WELL_PAST_GRACE_MS = 1_000;

function request(signal: AbortSignal): QueryRequest {
  return { queryExecutionId: 'q', sql: 'SELECT 1', catalog: 'AwsDataCatalog', signal } as unknown as QueryRequest;
}

describe('QuerySession: the unresponsive-statement kill ends only a process still running that statement', () => {
  let dir: string;
  let instance: EngineInstance;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-session-kill-'));
    instance = new EngineInstance({ tmpDir: join(dir, 'tmp'), threads: 1, interruptGraceMs: GRACE_MS });
  });
  after(async () => {
    await instance.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stopped outside DuckDB, its process since replaced: the new process and its statements live on', async () => {
    const stopped = new AbortController();
    const old = await QuerySession.open(instance, request(stopped.signal));
    // The account's process ends (another statement was deaf to its interrupt); a new one opens.
    await instance.kill();
    const live = await QuerySession.open(instance, request(new AbortController().signal));
    try {
      stopped.abort();
      await new Promise((r) => setTimeout(r, WELL_PAST_GRACE_MS));
      assert.deepEqual(await live.rows('SELECT 41 + 1'), [[42]], "the account's new engine process was not killed");
    } finally {
      await old.close();
      await live.close();
    }
  });

  it('stopped outside DuckDB, its process shared with a running statement: that process lives on', async () => {
    const stopped = new AbortController();
    const idle = await QuerySession.open(instance, request(stopped.signal));
    const live = await QuerySession.open(instance, request(new AbortController().signal));
    try {
      stopped.abort();
      await new Promise((r) => setTimeout(r, WELL_PAST_GRACE_MS));
      assert.deepEqual(await live.rows('SELECT 6 * 7'), [[42]], 'the engine process was not killed for a statement not in it');
    } finally {
      await idle.close();
      await live.close();
    }
  });
});
