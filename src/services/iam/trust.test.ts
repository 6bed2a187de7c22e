import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/errors.js';
import type { IamReader, IamRole, IamUser } from '../../storage/iam.js';
import { bindTrustPrincipals, displayedTrustPolicy } from './trust.js';

function reader(users: IamUser[], roles: IamRole[] = []): IamReader {
  return {
    getUser: async (a, n) => users.find((u) => u.accountId === a && u.userName.toLowerCase() === n.toLowerCase()),
    getUserById: async (id) => users.find((u) => u.userId === id),
    getRole: async (a, n) => roles.find((r) => r.accountId === a && r.roleName.toLowerCase() === n.toLowerCase()),
    getRoleById: async (id) => roles.find((r) => r.roleId === id),
    getPolicy: async () => undefined,
    getPolicyVersion: async () => undefined,
    effectivePoliciesForUser: async () => ({ identity: [] }),
    effectivePoliciesForRole: async () => ({ identity: [] }),
    revision: () => 0,
  };
}

const user = (name: string, id: string, path = '/'): IamUser => ({
  accountId: '111111111111', userId: id, userName: name, path, arn: `arn:aws:iam::111111111111:user${path}${name}`, createDate: new Date(0), tags: [],
});

const trust = (aws: unknown, key = 'Principal') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', [key]: { AWS: aws }, Action: 'sts:AssumeRole' }] });

function role(document: string, bindings: Record<string, string>): IamRole {
  return {
    accountId: '222222222222', roleId: 'AROAROLE', roleName: 'r', path: '/', arn: 'arn:aws:iam::222222222222:role/r', createDate: new Date(0),
    maxSessionDuration: 3600, assumeRolePolicyDocument: document, trustPrincipalBindings: bindings, tags: [],
  };
}

describe('trust principal binding', () => {
  const alice = user('alice', 'AIDAALICE', '/team/');

  it('binds existing users by ARN (path included), in Principal and NotPrincipal, lists or strings', async () => {
    const iam = reader([alice]);
    assert.deepEqual(await bindTrustPrincipals(iam, trust([alice.arn, '111111111111', 'arn:aws:iam::111111111111:root', '*'])), { [alice.arn]: 'AIDAALICE' });
    assert.deepEqual(await bindTrustPrincipals(iam, trust(alice.arn, 'NotPrincipal')), { [alice.arn]: 'AIDAALICE' });
  });

  it('refuses a missing user, or one at another path, with AWS\'s message', async () => {
    const iam = reader([alice]);
    for (const arn of ['arn:aws:iam::111111111111:user/alice', 'arn:aws:iam::111111111111:role/ghost']) {
      await assert.rejects(bindTrustPrincipals(iam, trust(arn)), (e: unknown) => e instanceof AwsError && e.code === 'MalformedPolicyDocument' && e.message === `Invalid principal in policy: "AWS":"${arn}"`);
    }
  });

  it('shows the stored document untouched while bindings hold', async () => {
    const doc = trust(alice.arn).replace('{', '{ ');
    assert.equal(await displayedTrustPolicy(reader([alice]), role(doc, { [alice.arn]: 'AIDAALICE' })), doc);
  });

  it('shows the bound unique id once the user is gone or re-created', async () => {
    const doc = trust([alice.arn, '111111111111']);
    const gone = JSON.parse(await displayedTrustPolicy(reader([]), role(doc, { [alice.arn]: 'AIDAALICE' })));
    assert.deepEqual(gone.Statement[0].Principal.AWS, ['AIDAALICE', '111111111111']);
    const recreated = JSON.parse(await displayedTrustPolicy(reader([user('alice', 'AIDANEW', '/team/')]), role(doc, { [alice.arn]: 'AIDAALICE' })));
    assert.deepEqual(recreated.Statement[0].Principal.AWS, ['AIDAALICE', '111111111111']);
  });

  it('shows a renamed user\'s current ARN', async () => {
    const renamed = user('alicia', 'AIDAALICE', '/');
    const shown = JSON.parse(await displayedTrustPolicy(reader([renamed]), role(trust(alice.arn), { [alice.arn]: 'AIDAALICE' })));
    assert.equal(shown.Statement[0].Principal.AWS, renamed.arn);
  });
});
