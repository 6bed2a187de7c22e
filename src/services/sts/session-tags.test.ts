import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AwsError } from '../../core/errors.js';
import type { RoleSession } from '../../core/principal.js';
import { mergeSessionTags, packedPolicySize } from './session-tags.js';

const incoming = (tags: Array<[string, string]>, transitive: string[]): RoleSession => ({
  sessionId: 's',
  accountId: '111122223333',
  roleId: 'AROAAAAAAAAAAAAAAAAA',
  roleArn: 'arn:aws:iam::111122223333:role/R',
  roleName: 'R',
  sessionName: 'x',
  issuedAt: new Date(0),
  expiresAt: new Date(3_600_000),
  policyArns: [],
  tags: tags.map(([Key, Value]) => ({ Key, Value })),
  transitiveTagKeys: transitive,
  chained: false,
  assumedBy: 'arn:aws:iam::111122223333:user/u',
});

describe('session tags', () => {
  it('carries only transitive tags into a chained session, and adds the requested ones', () => {
    const out = mergeSessionTags(incoming([['Project', 'a'], ['Cost', 'b']], ['project']), [{ Key: 'team', Value: 'ml' }], []);
    assert.deepEqual(out.tags, [{ Key: 'Project', Value: 'a' }, { Key: 'team', Value: 'ml' }]);
    assert.deepEqual(out.transitiveTagKeys, ['project']);
  });

  it('refuses to override an inherited transitive key, whatever its case', () => {
    assert.throws(() => mergeSessionTags(incoming([['Project', 'a']], ['project']), [{ Key: 'PROJECT', Value: 'b' }], []), (e: AwsError) => e.code === 'InvalidParameterValue');
  });

  it('refuses duplicate keys that differ only in case, and transitive keys that are not requested tags', () => {
    assert.throws(() => mergeSessionTags(undefined, [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }], []), (e: AwsError) => e.code === 'InvalidParameterValue');
    assert.throws(() => mergeSessionTags(undefined, [{ Key: 'a', Value: '1' }], ['b']), (e: AwsError) => e.code === 'InvalidParameterValue');
  });
});

describe('packed policy size', () => {
  it('is 0 without session policies or tags, small for a small policy, and over 100 for incompressible bulk', () => {
    assert.equal(packedPolicySize(undefined, [], []), 0);
    const small = packedPolicySize('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}', [], []);
    assert.ok(small > 0 && small < 20, String(small));
    // Hex digests do not compress: 50 tags of them overflow the allotment.
    const random = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: createHash('sha256').update(String(i)).digest('hex') }));
    assert.ok(packedPolicySize(undefined, [], random) > 100);
  });
});
