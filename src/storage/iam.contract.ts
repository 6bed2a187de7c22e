import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountStore } from './accounts.js';
import { IamNameTakenError, type IamStore } from './iam.js';

/** A fresh store pair over one empty database, and how to let it go. */
export interface IamStoreFixture {
  iam: IamStore;
  accounts: AccountStore;
  close(): void;
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
export function runIamStoreContract(implementation: string, open: () => IamStoreFixture): void {
  const withStore = (fn: (f: IamStoreFixture & { a: string; b: string }) => void) => () => {
    const f = open();
    try {
      const a = f.accounts.createAccount({}).account.accountId;
      const b = f.accounts.createAccount({}).account.accountId;
      fn({ ...f, a, b });
    } finally {
      f.close();
    }
  };

  describe(`IamStore contract: ${implementation}`, () => {
    it('creates users with AIDA ids and ARNs, finds them by name without regard to case and by id', withStore(({ iam, a }) => {
      const u = iam.createUser({ accountId: a, userName: 'Alice', path: '/eng/', tags: [{ Key: 'team', Value: 'ml' }] });
      assert.match(u.userId, /^AIDA[A-Z2-7]{16}$/);
      assert.equal(u.arn, `arn:aws:iam::${a}:user/eng/Alice`);
      assert.deepEqual(iam.getUser(a, 'alice'), u);
      assert.deepEqual(iam.getUserById(u.userId), u);
      assert.deepEqual(u.tags, [{ Key: 'team', Value: 'ml' }]);
    }));

    it('keeps names unique per account without regard to case, and separate across accounts', withStore(({ iam, a, b }) => {
      iam.createUser({ accountId: a, userName: 'alice', path: '/', tags: [] });
      assert.throws(() => iam.createUser({ accountId: a, userName: 'ALICE', path: '/x/', tags: [] }), IamNameTakenError);
      assert.ok(iam.createUser({ accountId: b, userName: 'alice', path: '/', tags: [] }));
      iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      assert.throws(
        () => iam.createRole({ accountId: a, roleName: 'R', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] }),
        IamNameTakenError,
      );
      iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      assert.throws(() => iam.createGroup({ accountId: a, groupName: 'Devs', path: '/' }), IamNameTakenError);
      iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      assert.throws(() => iam.createPolicy({ accountId: a, policyName: 'P', path: '/other/', document: ALLOW_S3, tags: [] }), IamNameTakenError);
    }));

    it('renames and moves a user, keeping its id; the old name is free again', withStore(({ iam, a }) => {
      const u = iam.createUser({ accountId: a, userName: 'bob', path: '/', tags: [] });
      iam.createUser({ accountId: a, userName: 'carol', path: '/', tags: [] });
      const moved = iam.updateUser(u.userId, { userName: 'robert', path: '/ops/' });
      assert.equal(moved.userId, u.userId);
      assert.equal(moved.arn, `arn:aws:iam::${a}:user/ops/robert`);
      assert.equal(iam.getUser(a, 'bob'), undefined);
      assert.throws(() => iam.updateUser(u.userId, { userName: 'Carol' }), IamNameTakenError);
      assert.ok(iam.createUser({ accountId: a, userName: 'bob', path: '/', tags: [] }));
    }));

    it('lists users by name, filtered by path prefix', withStore(({ iam, a, b }) => {
      for (const [n, p] of [['zed', '/'], ['Amy', '/eng/'], ['bea', '/eng/ml/']] as const) iam.createUser({ accountId: a, userName: n, path: p, tags: [] });
      iam.createUser({ accountId: b, userName: 'other', path: '/', tags: [] });
      assert.deepEqual(iam.listUsers(a).map((u) => u.userName), ['Amy', 'bea', 'zed']);
      assert.deepEqual(iam.listUsers(a, '/eng/').map((u) => u.userName), ['Amy', 'bea']);
      assert.deepEqual(iam.listUsers(a, '/eng/ml').map((u) => u.userName), ['bea']);
    }));

    it('manages groups and memberships', withStore(({ iam, a }) => {
      const g = iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      assert.match(g.groupId, /^AGPA/);
      assert.equal(g.arn, `arn:aws:iam::${a}:group/devs`);
      const u = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      iam.addUserToGroup(g.groupId, u.userId);
      iam.addUserToGroup(g.groupId, u.userId);
      assert.deepEqual(iam.listUsersInGroup(g.groupId).map((x) => x.userName), ['u']);
      assert.deepEqual(iam.listGroupsForUser(u.userId).map((x) => x.groupName), ['devs']);
      assert.equal(iam.removeUserFromGroup(g.groupId, u.userId), true);
      assert.equal(iam.removeUserFromGroup(g.groupId, u.userId), false);
      const renamed = iam.updateGroup(g.groupId, { groupName: 'developers', path: '/x/' });
      assert.equal(renamed.arn, `arn:aws:iam::${a}:group/x/developers`);
      iam.deleteGroup(g.groupId);
      assert.equal(iam.getGroup(a, 'developers'), undefined);
      assert.deepEqual(iam.listGroups(a), []);
    }));

    it('stores roles with their trust policy, bindings, boundary, tags and last use', withStore(({ iam, a }) => {
      const r = iam.createRole({
        accountId: a, roleName: 'Exec', path: '/service/', description: 'd', maxSessionDuration: 7200,
        assumeRolePolicyDocument: TRUST, trustPrincipalBindings: { 'arn:aws:iam::1:user/x': 'AIDAX' }, permissionsBoundaryArn: ADMIN_ARN, tags: [],
      });
      assert.match(r.roleId, /^AROA/);
      assert.equal(r.arn, `arn:aws:iam::${a}:role/service/Exec`);
      assert.deepEqual(r.trustPrincipalBindings, { 'arn:aws:iam::1:user/x': 'AIDAX' });
      assert.equal(r.permissionsBoundaryArn, ADMIN_ARN);
      iam.updateAssumeRolePolicy(r.roleId, ALLOW_S3, {});
      iam.setRoleTags(r.roleId, [{ Key: 'k', Value: 'v' }]);
      iam.setRolePermissionsBoundary(r.roleId, undefined);
      const updated = iam.updateRole(r.roleId, { maxSessionDuration: 3600 });
      assert.equal(updated.description, 'd');
      assert.equal(updated.maxSessionDuration, 3600);
      assert.equal(updated.assumeRolePolicyDocument, ALLOW_S3);
      assert.deepEqual(updated.trustPrincipalBindings, {});
      assert.deepEqual(updated.tags, [{ Key: 'k', Value: 'v' }]);
      assert.equal(updated.permissionsBoundaryArn, undefined);
      assert.equal(iam.getRoleLastUsed(r.roleId), undefined);
      const at = new Date('2026-01-02T03:04:05.000Z');
      iam.recordRoleUsed(r.roleId, at, 'eu-west-1');
      assert.deepEqual(iam.getRoleLastUsed(r.roleId), { lastUsedDate: at, region: 'eu-west-1' });
      assert.deepEqual(iam.getRole(a, 'exec'), iam.getRoleById(r.roleId));
      assert.deepEqual(iam.listRoles(a, '/service/').map((x) => x.roleName), ['Exec']);
      assert.deepEqual(iam.listRoles(a, '/other/'), []);
      const other = iam.createRole({ accountId: a, roleName: 'o', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: { x: 'AIDAONE' }, tags: [] });
      assert.deepEqual(iam.rolesTrusting('AIDAONE').map((x) => x.roleId), [other.roleId]);
      assert.deepEqual(iam.rolesTrusting('AIDAX'), []);
    }));

    it('puts, replaces, lists and deletes inline policies per entity', withStore(({ iam, a }) => {
      const u = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const ref = { type: 'user', id: u.userId } as const;
      iam.putInlinePolicy(ref, 'b', ALLOW_S3);
      iam.putInlinePolicy(ref, 'a', TRUST);
      iam.putInlinePolicy(ref, 'a', ALLOW_S3);
      assert.deepEqual(iam.listInlinePolicies(ref), [{ policyName: 'a', document: ALLOW_S3 }, { policyName: 'b', document: ALLOW_S3 }]);
      assert.deepEqual(iam.getInlinePolicy(ref, 'a'), { policyName: 'a', document: ALLOW_S3 });
      assert.equal(iam.getInlinePolicy({ type: 'role', id: u.userId }, 'a'), undefined);
      assert.equal(iam.deleteInlinePolicy(ref, 'a'), true);
      assert.equal(iam.deleteInlinePolicy(ref, 'a'), false);
    }));

    it('versions managed policies: v1 default, next ids never reused, newest first', withStore(({ iam, a }) => {
      const p = iam.createPolicy({ accountId: a, policyName: 'p', path: '/team/', description: 'desc', document: ALLOW_S3, tags: [{ Key: 'a', Value: 'b' }] });
      assert.match(p.policyId, /^ANPA/);
      assert.equal(p.arn, `arn:aws:iam::${a}:policy/team/p`);
      assert.equal(p.defaultVersionId, 'v1');
      assert.equal(p.description, 'desc');
      assert.equal(p.isAttachable, true);
      const v2 = iam.createPolicyVersion(p.arn, TRUST, false);
      assert.equal(v2.versionId, 'v2');
      iam.createPolicyVersion(p.arn, TRUST, true);
      assert.equal(iam.getPolicy(p.arn)!.defaultVersionId, 'v3');
      iam.deletePolicyVersion(p.arn, 'v2');
      assert.equal(iam.createPolicyVersion(p.arn, ALLOW_S3, false).versionId, 'v4');
      assert.deepEqual(iam.listPolicyVersions(p.arn).map((v) => [v.versionId, v.isDefaultVersion]), [['v4', false], ['v3', true], ['v1', false]]);
      iam.setDefaultPolicyVersion(p.arn, 'v1');
      assert.equal(iam.getPolicyVersion(p.arn, 'v1')!.isDefaultVersion, true);
      assert.equal(iam.getPolicyVersion(p.arn, 'v2'), undefined);
      iam.setPolicyTags(p.arn, []);
      assert.deepEqual(iam.getPolicy(p.arn)!.tags, []);
      iam.deletePolicy(p.arn);
      assert.equal(iam.getPolicy(p.arn), undefined);
      assert.deepEqual(iam.listPolicyVersions(p.arn), []);
    }));

    it('serves AWS managed policies in every account, read-only, counting attachments per account', withStore(({ iam, a, b }) => {
      const admin = iam.getPolicy(ADMIN_ARN)!;
      assert.equal(admin.accountId, '');
      assert.equal(admin.policyName, 'AdministratorAccess');
      assert.match(admin.policyId, /^ANPA[A-Z2-7]{16}$/);
      const v = iam.getPolicyVersion(ADMIN_ARN, admin.defaultVersionId)!;
      assert.equal(v.isDefaultVersion, true);
      assert.deepEqual(JSON.parse(v.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      assert.deepEqual(iam.listPolicyVersions(ADMIN_ARN).map((x) => x.versionId), [admin.defaultVersionId]);
      const u = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      iam.attachPolicy(a, { type: 'user', id: u.userId }, ADMIN_ARN);
      assert.equal(iam.getPolicyInAccount(a, ADMIN_ARN)!.attachmentCount, 1);
      assert.equal(iam.getPolicyInAccount(b, ADMIN_ARN)!.attachmentCount, 0);
      assert.ok(iam.listPolicies(b).some((p) => p.arn === ADMIN_ARN));
      assert.ok(iam.listPolicies(b).some((p) => p.arn === 'arn:aws:iam::aws:policy/AmazonSageMakerFeatureStoreAccess'));
    }));

    it('attaches and detaches managed policies, counting attachments and boundary uses', withStore(({ iam, a }) => {
      const p = iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const u = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const g = iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      const r = iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      iam.attachPolicy(a, { type: 'group', id: g.groupId }, p.arn);
      iam.attachPolicy(a, { type: 'role', id: r.roleId }, p.arn);
      iam.setRolePermissionsBoundary(r.roleId, p.arn);
      const seen = iam.getPolicy(p.arn)!;
      assert.equal(seen.attachmentCount, 3);
      assert.equal(seen.permissionsBoundaryUsageCount, 1);
      const entities = iam.listEntitiesForPolicy(a, p.arn);
      assert.deepEqual([entities.users.map((x) => x.userName), entities.groups.map((x) => x.groupName), entities.roles.map((x) => x.roleName)], [['u'], ['g'], ['r']]);
      assert.deepEqual(iam.listAttachedPolicies({ type: 'role', id: r.roleId }).map((x) => x.arn), [p.arn]);
      assert.equal(iam.detachPolicy({ type: 'user', id: u.userId }, p.arn), true);
      assert.equal(iam.detachPolicy({ type: 'user', id: u.userId }, p.arn), false);
      assert.equal(iam.listPolicies(a).find((x) => x.arn === p.arn)!.attachmentCount, 2);
    }));

    it('gathers a user\'s effective policies: own and groups\' inline and attached defaults, and the boundary', withStore(({ iam, a }) => {
      const p = iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      iam.createPolicyVersion(p.arn, TRUST, true);
      const u = iam.createUser({ accountId: a, userName: 'alice', path: '/', permissionsBoundaryArn: ADMIN_ARN, tags: [] });
      const g = iam.createGroup({ accountId: a, groupName: 'devs', path: '/' });
      iam.addUserToGroup(g.groupId, u.userId);
      iam.putInlinePolicy({ type: 'user', id: u.userId }, 'Mine', ALLOW_S3);
      iam.putInlinePolicy({ type: 'group', id: g.groupId }, 'Team', ALLOW_S3);
      iam.attachPolicy(a, { type: 'group', id: g.groupId }, p.arn);
      iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      const eff = iam.effectivePoliciesForUser(a, 'ALICE');
      assert.deepEqual(eff.identity.map((x) => x.name).sort(), ['group/devs inline Team', p.arn, 'user/alice inline Mine'].sort());
      assert.equal(eff.identity.find((x) => x.name === p.arn)!.document, TRUST);
      assert.equal(eff.boundary!.name, ADMIN_ARN);
      assert.deepEqual(iam.effectivePoliciesForUser(a, 'nobody'), { identity: [] });
    }));

    it('gathers a role\'s effective policies', withStore(({ iam, a }) => {
      const r = iam.createRole({ accountId: a, roleName: 'r', path: '/', maxSessionDuration: 3600, assumeRolePolicyDocument: TRUST, trustPrincipalBindings: {}, tags: [] });
      iam.putInlinePolicy({ type: 'role', id: r.roleId }, 'Inline', ALLOW_S3);
      iam.attachPolicy(a, { type: 'role', id: r.roleId }, ADMIN_ARN);
      const eff = iam.effectivePoliciesForRole(a, 'r');
      assert.deepEqual(eff.identity.map((x) => x.name), ['role/r inline Inline', ADMIN_ARN]);
      assert.equal(eff.boundary, undefined);
    }));

    it('deleting a user or role takes its inline policies, attachments and memberships with it', withStore(({ iam, a }) => {
      const p = iam.createPolicy({ accountId: a, policyName: 'p', path: '/', document: ALLOW_S3, tags: [] });
      const u = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      const g = iam.createGroup({ accountId: a, groupName: 'g', path: '/' });
      iam.addUserToGroup(g.groupId, u.userId);
      iam.putInlinePolicy({ type: 'user', id: u.userId }, 'x', ALLOW_S3);
      iam.attachPolicy(a, { type: 'user', id: u.userId }, p.arn);
      iam.deleteUser(u.userId);
      assert.equal(iam.getUser(a, 'u'), undefined);
      assert.deepEqual(iam.listUsersInGroup(g.groupId), []);
      assert.equal(iam.getPolicy(p.arn)!.attachmentCount, 0);
      const again = iam.createUser({ accountId: a, userName: 'u', path: '/', tags: [] });
      assert.notEqual(again.userId, u.userId);
      assert.deepEqual(iam.listInlinePolicies({ type: 'user', id: again.userId }), []);
    }));
  });
}
