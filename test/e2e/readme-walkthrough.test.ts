import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { ServerProcess, shapeEnv } from './harness.js';

/** The README's walkthrough block, exactly as a reader copies it. */
const walkthrough = (): string => markedBlocks(PACKAGE_ROOT, 'README.md', 'walkthrough', 'test/e2e/readme-walkthrough.test.ts')[0]!;

describe('README: from a running server to your own feature group queried with Athena, as written', () => {
  let server: ServerProcess;
  let cwd: string;
  before(async () => {
    server = await ServerProcess.start();
    cwd = mkdtempSync(join(tmpdir(), 'sagelite-readme-'));
  });
  after(async () => {
    await server.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('runs every command of the walkthrough and ends with the Athena table', () => {
    // Only what differs from a reader's machine: the test server's port and data directory, and
    // `npx sagelite` run from outside the repository (the script writes orders.csv where it runs).
    const script = walkthrough()
      .replaceAll('http://127.0.0.1:4566', server.url)
      .replaceAll('npx sagelite', `node ${JSON.stringify(join(PACKAGE_ROOT, 'bin', 'sagelite.js'))}`);
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...shapeEnv(server.dataDir), SAGELITE_DATA_DIR: server.dataDir, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    assert.equal(r.status, 0, `the walkthrough failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /ingested 3 of 3 rows into orders/);
    assert.match(r.stdout, /"customer": "ben",\s+"amount": 25\.5/);
    // The refused row, in the report the README names, and left out of the query below.
    assert.match(r.stderr, /more\.csv:2: ValidationException: Validation Error: Value "lots" of feature amount/);
    assert.match(r.stdout, /^\{"source":"more\.csv:2","error":\{"code":"ValidationException",.*"row":\{"order_id":"4","customer":"cy","amount":"lots","event_time":"1767236400"\}\}$/m);
    assert.match(r.stdout, /customer \| orders \| spent\n-+\+-+\+-+\nana +\| 2 +\| 14\.24\nben +\| 1 +\| 25\.5\n/);
  });
});
