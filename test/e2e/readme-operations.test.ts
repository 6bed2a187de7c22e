import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SAGELITE_VERSION } from '../../src/core/version.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { BIN, cleanEnv } from './cli-process.js';
import { createAccount, ServerProcess, type AccountKeys, embeddedOnly } from './harness.js';

/** A README block marked `<!-- NAME: run as written by … -->`, exactly as a reader copies it. */
const block = (name: string): string => markedBlocks(PACKAGE_ROOT, 'README.md', name, 'test/e2e/readme-operations.test.ts')[0]!;

/** Runs a README block in bash as written, with only the test server's port and data directory put in. */
function runBlock(script: string, url: string, dataDir: string, tail = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script.replaceAll('http://127.0.0.1:4566', url).replaceAll('npx sagelite', `node ${JSON.stringify(BIN)}`) + tail], {
    encoding: 'utf8',
    timeout: 60_000,
    env: cleanEnv({ SAGELITE_DATA_DIR: dataDir }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('README: operating it, as written', () => {
  let server: ServerProcess;
  let me: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    me = createAccount(server.dataDir, 'me');
  });
  after(() => server.stop());

  it('prints the version, the health document and the root key of "me" again (while the server runs)', () => {
    // The block's eval sets the key in its shell: print it after the block to see that it did.
    const r = runBlock(block('operations'), server.url, server.dataDir, '\necho "key $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY"');
    assert.equal(r.status, 0, r.stderr);
    const [version, health, key] = r.stdout.split('\n');
    assert.equal(version, SAGELITE_VERSION);
    assert.deepEqual(JSON.parse(health!).dataDir, { path: server.dataDir, writable: true });
    assert.equal(JSON.parse(health!).status, 'ok');
    assert.equal(key, `key ${me.accessKeyId} ${me.secretAccessKey}`);
  });

  it('deletes "me" and resets the data directory (once the server is stopped)', { skip: embeddedOnly("the README's stopped-server commands work on the embedded data directory") }, async () => {
    const refused = runBlock(block('operations-stopped'), server.url, server.dataDir);
    assert.equal(refused.status, 1, 'refused while the server runs');
    assert.match(refused.stderr, /is in use by a running sagelite server: stop it first/);
    await server.stop('SIGTERM', false);
    const r = runBlock(block('operations-stopped'), server.url, server.dataDir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^deleted account ${me.accountId} \\(me\\): 0 IAM users, `));
    assert.match(r.stdout, /\nreset .*: removed sagelite\.db, operator\.json, kms-root\.key, objects/);
    assert.equal(existsSync(join(server.dataDir, 'sagelite.db')), false);
    assert.deepEqual(readdirSync(server.dataDir), ['server.lock']);
  });
});
