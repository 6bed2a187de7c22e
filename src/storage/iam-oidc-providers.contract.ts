import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IamNameTakenError } from './iam.js';
import type { IamStoreFixture } from './iam.contract.js';

const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const THUMB = 'a'.repeat(40);

/**
 * The behaviour every {@link import('./iam.js').IamStore} implementation must have for OpenID
 * Connect providers and the account counts (GetAccountSummary). Run it from the implementation's
 * own test file beside {@link import('./iam.contract.js').runIamStoreContract}, with the same factory.
 */
export function runOidcProviderStoreContract(implementation: string, open: () => Promise<IamStoreFixture>): void {
  const withStore = (fn: (f: IamStoreFixture & { a: string; b: string }) => Promise<void>) => async () => {
    const f = await open();
    try {
      const a = await f.newAccountId();
      const b = await f.newAccountId();
      await fn({ ...f, a, b });
    } finally {
      await f.close();
    }
  };

  describe(`IamStore contract, OpenID Connect providers and counts: ${implementation}`, () => {
    it('creates a provider at the ARN its URL names, reads and lists it', withStore(async ({ iam, a }) => {
      const p = await iam.createOidcProvider({ accountId: a, url: 'token.example.com/id/ABC', clientIds: ['sts.amazonaws.com'], thumbprints: [THUMB], tags: [{ Key: 'team', Value: 'ml' }] });
      assert.equal(p.arn, `arn:aws:iam::${a}:oidc-provider/token.example.com/id/ABC`);
      assert.deepEqual([p.accountId, p.url, p.clientIds, p.thumbprints, p.tags], [a, 'token.example.com/id/ABC', ['sts.amazonaws.com'], [THUMB], [{ Key: 'team', Value: 'ml' }]]);
      assert.ok(p.createDate instanceof Date);
      assert.deepEqual(await iam.getOidcProvider(a, p.arn), p);
      await iam.createOidcProvider({ accountId: a, url: 'accounts.example.org', clientIds: [], thumbprints: [], tags: [] });
      assert.deepEqual((await iam.listOidcProviders(a)).map((x) => x.url), ['accounts.example.org', 'token.example.com/id/ABC']);
      assert.equal(await iam.getOidcProvider(a, `arn:aws:iam::${a}:oidc-provider/nothing.example.com`), undefined);
    }));

    it('keeps one provider per URL in an account, and accounts apart: neither sees, changes nor deletes the other\'s', withStore(async ({ iam, a, b }) => {
      const mine = await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: ['x'], thumbprints: [], tags: [] });
      await assert.rejects(iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] }), IamNameTakenError);
      const theirs = await iam.createOidcProvider({ accountId: b, url: 'idp.example.com', clientIds: ['y'], thumbprints: [], tags: [] });
      assert.notEqual(theirs.arn, mine.arn);
      assert.equal(await iam.getOidcProvider(b, mine.arn), undefined);
      assert.deepEqual((await iam.listOidcProviders(b)).map((x) => x.arn), [theirs.arn]);
      assert.equal(await iam.updateOidcProvider(b, mine.arn, () => ({ clientIds: [] })), undefined);
      assert.equal(await iam.deleteOidcProvider(b, mine.arn), false);
      assert.deepEqual((await iam.getOidcProvider(a, mine.arn))!.clientIds, ['x']);
    }));

    it('updates from the provider as stored, keeping what a change leaves out; a change that throws writes nothing', withStore(async ({ iam, a }) => {
      const p = await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: ['one'], thumbprints: [THUMB], tags: [{ Key: 'k', Value: 'v' }] });
      const added = await iam.updateOidcProvider(a, p.arn, (s) => ({ clientIds: [...s.clientIds, 'two'] }));
      assert.deepEqual([added!.clientIds, added!.thumbprints, added!.tags], [['one', 'two'], [THUMB], [{ Key: 'k', Value: 'v' }]]);
      await iam.updateOidcProvider(a, p.arn, () => ({ thumbprints: [], tags: [] }));
      await assert.rejects(iam.updateOidcProvider(a, p.arn, () => { throw new Error('over quota'); }), /over quota/);
      const seen = (await iam.getOidcProvider(a, p.arn))!;
      assert.deepEqual([seen.clientIds, seen.thumbprints, seen.tags, seen.createDate], [['one', 'two'], [], [], p.createDate]);
    }));

    it('lets concurrent updates of one provider each keep their change', withStore(async ({ iam, a }) => {
      const p = await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] });
      await Promise.all(['c1', 'c2', 'c3', 'c4'].map((id) => iam.updateOidcProvider(a, p.arn, (s) => ({ clientIds: [...s.clientIds, id] }))));
      assert.deepEqual((await iam.getOidcProvider(a, p.arn))!.clientIds.sort(), ['c1', 'c2', 'c3', 'c4']);
    }));

    it('deletes a provider: its URL is free again', withStore(async ({ iam, a }) => {
      const p = await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] });
      assert.equal(await iam.deleteOidcProvider(a, p.arn), true);
      assert.equal(await iam.deleteOidcProvider(a, p.arn), false);
      assert.equal(await iam.getOidcProvider(a, p.arn), undefined);
      assert.ok(await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] }));
    }));

    it('lets one of several concurrent creates of a URL win and tells the others it is taken', withStore(async ({ iam, a }) => {
      const results = await Promise.allSettled([1, 2, 3].map(() => iam.createOidcProvider({ accountId: a, url: 'race.example.com', clientIds: [], thumbprints: [], tags: [] })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof IamNameTakenError && r.reason.entity === 'oidc-provider', String(r.reason));
    }));

    it('counts the account\'s users, groups, roles, customer managed policies, attachments and providers, and no other account\'s', withStore(async ({ iam, a, b }) => {
      const none = { users: 0, groups: 0, roles: 0, policies: 0, policyAttachments: 0, oidcProviders: 0 };
      assert.deepEqual(await iam.countAccountEntities(a), none, 'AWS managed policies are not the account\'s');
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      await iam.createUser({ accountId: a, userName: 'v', path: '/', tags: [] });
      const g = await iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      const r = await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: TRUST, tags: [] });
      await iam.createPolicyVersion(p.arn, TRUST, false);
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      await iam.attachPolicy(a, { type: 'group', id: g.groupId }, ADMIN_ARN);
      await iam.attachPolicy(a, { type: 'role', id: r.roleId }, ADMIN_ARN);
      await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] });
      await iam.createUser({ accountId: b, userName: 'u', path: '/', tags: [] });
      assert.deepEqual(await iam.countAccountEntities(a), { users: 2, groups: 1, roles: 1, policies: 1, policyAttachments: 3, oidcProviders: 1 });
      assert.deepEqual(await iam.countAccountEntities(b), { ...none, users: 1 });
      await iam.deleteUser(u.userId);
      assert.deepEqual(await iam.countAccountEntities(a), { users: 1, groups: 1, roles: 1, policies: 1, policyAttachments: 2, oidcProviders: 1 });
    }));

    it('moves its revision on every provider write', withStore(async ({ iam, a }) => {
      const moves = async (write: () => Promise<unknown>): Promise<boolean> => {
        const before = iam.revision();
        await write();
        return iam.revision() !== before;
      };
      let arn = '';
      assert.ok(await moves(async () => { arn = (await iam.createOidcProvider({ accountId: a, url: 'idp.example.com', clientIds: [], thumbprints: [], tags: [] })).arn; }));
      assert.ok(await moves(() => iam.updateOidcProvider(a, arn, () => ({ clientIds: ['x'] }))));
      assert.ok(await moves(() => iam.deleteOidcProvider(a, arn)));
    }));
  });
}
