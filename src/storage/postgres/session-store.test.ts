import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../core/clock.js';
import type { RoleSession } from '../../core/principal.js';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import { runSessionStoreContract } from '../sessions.contract.js';
import { PgAccountStore } from './account-store.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';
import { PgSessionStore } from './session-store.js';

const emptied = fileTestDatabase(['accounts', 'access_keys', 'operator_keys', 'role_sessions', 'decisions']);

runSessionStoreContract('PostgreSQL', async () => {
  const { db } = await emptied();
  return {
    sessions: new PgSessionStore(db),
    accounts: new PgAccountStore(db, new FixedClock(new Date(0))),
    reopen: async () => new PgSessionStore(db),
    close: async () => undefined,
  };
});

describe('PostgreSQL session store: what is particular to PostgreSQL', () => {
  it('drops a session another process cached once this one replaces or prunes it, and hands each reader its own copy', async () => {
    const { db: one, url } = await emptied();
    const { account } = await new PgAccountStore(one, new FixedClock(new Date(0))).createAccount({});
    const here = new PgSessionStore(one);
    const session: RoleSession = {
      sessionId: 's-1', accountId: account.accountId, roleId: 'AROAAAAAAAAAAAAAAAAA', roleArn: `arn:aws:iam::${account.accountId}:role/R`, roleName: 'R', sessionName: 'first',
      issuedAt: new Date(0), expiresAt: new Date(1_000), policyArns: [], tags: [{ Key: 'k', Value: 'v' }], transitiveTagKeys: [], chained: false, assumedBy: 'u',
    };
    await here.putSession(session);
    // The other process starts after the setup: notices committed before it listened never reach it.
    const two = await PgDatabase.open(url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const there = new PgSessionStore(two);
      const read = await there.getSession('s-1');
      read!.tags.push({ Key: 'mutated', Value: 'by a caller' });
      assert.deepEqual((await there.getSession('s-1'))?.tags, [{ Key: 'k', Value: 'v' }], 'a caller changing its copy changes no one else’s');

      // A row changed behind the stores' backs stays unseen where cached: the cache is what answers.
      await one.query("UPDATE role_sessions SET document = replace(document, '\"first\"', '\"behind\"')");
      assert.equal((await new PgSessionStore(one).getSession('s-1'))?.sessionName, 'behind', 'changed in the table');
      assert.equal((await there.getSession('s-1'))?.sessionName, 'first');

      let notice = new Promise<void>((resolve) => two.onChange('sessions', () => resolve()));
      await here.putSession({ ...session, sessionName: 'second' });
      await notice;
      assert.equal((await there.getSession('s-1'))?.sessionName, 'second');

      notice = new Promise<void>((resolve) => two.onChange('sessions', () => resolve()));
      assert.equal(await here.pruneExpired(new Date(2_000)), 1);
      await notice;
      assert.equal(await there.getSession('s-1'), undefined);
    } finally {
      await two.close();
    }
  });
});
