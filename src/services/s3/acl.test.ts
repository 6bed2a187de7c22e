import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/errors.js';
import type { Acl } from '../../storage/s3.js';
import { ALL_USERS, AUTHENTICATED_USERS, aclStatements, isOwnerFullControlOnly, ownerFullControl } from './acl.js';
import { cannedAcl, grantsFromHeaders, requestedAcl } from './acl-input.js';

const accounts: Record<string, string> = { 'canon-a': '111111111111', 'canon-b': '222222222222' };
const accountOf = (id: string) => accounts[id];

describe('S3 ACLs', () => {
  it('translates grants into resource-policy statements', () => {
    const acl: Acl = {
      ownerId: 'canon-a',
      grants: [
        ...ownerFullControl('canon-a').grants,
        { grantee: { type: 'CanonicalUser', id: 'canon-b' }, permission: 'READ' },
        { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ_ACP' },
        { grantee: { type: 'Group', uri: AUTHENTICATED_USERS }, permission: 'FULL_CONTROL' },
      ],
    };
    const st = aclStatements(acl, { kind: 'object', bucket: 'b', key: 'k' }, accountOf, { ignorePublic: false, skipAccount: '111111111111' });
    assert.equal(st.length, 3, 'the owner’s own grant is left to its identity policies');
    assert.deepEqual(st[0]!['Principal'], { AWS: '222222222222' });
    assert.deepEqual(st[0]!['Action'], ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:GetObjectVersionAttributes']);
    assert.deepEqual(st[0]!['Resource'], ['arn:aws:s3:::b/k']);
    assert.equal(st[1]!['Principal'], '*');
    assert.deepEqual(st[1]!['Action'], ['s3:GetObjectAcl', 's3:GetObjectVersionAcl']);
    assert.deepEqual(st[2]!['Condition'], { Null: { 'aws:PrincipalAccount': 'false' } });
    assert.ok((st[2]!['Action'] as string[]).includes('s3:PutObjectAcl'));
    const ignoring = aclStatements(acl, { kind: 'object', bucket: 'b', key: 'k' }, accountOf, { ignorePublic: true, skipAccount: '111111111111' });
    assert.equal(ignoring.length, 1);
  });

  it('maps bucket permissions to bucket actions (WRITE lets the grantee write objects)', () => {
    const acl: Acl = { ownerId: 'canon-a', grants: [{ grantee: { type: 'CanonicalUser', id: 'canon-b' }, permission: 'WRITE' }] };
    const [st] = aclStatements(acl, { kind: 'bucket', bucket: 'b' }, accountOf, { ignorePublic: false });
    assert.ok((st!['Action'] as string[]).includes('s3:PutObject'));
    assert.deepEqual(st!['Resource'], ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
  });

  it('expands canned ACLs', () => {
    assert.deepEqual(cannedAcl('private', 'canon-a'), ownerFullControl('canon-a'));
    assert.equal(cannedAcl('public-read', 'canon-a').grants[1]!.permission, 'READ');
    assert.deepEqual(cannedAcl('bucket-owner-full-control', 'canon-b', 'canon-a').grants[1], { grantee: { type: 'CanonicalUser', id: 'canon-a' }, permission: 'FULL_CONTROL' });
    assert.throws(() => cannedAcl('nope', 'canon-a'), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
  });

  it('reads grant headers and refuses mixing ways of setting an ACL', () => {
    assert.deepEqual(grantsFromHeaders({ GrantRead: 'id="canon-b", uri="http://acs.amazonaws.com/groups/global/AllUsers"' }), [
      { grantee: { type: 'CanonicalUser', id: 'canon-b' }, permission: 'READ' },
      { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' },
    ]);
    assert.throws(() => requestedAcl({ ACL: 'private', GrantRead: 'id="canon-b"' }, 'canon-a'), (e: unknown) => e instanceof AwsError && e.code === 'InvalidRequest');
    assert.throws(() => grantsFromHeaders({ GrantRead: 'nonsense' }), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
  });

  it('knows which ACLs BucketOwnerEnforced accepts', () => {
    assert.ok(isOwnerFullControlOnly(cannedAcl('private', 'canon-a'), 'canon-a'));
    assert.ok(isOwnerFullControlOnly(cannedAcl('bucket-owner-full-control', 'canon-b', 'canon-a'), 'canon-a'));
    assert.ok(!isOwnerFullControlOnly(cannedAcl('private', 'canon-b'), 'canon-a'));
    assert.ok(!isOwnerFullControlOnly(cannedAcl('public-read', 'canon-a'), 'canon-a'));
  });
});
