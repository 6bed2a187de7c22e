import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { AdminApiError, AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, sagelite, ServerProcess, embeddedOnly } from './harness.js';

const whoAmI = (url: string, keys: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ endpoint: url, region: 'us-east-1', credentials: keys, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));

describe('the data directory', () => {
  it('keeps accounts across a kill -9 and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-dd-'));
    try {
      const first = await ServerProcess.start({ dataDir: dir });
      const keys = createAccount(dir, 'survivor');
      assert.equal((await whoAmI(first.url, keys)).Account, keys.accountId);
      await first.stop('SIGKILL', false);
      const second = await ServerProcess.start({ dataDir: dir });
      assert.equal((await whoAmI(second.url, keys)).Account, keys.accountId);
      const listed = JSON.parse(sagelite(['account', 'list', '--json', '--data-dir', dir])) as Array<{ accountId: string; alias: string }>;
      assert.deepEqual(listed.map((a) => [a.accountId, a.alias]), [[keys.accountId, 'survivor']]);
      await second.stop('SIGTERM', false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second server on the same data directory, with a clear message', { skip: embeddedOnly('the shared shape shares its data directory by design') }, async () => {
    const first = await ServerProcess.start();
    try {
      const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'sagelite.js'), 'serve', '--port', '0', '--data-dir', first.dataDir], { encoding: 'utf8', timeout: 15_000 });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /data directory .* is in use by another sagelite server/);
    } finally {
      await first.stop();
    }
  });

  it('provisions accounts and keys from a declarative file, the same on every start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-cfg-'));
    const file = join(dir, 'sagelite.json');
    const key = { accessKeyId: 'AKIAEXAMPLEB234567AB', secretAccessKey: 'b'.repeat(40) };
    writeFileSync(file, JSON.stringify({ accounts: [{ accountId: '222222222222', alias: 'central', rootAccessKeys: [key] }] }));
    try {
      for (let i = 0; i < 2; i++) {
        const s = await ServerProcess.start({ dataDir: join(dir, 'data'), extraArgs: ['--config', file] });
        assert.equal((await whoAmI(s.url, key)).Arn, 'arn:aws:iam::222222222222:root');
        await s.stop('SIGTERM', false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only the operator key use the admin API, and moves the clock only with --test-clock', async () => {
    const s = await ServerProcess.start();
    try {
      const admin = new AdminClient({ endpoint: s.url, credentials: s.operatorKey() });
      const created = await admin.call<{ AccountId: string; AccessKeyId: string; SecretAccessKey: string }>('CreateAccount', { Alias: 'via-admin' });
      assert.match(created.AccountId, /^\d{12}$/);
      assert.match(created.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(created.SecretAccessKey.length, 40);
      await assert.rejects(admin.call('AdvanceClock', { Milliseconds: 1000 }), (e: unknown) => e instanceof AdminApiError && e.code === 'AccessDeniedException');
      const asRoot = new AdminClient({ endpoint: s.url, credentials: { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey } });
      await assert.rejects(asRoot.call('ListAccounts'), (e: unknown) => e instanceof AdminApiError && e.code === 'UnrecognizedClientException');
    } finally {
      await s.stop();
    }
  });
});
