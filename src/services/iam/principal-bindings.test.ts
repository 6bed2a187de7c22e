import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IamReader, IamRole, IamUser } from '../../storage/iam.js';
import { bindPrincipals, displayedPolicy } from './principal-bindings.js';

const A = '111111111111';
const B = '222222222222';

function reader(users: IamUser[], roles: IamRole[]): IamReader {
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

const user = (account: string, name: string, id: string): IamUser => ({ accountId: account, userId: id, userName: name, path: '/', arn: `arn:aws:iam::${account}:user/${name}`, createDate: new Date(0), tags: [] });
const role = (account: string, name: string, id: string, path = '/'): IamRole => ({
  accountId: account, roleId: id, roleName: name, path, arn: `arn:aws:iam::${account}:role${path}${name}`, createDate: new Date(0),
  maxSessionDuration: 3600, assumeRolePolicyDocument: '{}', trustPrincipalBindings: {}, tags: [],
});

const bucketPolicy = (principal: Record<string, unknown>, notPrincipal?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ...(notPrincipal ? [{ Effect: 'Deny', NotPrincipal: notPrincipal, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] : []),
    ],
  });

const missing = (v: string) => new Error(`missing ${v}`);

describe('binding policy principals to unique ids', () => {
  const reporter = role(A, 'reporter', 'AROAREPORTER', '/team/');
  const carol = user(B, 'carol', 'AIDACAROL');
  const iam = reader([carol], [reporter]);

  it('binds user and role ARNs of any account, in Principal and NotPrincipal; accounts, root, sessions, services and * stay unbound', async () => {
    const doc = bucketPolicy(
      { AWS: [reporter.arn, A, `arn:aws:iam::${B}:root`, `arn:aws:sts::${A}:assumed-role/reporter/s`, '*'], Service: 'athena.amazonaws.com' },
      { AWS: [carol.arn, B] },
    );
    assert.deepEqual(await bindPrincipals(iam, doc, missing), { [reporter.arn]: 'AROAREPORTER', [carol.arn]: 'AIDACAROL' });
  });

  it('reports an ARN naming no entity (a role at another path included) through the caller\'s error', async () => {
    for (const ghost of [`arn:aws:iam::${A}:role/reporter`, `arn:aws:iam::${B}:user/ghost`]) {
      await assert.rejects(bindPrincipals(iam, bucketPolicy({ AWS: ghost }), missing), { message: `missing ${ghost}` });
    }
  });

  it('shows the document as stored while its principals are the bound entities, and a gone one by its id', async () => {
    const doc = bucketPolicy({ AWS: [reporter.arn, carol.arn] });
    const bindings = { [reporter.arn]: 'AROAREPORTER', [carol.arn]: 'AIDACAROL' };
    assert.equal(await displayedPolicy(iam, doc, bindings), doc);
    const recreated = reader([user(B, 'carol', 'AIDANEWCAROL')], []);
    const shown = JSON.parse(await displayedPolicy(recreated, doc, bindings)) as { Statement: Array<{ Principal: { AWS: string[] } }> };
    assert.deepEqual(shown.Statement[0]!.Principal.AWS, ['AROAREPORTER', 'AIDACAROL']);
  });
});
