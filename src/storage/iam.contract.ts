import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IamNameTakenError, type IamStore, type Tag } from './iam.js';

/**
 * A fresh store over one empty database, and how to let it go. `newAccountId` makes an account
 * the store may keep IAM entities in (SQLite's tables refer to its accounts table; PostgreSQL's
 * IAM tables refer to no other store's).
 */
export interface IamStoreFixture {
  iam: IamStore;
  newAccountId(): Promise<string>;
  close(): Promise<void>;
}

const ALLOW_S3 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * The behaviour every {@link IamStore} implementation must have. Run it from the
 * implementation's own test file with a factory that opens an empty store.
 *
 * @example
 * runIamStoreContract('SQLite', () => openTempSqliteStores());
 */
export function runIamStoreContract(implementation: string, open: () => Promise<IamStoreFixture>): void {
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

  describe(`IamStore contract: ${implementation}`, () => {
    it('creates users with AIDA ids and ARNs, finds them by name without regard to case and by id', withStore(async ({ iam, a }) => {
      const u = await iam.createUser({ accountId: a, userName: 'Alice', path: '/eng/', tags: [{ Key: 'team', Value: 'ml' }] });
      assert.match(u.userId, /^AIDA[A-Z2-7]{16}$/);
      assert.equal(u.arn, `arn:aws:iam::${a}:user/eng/Alice`);
      assert.deepEqual(await iam.getUser(a, 'alice'), u);
      assert.deepEqual(await iam.getUserById(u.userId), u);
      assert.deepEqual(u.tags, [{ Key: 'team', Value: 'ml' }]);
    }));

    it('keeps names unique per account without regard to case, and separate across accounts', withStore(async ({ iam, a, b }) => {
      await iam.createUser({ accountId: a, userName: 'alice', path: '/', tags: [] });
      await assert.rejects(iam.createUser({ accountId: a, userName: 'ALICE', path: '/x/', tags: [] }), IamNameTakenError);
      assert.ok(await iam.createUser({ accountId: b, userName: 'alice', path: '/', tags: [] }));
      await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      await assert.rejects(
        iam.createRole({ accountId: a, roleName: 'R', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] }),
        IamNameTakenError,
      );
      await iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      await assert.rejects(iam.createGroup({ accountId: a, groupName: 'Devs', path: '/' }), IamNameTakenError);
      await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      await assert.rejects(iam.createPolicy({ accountId: a, policyName: 'P', path: '/other/', document: ALLOW_S3, tags: [] }), IamNameTakenError);
    }));

    it('renames and moves a user, keeping its id; the old name is free again', withStore(async ({ iam, a }) => {
      const u = await iam.createUser({ accountId: a, userName: 'bob', path: '/', tags: [] });
      await iam.createUser({ accountId: a, userName: 'carol', path: '/', tags: [] });
      const moved = await iam.updateUser(u.userId, { userName: 'robert', path: '/ops/' });
      assert.equal(moved.userId, u.userId);
      assert.equal(moved.arn, `arn:aws:iam::${a}:user/ops/robert`);
      assert.equal(await iam.getUser(a, 'bob'), undefined);
      await assert.rejects(iam.updateUser(u.userId, { userName: 'Carol' }), IamNameTakenError);
      assert.ok(await iam.createUser({ accountId: a, userName: 'bob', path: '/', tags: [] }));
    }));

    it('tags users, roles and policies from the tags as stored at the write: concurrent taggings all stay', withStore(async ({ iam, a }) => {
      const u = await iam.createUser({ accountId: a, userName: 'tagged', path: '/', tags: [] });
      const r = await iam.createRole({ accountId: a, roleName: 'tagged', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      const p = await iam.createPolicy({ accountId: a, policyName: 'tagged', path: '/', document: ALLOW_S3, tags: [] });
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      const add = (Key: string) => (stored: Tag[]) => [...stored, { Key, Value: 'v' }];
      await Promise.all(keys.flatMap((k) => [iam.setUserTags(u.userId, add(k)), iam.setRoleTags(r.roleId, add(k)), iam.setPolicyTags(p.arn, add(k))]));
      assert.deepEqual((await iam.getUser(a, 'tagged'))!.tags.map((t) => t.Key).sort(), keys);
      assert.deepEqual((await iam.getRole(a, 'tagged'))!.tags.map((t) => t.Key).sort(), keys);
      assert.deepEqual((await iam.getPolicy(p.arn))!.tags.map((t) => t.Key).sort(), keys);
      await iam.setRoleTags(r.roleId, [{ Key: 'only', Value: 'x' }]);
      assert.deepEqual((await iam.getRole(a, 'tagged'))!.tags, [{ Key: 'only', Value: 'x' }]);
    }));

    it('lists users by name, filtered by path prefix', withStore(async ({ iam, a, b }) => {
      for (const [n, p] of [['zed', '/'], ['Amy', '/eng/'], ['bea', '/eng/ml/']] as const) await iam.createUser({ accountId: a, userName: n, path: p, tags: [] });
      await iam.createUser({ accountId: b, userName: 'other', path: '/', tags: [] });
      assert.deepEqual((await iam.listUsers(a)).map((u) => u.userName), ['Amy', 'bea', 'zed']);
      assert.deepEqual((await iam.listUsers(a, '/eng/')).map((u) => u.userName), ['Amy', 'bea']);
      assert.deepEqual((await iam.listUsers(a, '/eng/ml')).map((u) => u.userName), ['bea']);
    }));

    it('manages groups and memberships', withStore(async ({ iam, a }) => {
      const g = await iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      assert.match(g.groupId, /^AGPA/);
      assert.equal(g.arn, `arn:aws:iam::${a}:group/devs`);
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      await iam.addUserToGroup(g.groupId, u.userId);
      await iam.addUserToGroup(g.groupId, u.userId);
      assert.deepEqual((await iam.listUsersInGroup(g.groupId)).map((x) => x.userName), ['u']);
      assert.deepEqual((await iam.listGroupsForUser(u.userId)).map((x) => x.groupName), ['devs']);
      assert.equal(await iam.removeUserFromGroup(g.groupId, u.userId), true);
      assert.equal(await iam.removeUserFromGroup(g.groupId, u.userId), false);
      const renamed = await iam.updateGroup(g.groupId, { groupName: 'developers', path: '/x/' });
      assert.equal(renamed.arn, `arn:aws:iam::${a}:group/x/developers`);
      await iam.deleteGroup(g.groupId);
      assert.equal(await iam.getGroup(a, 'developers'), undefined);
      assert.deepEqual(await iam.listGroups(a), []);
    }));

    it('stores roles with their trust policy, bindings, boundary, tags and last use', withStore(async ({ iam, a }) => {
      const r = await iam.createRole({
        accountId: a, roleName: 'Exec', path: '/service/', description: 'd', maxSessionDuration: 7200,
        assumeRolePolicyDocument: TRUST, trustPrincipalBindings: { 'arn:aws:iam::1:user/x': 'AIDAX' }, permissionsBoundaryArn: ADMIN_ARN, tags: [],
      });
      assert.match(r.roleId, /^AROA/);
      assert.equal(r.arn, `arn:aws:iam::${a}:role/service/Exec`);
      assert.deepEqual(r.trustPrincipalBindings, { 'arn:aws:iam::1:user/x': 'AIDAX' });
      assert.equal(r.permissionsBoundaryArn, ADMIN_ARN);
      await iam.updateAssumeRolePolicy(r.roleId, ALLOW_S3, {});
      await iam.setRoleTags(r.roleId, [{ Key: 'k', Value: 'v' }]);
      await iam.setRolePermissionsBoundary(r.roleId, undefined);
      const updated = await iam.updateRole(r.roleId, { maxSessionDuration: 3600 });
      assert.equal(updated.description, 'd');
      assert.equal(updated.maxSessionDuration, 3600);
      assert.equal(updated.assumeRolePolicyDocument, ALLOW_S3);
      assert.deepEqual(updated.trustPrincipalBindings, {});
      assert.deepEqual(updated.tags, [{ Key: 'k', Value: 'v' }]);
      assert.equal(updated.permissionsBoundaryArn, undefined);
      assert.equal(await iam.getRoleLastUsed(r.roleId), undefined);
      const at = new Date('2026-01-02T03:04:05.000Z');
      await iam.recordRoleUsed(r.roleId, at, 'eu-west-1');
      assert.deepEqual(await iam.getRoleLastUsed(r.roleId), { lastUsedDate: at, region: 'eu-west-1' });
      assert.deepEqual(await iam.getRole(a, 'exec'), await iam.getRoleById(r.roleId));
      assert.deepEqual((await iam.listRoles(a, '/service/')).map((x) => x.roleName), ['Exec']);
      assert.deepEqual(await iam.listRoles(a, '/other/'), []);
      const other = await iam.createRole({ accountId: a, roleName: 'o', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: { x: 'AIDAONE' }, tags: [] });
      assert.deepEqual((await iam.rolesTrusting('AIDAONE')).map((x) => x.roleId), [other.roleId]);
      assert.deepEqual(await iam.rolesTrusting('AIDAX'), []);
    }));

    it('puts, replaces, lists and deletes inline policies per entity', withStore(async ({ iam, a }) => {
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const ref = { type: 'user', id: u.userId } as const;
      await iam.putInlinePolicy(ref, 'b', ALLOW_S3);
      await iam.putInlinePolicy(ref, 'a', TRUST);
      await iam.putInlinePolicy(ref, 'a', ALLOW_S3);
      assert.deepEqual(await iam.listInlinePolicies(ref), [{ policyName: 'a', document: ALLOW_S3 }, { policyName: 'b', document: ALLOW_S3 }]);
      assert.deepEqual(await iam.getInlinePolicy(ref, 'a'), { policyName: 'a', document: ALLOW_S3 });
      assert.equal(await iam.getInlinePolicy({ type: 'role', id: u.userId }, 'a'), undefined);
      assert.equal(await iam.deleteInlinePolicy(ref, 'a'), true);
      assert.equal(await iam.deleteInlinePolicy(ref, 'a'), false);
    }));

    it('versions managed policies: v1 default, next ids never reused, newest first', withStore(async ({ iam, a }) => {
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/team/', description: 'desc', document: ALLOW_S3, tags: [{ Key: 'a', Value: 'b' }] });
      assert.match(p.policyId, /^ANPA/);
      assert.equal(p.arn, `arn:aws:iam::${a}:policy/team/p`);
      assert.equal(p.defaultVersionId, 'v1');
      assert.equal(p.description, 'desc');
      assert.equal(p.isAttachable, true);
      const v2 = await iam.createPolicyVersion(p.arn, TRUST, false);
      assert.equal(v2.versionId, 'v2');
      await iam.createPolicyVersion(p.arn, TRUST, true);
      assert.equal((await iam.getPolicy(p.arn))!.defaultVersionId, 'v3');
      await iam.deletePolicyVersion(p.arn, 'v2');
      assert.equal((await iam.createPolicyVersion(p.arn, ALLOW_S3, false)).versionId, 'v4');
      assert.deepEqual((await iam.listPolicyVersions(p.arn)).map((v) => [v.versionId, v.isDefaultVersion]), [['v4', false], ['v3', true], ['v1', false]]);
      await iam.setDefaultPolicyVersion(p.arn, 'v1');
      assert.equal((await iam.getPolicyVersion(p.arn, 'v1'))!.isDefaultVersion, true);
      assert.equal(await iam.getPolicyVersion(p.arn, 'v2'), undefined);
      await iam.setPolicyTags(p.arn, []);
      assert.deepEqual((await iam.getPolicy(p.arn))!.tags, []);
      await iam.deletePolicy(p.arn);
      assert.equal(await iam.getPolicy(p.arn), undefined);
      assert.deepEqual(await iam.listPolicyVersions(p.arn), []);
    }));

    it('serves AWS managed policies in every account, read-only, counting attachments per account', withStore(async ({ iam, a, b }) => {
      const admin = (await iam.getPolicy(ADMIN_ARN))!;
      assert.equal(admin.accountId, '');
      assert.equal(admin.policyName, 'AdministratorAccess');
      assert.match(admin.policyId, /^ANPA[A-Z2-7]{16}$/);
      const v = (await iam.getPolicyVersion(ADMIN_ARN, admin.defaultVersionId))!;
      assert.equal(v.isDefaultVersion, true);
      assert.deepEqual(JSON.parse(v.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      assert.deepEqual((await iam.listPolicyVersions(ADMIN_ARN)).map((x) => x.versionId), [admin.defaultVersionId]);
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, ADMIN_ARN);
      assert.equal((await iam.getPolicyInAccount(a, ADMIN_ARN))!.attachmentCount, 1);
      assert.equal((await iam.getPolicyInAccount(b, ADMIN_ARN))!.attachmentCount, 0);
      assert.ok((await iam.listPolicies(b)).some((p) => p.arn === ADMIN_ARN));
      assert.ok((await iam.listPolicies(b)).some((p) => p.arn === 'arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess'));
    }));

    it('attaches and detaches managed policies, counting attachments and boundary uses', withStore(async ({ iam, a }) => {
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const g = await iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      const r = await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      await iam.attachPolicy(a, { type: 'group', id: g.groupId }, p.arn);
      await iam.attachPolicy(a, { type: 'role', id: r.roleId }, p.arn);
      await iam.setRolePermissionsBoundary(r.roleId, p.arn);
      const seen = (await iam.getPolicy(p.arn))!;
      assert.equal(seen.attachmentCount, 3);
      assert.equal(seen.permissionsBoundaryUsageCount, 1);
      const entities = await iam.listEntitiesForPolicy(a, p.arn);
      assert.deepEqual([entities.users.map((x) => x.userName), entities.groups.map((x) => x.groupName), entities.roles.map((x) => x.roleName)], [['u'], ['g'], ['r']]);
      assert.deepEqual((await iam.listAttachedPolicies({ type: 'role', id: r.roleId })).map((x) => x.arn), [p.arn]);
      assert.equal(await iam.detachPolicy({ type: 'user', id: u.userId }, p.arn), true);
      assert.equal(await iam.detachPolicy({ type: 'user', id: u.userId }, p.arn), false);
      assert.equal((await iam.listPolicies(a)).find((x) => x.arn === p.arn)!.attachmentCount, 2);
    }));

    it('gathers a user\'s effective policies: own and groups\' inline and attached defaults, and the boundary', withStore(async ({ iam, a }) => {
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      await iam.createPolicyVersion(p.arn, TRUST, true);
      const u = await iam.createUser({ accountId: a, userName: 'alice', path: '/', permissionsBoundaryArn: ADMIN_ARN, tags: [] });
      const g = await iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      await iam.addUserToGroup(g.groupId, u.userId);
      await iam.putInlinePolicy({ type: 'user', id: u.userId }, 'Mine', ALLOW_S3);
      await iam.putInlinePolicy({ type: 'group', id: g.groupId }, 'Team', ALLOW_S3);
      await iam.attachPolicy(a, { type: 'group', id: g.groupId }, p.arn);
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      const eff = await iam.effectivePoliciesForUser(a, 'ALICE');
      assert.deepEqual(eff.identity.map((x) => x.name).sort(), ['group/devs inline Team', p.arn, 'user/alice inline Mine'].sort());
      assert.equal(eff.identity.find((x) => x.name === p.arn)!.document, TRUST);
      assert.equal(eff.boundary!.name, ADMIN_ARN);
      assert.deepEqual(await iam.effectivePoliciesForUser(a, 'nobody'), { identity: [] });
    }));

    it('gathers a role\'s effective policies', withStore(async ({ iam, a }) => {
      const r = await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      await iam.putInlinePolicy({ type: 'role', id: r.roleId }, 'Inline', ALLOW_S3);
      await iam.attachPolicy(a, { type: 'role', id: r.roleId }, ADMIN_ARN);
      const eff = await iam.effectivePoliciesForRole(a, 'r');
      assert.deepEqual(eff.identity.map((x) => x.name), ['role/r inline Inline', ADMIN_ARN]);
      assert.equal(eff.boundary, undefined);
    }));

    it('deleting a user or role takes its inline policies, attachments and memberships with it', withStore(async ({ iam, a }) => {
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const u = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const g = await iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      await iam.addUserToGroup(g.groupId, u.userId);
      await iam.putInlinePolicy({ type: 'user', id: u.userId }, 'x', ALLOW_S3);
      await iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      await iam.deleteUser(u.userId);
      assert.equal(await iam.getUser(a, 'u'), undefined);
      assert.deepEqual(await iam.listUsersInGroup(g.groupId), []);
      assert.equal((await iam.getPolicy(p.arn))!.attachmentCount, 0);
      const again = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      assert.notEqual(again.userId, u.userId);
      assert.deepEqual(await iam.listInlinePolicies({ type: 'user', id: again.userId }), []);
      const r = await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      await iam.putInlinePolicy({ type: 'role', id: r.roleId }, 'x', ALLOW_S3);
      await iam.attachPolicy(a, { type: 'role', id: r.roleId }, p.arn);
      await iam.attachPolicy(a, { type: 'group', id: g.groupId }, p.arn);
      await iam.putInlinePolicy({ type: 'group', id: g.groupId }, 'x', ALLOW_S3);
      await iam.deleteRole(r.roleId);
      assert.equal(await iam.getRoleById(r.roleId), undefined);
      assert.deepEqual(await iam.listInlinePolicies({ type: 'role', id: r.roleId }), []);
      assert.deepEqual(await iam.listAttachedPolicies({ type: 'role', id: r.roleId }), []);
      assert.equal((await iam.getPolicy(p.arn))!.attachmentCount, 1);
      await iam.deleteGroup(g.groupId);
      assert.deepEqual(await iam.listInlinePolicies({ type: 'group', id: g.groupId }), []);
      assert.equal((await iam.getPolicy(p.arn))!.attachmentCount, 0);
    }));

    it('counts AWS managed policies used as boundaries per account, and lists attached policies by name', withStore(async ({ iam, a, b }) => {
      await iam.createUser({ accountId: a, userName: 'u', path: '/', permissionsBoundaryArn: ADMIN_ARN, tags: [] });
      const r = await iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      await iam.setRolePermissionsBoundary(r.roleId, ADMIN_ARN);
      assert.equal((await iam.getPolicyInAccount(a, ADMIN_ARN))!.permissionsBoundaryUsageCount, 2);
      assert.equal((await iam.getPolicyInAccount(b, ADMIN_ARN))!.permissionsBoundaryUsageCount, 0);
      assert.equal((await iam.listPolicies(a)).find((x) => x.arn === ADMIN_ARN)!.permissionsBoundaryUsageCount, 2);
      const mine = await iam.createPolicy({ accountId: a, policyName: 'Zeta', path: '/', document: ALLOW_S3, tags: [] });
      const ref = { type: 'role', id: r.roleId } as const;
      await iam.attachPolicy(a, ref, mine.arn);
      await iam.attachPolicy(a, ref, ADMIN_ARN);
      assert.deepEqual((await iam.listAttachedPolicies(ref)).map((x) => x.policyName), ['AdministratorAccess', 'Zeta']);
      assert.deepEqual((await iam.listEntitiesForPolicy(b, ADMIN_ARN)).roles, []);
      assert.deepEqual((await iam.listEntitiesForPolicy(a, ADMIN_ARN)).roles.map((x) => x.roleId), [r.roleId]);
    }));

    it('refuses to change what does not exist', withStore(async ({ iam, a }) => {
      await assert.rejects(iam.updateUser('AIDANOSUCHUSER000000', { path: '/x/' }));
      await assert.rejects(iam.updateGroup('AGPANOSUCHGROUP00000', { path: '/x/' }));
      await assert.rejects(iam.updateRole('AROANOSUCHROLE000000', { maxSessionDuration: 3600 }));
      const missing = `arn:aws:iam::${a}:policy/missing`;
      await assert.rejects(iam.createPolicyVersion(missing, ALLOW_S3, true));
      await assert.rejects(iam.setDefaultPolicyVersion(missing, 'v1'));
      await assert.rejects(iam.deletePolicyVersion(missing, 'v1'));
      assert.deepEqual(await iam.listUsers(a), []);
    }));

    it('lets one of several concurrent creates of a name win and tells the others the name is taken', withStore(async ({ iam, a }) => {
      const names = ['Dup', 'dup', 'DUP', 'dUp'];
      const results = await Promise.allSettled(names.map((userName) => iam.createUser({ accountId: a, userName, path: '/', tags: [] })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof IamNameTakenError, String(r.reason));
      assert.equal((await iam.listUsers(a)).length, 1);
    }));

    it('gives concurrent new versions of one policy distinct ids', withStore(async ({ iam, a }) => {
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const made = await Promise.all([1, 2, 3, 4].map(() => iam.createPolicyVersion(p.arn, TRUST, false)));
      assert.deepEqual(made.map((v) => v.versionId).sort(), ['v2', 'v3', 'v4', 'v5']);
      assert.deepEqual((await iam.listPolicyVersions(p.arn)).map((v) => v.versionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
    }));

    it('moves its revision on every write that changes what it stores, by the time the write returns', withStore(async ({ iam, a }) => {
      const moves = async (write: () => Promise<unknown>): Promise<boolean> => {
        const before = iam.revision();
        await write();
        return iam.revision() !== before;
      };
      // Before any IAM write: no change notice can be on its way yet.
      const before = iam.revision();
      await iam.listUsers(a);
      await iam.getPolicy(ADMIN_ARN);
      await iam.effectivePoliciesForUser(a, 'nobody');
      assert.equal(iam.revision(), before, 'reads leave it alone');
      let user: { userId: string } | undefined;
      assert.ok(await moves(async () => { user = await iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] }); }));
      const ref = { type: 'user', id: user!.userId } as const;
      const p = await iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const g = await iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      assert.ok(await moves(() => iam.putInlinePolicy(ref, 'i', ALLOW_S3)));
      assert.ok(await moves(() => iam.attachPolicy(a, ref, p.arn)));
      assert.ok(await moves(() => iam.createPolicyVersion(p.arn, TRUST, false)));
      assert.ok(await moves(() => iam.setDefaultPolicyVersion(p.arn, 'v2')));
      assert.ok(await moves(() => iam.addUserToGroup(g.groupId, user!.userId)));
      assert.ok(await moves(() => iam.setUserPermissionsBoundary(user!.userId, ADMIN_ARN)));
      assert.ok(await moves(() => iam.detachPolicy(ref, p.arn)));
      assert.ok(await moves(() => iam.deleteUser(user!.userId)));
    }));
  });
}
