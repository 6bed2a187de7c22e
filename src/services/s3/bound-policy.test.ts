import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sessionPrincipal, userPrincipal, type Principal } from '../../core/principal.js';
import { boundPolicyForCaller } from './bound-policy.js';

const ACCT = '111111111111';
const arn = (name: string) => `arn:aws:iam::${ACCT}:user/${name}`;
const user = (name: string, id: string): Principal => userPrincipal({ accountId: ACCT, arn: arn(name), userId: id, userName: name }, 'AKIAX');
const grant = (...aws: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: aws.map((a, i) => ({ Sid: `s${i}`, Effect: 'Allow', Principal: { AWS: a }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })) });
const principals = (doc: string) => (JSON.parse(doc) as { Statement: Array<{ Principal: { AWS: string } }> }).Statement.map((s) => s.Principal.AWS);

describe('bucket policy as one caller is judged by it', () => {
  it('is the stored text and bindings for a caller not renamed, a session, or root', () => {
    const doc = grant(arn('alice'));
    const bindings = { [arn('alice')]: 'AIDAALICE' };
    for (const caller of [user('alice', 'AIDAALICE'), user('alice', 'AIDANEW'), user('bob', 'AIDABOB')]) {
      const out = boundPolicyForCaller(caller, doc, bindings);
      assert.equal(out.document, doc);
      assert.equal(out.principalBindings, bindings);
    }
    const session = sessionPrincipal(
      { sessionId: 's', accountId: ACCT, roleId: 'AROAR', roleArn: `arn:aws:iam::${ACCT}:role/R`, roleName: 'R', sessionName: 's', issuedAt: new Date(0), expiresAt: new Date(0), policyArns: [], tags: [], transitiveTagKeys: [], chained: false, assumedBy: arn('x') },
      'ASIAX',
    );
    assert.equal(boundPolicyForCaller(session, doc, bindings).document, doc);
  });

  it('names a renamed user by its current ARN, bound to its id', () => {
    const out = boundPolicyForCaller(user('alicia', 'AIDAALICE'), grant(arn('alice'), ACCT), { [arn('alice')]: 'AIDAALICE' });
    assert.deepEqual(principals(out.document), [arn('alicia'), ACCT]);
    assert.deepEqual(out.principalBindings, { [arn('alicia')]: 'AIDAALICE' });
  });

  it("shows an older entity that held the renamed user's new name by its id, which matches nobody", () => {
    // bob (AIDABOB) was renamed to alice after the first alice (AIDAOLD) was deleted.
    const out = boundPolicyForCaller(user('alice', 'AIDABOB'), grant(arn('alice'), arn('bob')), { [arn('alice')]: 'AIDAOLD', [arn('bob')]: 'AIDABOB' });
    assert.deepEqual(principals(out.document), ['AIDAOLD', arn('alice')]);
    assert.deepEqual(out.principalBindings, { [arn('alice')]: 'AIDABOB' });
  });
});
