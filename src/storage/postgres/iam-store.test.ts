import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { OffsetClock } from '../../core/clock.js';
import { newAccountId } from '../../core/ids.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { IamNameTakenError } from '../iam.js';
import { runIamStoreContract, type IamStoreFixture } from '../iam.contract.js';
import { runOidcProviderStoreContract } from '../iam-oidc-providers.contract.js';
import { PgDatabase } from './database.js';
import { ALL_SCHEMAS } from './schema.js';
import { PgIamStore } from './iam-store.js';

// PostgreSQL's IAM tables refer to no accounts table: any account id will do.
async function openFixture(): Promise<IamStoreFixture> {
  const t = await openTestDatabase();
  return { iam: new PgIamStore(t.db, new OffsetClock()), newAccountId: () => Promise.resolve(newAccountId()), close: () => t.close() };
}

runIamStoreContract('PostgreSQL', openFixture);
runOidcProviderStoreContract('PostgreSQL', openFixture);

/** Polls `check` until it holds, for at most `ms`: a notice from another connection arrives when PostgreSQL delivers it. */
async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) if (check()) return true;
  return check();
}

describe('PgIamStore: what is particular to PostgreSQL', () => {
  it('sees another process\'s IAM write: its revision moves on the change notice, and the new state reads back', async () => {
    const t = await openTestDatabase();
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const here = new PgIamStore(t.db, new OffsetClock());
      const there = new PgIamStore(other, new OffsetClock());
      const a = newAccountId();
      const before = here.revision();
      const u = await there.createUser({ accountId: a, userName: 'alice', path: '/', tags: [] });
      assert.ok(await eventually(() => here.revision() !== before), 'the notice arrived within 10 s');
      assert.deepEqual(await here.getUser(a, 'ALICE'), u);

      const seen = here.revision();
      await there.putInlinePolicy({ type: 'user', id: u.userId }, 'p', '{"Statement":[]}');
      assert.ok(await eventually(() => here.revision() !== seen), 'every write announces itself');
      assert.equal((await here.effectivePoliciesForUser(a, 'alice')).identity.length, 1);
    } finally {
      await other.close();
      await t.close();
    }
  });

  it('lets two processes race for one name: the unique index decides, the loser is told the name is taken', async () => {
    const t = await openTestDatabase();
    const other = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const stores = [new PgIamStore(t.db, new OffsetClock()), new PgIamStore(other, new OffsetClock())];
      const a = newAccountId();
      const results = await Promise.allSettled(stores.map((s, i) => s.createPolicy({ accountId: a, policyName: i === 0 ? 'Shared' : 'SHARED', path: `/p${i}/`, document: '{}', tags: [] })));
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const lost = results.find((r) => r.status === 'rejected')!;
      assert.ok(lost.reason instanceof IamNameTakenError);
      // The loser left nothing behind: no policy row, no orphan version.
      const rows = await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM iam_policies) + (SELECT count(*) FROM iam_policy_versions) AS n');
      assert.equal(rows.rows[0]!.n, 2);
    } finally {
      await other.close();
      await t.close();
    }
  });

  it('keeps names unique without regard to case in the database itself', async () => {
    const t = await openTestDatabase();
    try {
      const ins = (id: string, name: string) =>
        t.db.query("INSERT INTO iam_users (user_id, account_id, user_name, path, created_at) VALUES ($1, '111122223333', $2, '/', 0)", [id, name]);
      await ins('AIDA1', 'Bob');
      await assert.rejects(ins('AIDA2', 'bOB'), /iam_users_by_name/);
    } finally {
      await t.close();
    }
  });
});
