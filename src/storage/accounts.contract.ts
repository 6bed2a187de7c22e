import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../core/clock.js';
import { AccessKeyQuotaError, AccountExistsError, type AccessKey, type AccountStore, type KeyOwner } from './accounts.js';
import type { OperatorKeyStore } from './operator-keys.js';

/** A fresh account store and operator key store over one empty database, and how to let them go. */
export interface AccountStoreFixture {
  accounts: AccountStore;
  operators: OperatorKeyStore;
  close(): Promise<void>;
}

const t0 = new Date('2030-01-01T00:00:00Z');
const SECRET = 'x'.repeat(40);

const existsError = (what: AccountExistsError['what'], value: string) => (e: unknown) =>
  e instanceof AccountExistsError && e.what === what && e.value === value;

/**
 * The behaviour every {@link AccountStore} (and {@link OperatorKeyStore}) implementation must
 * have. Run it from the implementation's own test file with a factory that opens empty stores
 * whose clock is `clock`; each test gets stores of its own.
 *
 * @example
 * runAccountStoreContract('SQLite', async (clock) => openTempSqliteStores(clock));
 */
export function runAccountStoreContract(implementation: string, open: (clock: FixedClock) => Promise<AccountStoreFixture>): void {
  const withStores = (fn: (f: AccountStoreFixture, clock: FixedClock) => Promise<void>) => async () => {
    const clock = new FixedClock(t0);
    const f = await open(clock);
    try {
      await fn(f, clock);
    } finally {
      await f.close();
    }
  };

  describe(`AccountStore contract: ${implementation}`, () => {
    it('creates an account with a 12-digit id, a canonical user id and an active root key, and finds both again', withStores(async ({ accounts }) => {
      const { account, rootKey } = await accounts.createAccount({});
      assert.match(account.accountId, /^[1-9]\d{11}$/);
      assert.match(account.canonicalUserId, /^[0-9a-f]{64}$/);
      assert.equal(account.alias, undefined);
      assert.deepEqual(account.createdAt, t0);
      assert.match(rootKey.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(rootKey.secretAccessKey.length, 40);
      assert.deepEqual({ ...rootKey }, { accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey, accountId: account.accountId, owner: { type: 'root' }, status: 'Active', createdAt: t0 });
      assert.deepEqual(await accounts.getAccount(account.accountId), account);
      assert.deepEqual({ ...(await accounts.getAccessKey(rootKey.accessKeyId)) }, rootKey);
      assert.equal(await accounts.getAccount('999999999999'), undefined);
      assert.equal(await accounts.getAccessKey('AKIAUNKNOWNUNKNOWNXX'), undefined);
    }));

    it('creates an account with the id, alias and root key asked for; refuses a taken id, alias or key and keeps nothing of the refused one', withStores(async ({ accounts }) => {
      const rootKey = { accessKeyId: 'AKIAFIXEDFIXEDFIXED1', secretAccessKey: SECRET };
      const first = await accounts.createAccount({ accountId: '111122223333', alias: 'research', rootKey });
      assert.equal(first.account.accountId, '111122223333');
      assert.equal(first.account.alias, 'research');
      assert.deepEqual([first.rootKey.accessKeyId, first.rootKey.secretAccessKey], [rootKey.accessKeyId, SECRET]);
      assert.equal((await accounts.getAccount('111122223333'))?.alias, 'research');

      await assert.rejects(accounts.createAccount({ accountId: '111122223333' }), existsError('account', '111122223333'));
      await assert.rejects(accounts.createAccount({ accountId: '444455556666', alias: 'research' }), existsError('alias', 'research'));
      await assert.rejects(accounts.createAccount({ accountId: '777788889999', rootKey }), existsError('accessKey', rootKey.accessKeyId));
      assert.equal(await accounts.getAccount('444455556666'), undefined);
      assert.equal(await accounts.getAccount('777788889999'), undefined, 'an account whose root key was refused is not kept');
      assert.deepEqual((await accounts.listAccounts()).map((a) => a.accountId), ['111122223333']);
    }));

    it('lists accounts oldest first', withStores(async ({ accounts }, clock) => {
      await accounts.createAccount({ accountId: '300000000000' });
      clock.set(new Date(t0.getTime() + 1000));
      await accounts.createAccount({ accountId: '100000000000', alias: 'later' });
      await accounts.createAccount({ accountId: '200000000000' });
      const listed = await accounts.listAccounts();
      assert.deepEqual(listed.map((a) => a.accountId), ['300000000000', '100000000000', '200000000000']);
      assert.deepEqual(listed[1], await accounts.getAccount('100000000000'));
    }));

    it("lists an owner's long-term keys only, oldest first, never the ASIA keys of its GetSessionToken sessions", withStores(async ({ accounts }, clock) => {
      const { account } = await accounts.createAccount({});
      const owner: KeyOwner = { type: 'user', userId: 'AIDAAAAAAAAAAAAAAAAA' };
      const other: KeyOwner = { type: 'user', userId: 'AIDABBBBBBBBBBBBBBBB' };
      clock.set(new Date(t0.getTime() + 2000));
      await accounts.addAccessKey({ accessKeyId: 'AKIAAAAAAAAAAAAAAAA2', secretAccessKey: SECRET, accountId: account.accountId, owner, status: 'Active' });
      clock.set(new Date(t0.getTime() + 1000));
      await accounts.addAccessKey({ accessKeyId: 'AKIAAAAAAAAAAAAAAAA1', secretAccessKey: SECRET, accountId: account.accountId, owner, status: 'Inactive' });
      await accounts.addAccessKey({ accessKeyId: 'AKIAAAAAAAAAAAAAAAA3', secretAccessKey: SECRET, accountId: account.accountId, owner: other, status: 'Active' });
      await accounts.addAccessKey({
        accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: SECRET, accountId: account.accountId, owner, status: 'Active',
        sessionToken: 't', expiresAt: new Date(t0.getTime() + 900_000),
      });
      assert.deepEqual((await accounts.listAccessKeys(account.accountId, owner)).map((k) => k.accessKeyId), ['AKIAAAAAAAAAAAAAAAA1', 'AKIAAAAAAAAAAAAAAAA2']);
      assert.deepEqual((await accounts.listAccessKeys(account.accountId, other)).map((k) => k.accessKeyId), ['AKIAAAAAAAAAAAAAAAA3']);
      assert.deepEqual((await accounts.listAccessKeys(account.accountId, { type: 'root' })).map((k) => k.owner), [{ type: 'root' }]);
      // The temporary key still signs requests until it expires.
      assert.ok(await accounts.getAccessKey('ASIAAAAAAAAAAAAAAAAA'));
    }));

    it('holds an owner to maxPerOwner long-term keys even when the additions race, never counting its temporary keys', withStores(async ({ accounts }) => {
      const { account } = await accounts.createAccount({});
      const owner: KeyOwner = { type: 'user', userId: 'AIDACCCCCCCCCCCCCCCC' };
      await accounts.addAccessKey({ accessKeyId: 'ASIACCCCCCCCCCCCCCC0', secretAccessKey: SECRET, accountId: account.accountId, owner, status: 'Active', sessionToken: 't', expiresAt: new Date(t0.getTime() + 900_000) }, { maxPerOwner: 2 });
      const ids = ['AKIACCCCCCCCCCCCCCC1', 'AKIACCCCCCCCCCCCCCC2', 'AKIACCCCCCCCCCCCCCC3', 'AKIACCCCCCCCCCCCCCC4', 'AKIACCCCCCCCCCCCCCC5'];
      const outcomes = await Promise.allSettled(ids.map((accessKeyId) => accounts.addAccessKey({ accessKeyId, secretAccessKey: SECRET, accountId: account.accountId, owner, status: 'Active' }, { maxPerOwner: 2 })));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2, 'two of five concurrent additions win');
      for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof AccessKeyQuotaError, String(o.reason));
      assert.equal((await accounts.listAccessKeys(account.accountId, owner)).length, 2);
      // Another owner's quota is its own.
      await accounts.addAccessKey({ accessKeyId: 'AKIADDDDDDDDDDDDDDD1', secretAccessKey: SECRET, accountId: account.accountId, owner: { type: 'root' }, status: 'Active' }, { maxPerOwner: 2 });
    }));

    it('keeps a temporary key with its session token, expiry and session owner; refuses a key id already taken', withStores(async ({ accounts }, clock) => {
      const { account } = await accounts.createAccount({});
      clock.set(new Date(t0.getTime() + 5000));
      const key: Omit<AccessKey, 'createdAt'> = {
        accessKeyId: 'ASIACCCCCCCCCCCCCCCC', secretAccessKey: SECRET, accountId: account.accountId, owner: { type: 'session', sessionId: 'sess-1' }, status: 'Active',
        sessionToken: 'token-1', expiresAt: new Date(t0.getTime() + 3_600_000),
      };
      const added = await accounts.addAccessKey(key);
      assert.deepEqual(added, { ...key, createdAt: new Date(t0.getTime() + 5000) });
      assert.deepEqual({ ...(await accounts.getAccessKey(key.accessKeyId)) }, added);
      await assert.rejects(accounts.addAccessKey({ ...key, secretAccessKey: 'y'.repeat(40) }), existsError('accessKey', key.accessKeyId));
      assert.equal((await accounts.getAccessKey(key.accessKeyId))?.secretAccessKey, SECRET, 'the refused key did not replace the first');
    }));

    it('deactivates, reactivates and deletes a key, seen at once by the next lookup; false for a key it does not have', withStores(async ({ accounts }) => {
      const { rootKey } = await accounts.createAccount({});
      assert.equal((await accounts.getAccessKey(rootKey.accessKeyId))?.status, 'Active');
      assert.equal(await accounts.updateAccessKeyStatus(rootKey.accessKeyId, 'Inactive'), true);
      assert.equal((await accounts.getAccessKey(rootKey.accessKeyId))?.status, 'Inactive');
      assert.equal(await accounts.updateAccessKeyStatus(rootKey.accessKeyId, 'Active'), true);
      assert.equal((await accounts.getAccessKey(rootKey.accessKeyId))?.status, 'Active');
      assert.equal(await accounts.deleteAccessKey(rootKey.accessKeyId), true);
      assert.equal(await accounts.getAccessKey(rootKey.accessKeyId), undefined);
      assert.equal(await accounts.deleteAccessKey(rootKey.accessKeyId), false);
      assert.equal(await accounts.updateAccessKeyStatus(rootKey.accessKeyId, 'Active'), false);
    }));

    it('prunes temporary keys that expired before the given time only, and they stop resolving', withStores(async ({ accounts }) => {
      const { account, rootKey } = await accounts.createAccount({});
      const temporary = (id: string, expiresAtMs: number): Omit<AccessKey, 'createdAt'> => ({
        accessKeyId: id, secretAccessKey: SECRET, accountId: account.accountId, owner: { type: 'root' }, status: 'Active', sessionToken: `t-${id}`, expiresAt: new Date(expiresAtMs),
      });
      await accounts.addAccessKey(temporary('ASIAEEEEEEEEEEEEEEE1', 1_000));
      await accounts.addAccessKey(temporary('ASIAEEEEEEEEEEEEEEE2', 2_000));
      await accounts.addAccessKey(temporary('ASIAEEEEEEEEEEEEEEE3', 3_000));
      assert.ok(await accounts.getAccessKey('ASIAEEEEEEEEEEEEEEE1'), 'looked up (and perhaps cached) before the prune');
      assert.equal(await accounts.pruneTemporaryKeys(new Date(2_000)), 1);
      assert.equal(await accounts.getAccessKey('ASIAEEEEEEEEEEEEEEE1'), undefined);
      assert.ok(await accounts.getAccessKey('ASIAEEEEEEEEEEEEEEE2'), 'expiring exactly at the cut-off: kept');
      assert.equal(await accounts.pruneTemporaryKeys(new Date(10_000)), 2);
      assert.ok(await accounts.getAccessKey(rootKey.accessKeyId), 'long-term keys never expire');
      assert.equal(await accounts.pruneTemporaryKeys(new Date(10_000)), 0);
    }));
  });

  describe(`OperatorKeyStore contract: ${implementation}`, () => {
    it('makes the operator key on first use, hands back the same one after, and finds it by id only', withStores(async ({ accounts, operators }) => {
      const key = await operators.ensureOperatorKey();
      assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(key.secretAccessKey.length, 40);
      assert.deepEqual(await operators.ensureOperatorKey(), key);
      assert.deepEqual(await operators.getOperatorKey(key.accessKeyId), key);
      assert.equal(await operators.getOperatorKey('AKIAUNKNOWNUNKNOWNXX'), undefined);
      assert.equal(await accounts.getAccessKey(key.accessKeyId), undefined, 'the operator key belongs to no account');
    }));
  });
}
