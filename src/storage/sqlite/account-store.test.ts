import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { runAccountStoreContract } from '../accounts.contract.js';
import { SqliteAccountStore } from './account-store.js';
import { openDatabase } from './database.js';
import { SqliteOperatorKeyStore } from './operator-key-store.js';

runAccountStoreContract('SQLite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-accounts-contract-'));
  const db = openDatabase(dir);
  return {
    accounts: new SqliteAccountStore(db, clock),
    operators: new SqliteOperatorKeyStore(db, clock),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite account store: what is particular to SQLite', () => {
  it('finds a key another connection (the CLI) added after the server started, and keeps the operator key across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-keys-'));
    const clock = new FixedClock(new Date(0));
    const server = openDatabase(dir);
    const cli = openDatabase(dir);
    try {
      const accounts = new SqliteAccountStore(server, clock);
      const operatorKey = await new SqliteOperatorKeyStore(server, clock).ensureOperatorKey();
      assert.equal(await accounts.getAccessKey('AKIACLICLICLICLICLI1'), undefined);
      const { account } = await new SqliteAccountStore(cli, clock).createAccount({ rootKey: { accessKeyId: 'AKIACLICLICLICLICLI1', secretAccessKey: 'x'.repeat(40) } });
      assert.equal((await accounts.getAccessKey('AKIACLICLICLICLICLI1'))?.accountId, account.accountId);
      assert.deepEqual(await new SqliteOperatorKeyStore(cli, clock).ensureOperatorKey(), operatorKey);
    } finally {
      server.close();
      cli.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
