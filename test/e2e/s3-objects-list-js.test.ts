import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, GetObjectTaggingCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, PutObjectTaggingCommand,
  DeleteObjectTaggingCommand, GetObjectAclCommand, PutObjectAclCommand, S3Client, paginateListObjectsV2, PutBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { fails, s3 } from './s3-objects-helpers.js';

describe('S3 listing, tagging and object ACLs with the JS SDK v3', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let client: S3Client;
  const bucket = 'listing';
  const keys = ['a.txt', 'photos/2006/jan.jpg', 'photos/2006/feb.jpg', 'photos/2007/x.jpg', 'photos/index.html', 'z ü+.txt'];

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'listing');
    client = s3(server.url, a);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const Key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    await client.send(new CreateBucketCommand({ Bucket: 'many' }));
    await Promise.all(Array.from({ length: 25 }, (_, i) => client.send(new PutObjectCommand({ Bucket: 'many', Key: `k${String(i).padStart(2, '0')}`, Body: 'x' }))));
  });
  after(() => server.stop());

  it('ListObjectsV2 rolls keys up under a delimiter; KeyCount counts keys and prefixes', async () => {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    assert.deepEqual(out.Contents?.map((o) => o.Key), ['a.txt', 'z ü+.txt']);
    assert.deepEqual(out.CommonPrefixes?.map((p) => p.Prefix), ['photos/']);
    assert.deepEqual([out.KeyCount, out.IsTruncated, out.MaxKeys, out.Name], [3, false, 1000, bucket]);
    assert.equal(out.Contents?.[0]?.Owner, undefined);
    const inside = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'photos/', Delimiter: '/', FetchOwner: true }));
    assert.deepEqual(inside.CommonPrefixes?.map((p) => p.Prefix), ['photos/2006/', 'photos/2007/']);
    assert.deepEqual(inside.Contents?.map((o) => [o.Key, o.Size, o.StorageClass]), [['photos/index.html', 17, 'STANDARD']]);
    assert.equal(inside.Contents?.[0]?.Owner?.ID, a.canonicalUserId);
  });

  it('ListObjectsV2 pages with continuation tokens and StartAfter; the SDK paginator sees every key once', async () => {
    const first = await client.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 10 }));
    assert.deepEqual([first.KeyCount, first.IsTruncated], [10, true]);
    const second = await client.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 10, ContinuationToken: first.NextContinuationToken }));
    assert.equal(second.Contents?.[0]?.Key, 'k10');
    assert.equal(second.ContinuationToken, first.NextContinuationToken);
    const seen: string[] = [];
    for await (const page of paginateListObjectsV2({ client, pageSize: 7 }, { Bucket: 'many' })) seen.push(...(page.Contents ?? []).map((o) => o.Key!));
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    const after = await client.send(new ListObjectsV2Command({ Bucket: 'many', StartAfter: 'k22' }));
    assert.deepEqual(after.Contents?.map((o) => o.Key), ['k23', 'k24']);
    await fails(client.send(new ListObjectsV2Command({ Bucket: 'many', ContinuationToken: 'bogus' })), 'InvalidArgument', 400, 'The continuation token provided is incorrect');
  });

  it('ListObjects (v1): Marker, MaxKeys, NextMarker only with a delimiter, Owner on every entry', async () => {
    const page = await client.send(new ListObjectsCommand({ Bucket: 'many', MaxKeys: 5 }));
    assert.deepEqual([page.Contents?.length, page.IsTruncated, page.NextMarker, page.Marker], [5, true, undefined, '']);
    assert.equal(page.Contents?.[0]?.Owner?.ID, a.canonicalUserId);
    const next = await client.send(new ListObjectsCommand({ Bucket: 'many', Marker: page.Contents![4]!.Key, MaxKeys: 5 }));
    assert.equal(next.Contents?.[0]?.Key, 'k05');
    const grouped = await client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual([grouped.Contents?.map((o) => o.Key), grouped.CommonPrefixes?.map((p) => p.Prefix), grouped.NextMarker], [['a.txt'], ['photos/'], 'photos/']);
    const rest = await client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', Marker: grouped.NextMarker }));
    assert.deepEqual([rest.Contents?.map((o) => o.Key), rest.CommonPrefixes, rest.IsTruncated], [['z ü+.txt'], undefined, false]);
  });

  it('EncodingType=url encodes keys and prefixes in the answer', async () => {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'z', EncodingType: 'url' }));
    assert.equal(out.EncodingType, 'url');
    assert.equal(out.Contents?.[0]?.Key, 'z+%C3%BC%2B.txt');
  });

  it('object tags: put, get, delete; more than 10 is refused', async () => {
    const TagSet = [{ Key: 'team', Value: 'ml' }, { Key: 'stage', Value: 'dev' }];
    await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt', Tagging: { TagSet } }));
    assert.deepEqual((await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }))).TagSet, TagSet);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 'x', Tagging: 'a=1&b=two%20words' }));
    assert.deepEqual((await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }]);
    assert.equal((await client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }))).$metadata.httpStatusCode, 204);
    assert.deepEqual((await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }))).TagSet, []);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await fails(client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt', Tagging: { TagSet: eleven } })), 'BadRequest', 400, 'Object tags cannot be greater than 10');
    await fails(client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'none' })), 'NoSuchKey', 404);
  });

  it('object ACLs under BucketOwnerEnforced: readable, but only bucket-owner-full-control may be written', async () => {
    const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'a.txt' }));
    assert.equal(acl.Owner?.ID, a.canonicalUserId);
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID, g.Permission]), [[a.canonicalUserId, 'FULL_CONTROL']]);
    await fails(client.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'a.txt', ACL: 'public-read' })), 'AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
    await fails(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'public-read' })), 'AccessControlListNotSupported', 400);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'bucket-owner-full-control' }));
  });

  it('object ACLs under ObjectWriter: canned and header grants are kept, shown, and decide access', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'acls', ObjectOwnership: 'ObjectWriter' }));
    await client.send(new DeletePublicAccessBlockCommand({ Bucket: 'acls' }));
    await client.send(new PutObjectCommand({ Bucket: 'acls', Key: 'open', Body: 'for everyone', ACL: 'public-read' }));
    const acl = await client.send(new GetObjectAclCommand({ Bucket: 'acls', Key: 'open' }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.ID ?? g.Grantee?.URI, g.Permission]), [
      [a.canonicalUserId, 'FULL_CONTROL'],
      ['http://acs.amazonaws.com/groups/global/AllUsers', 'READ'],
    ]);
    const anonymous = await fetch(`${server.url}/acls/open`);
    assert.deepEqual([anonymous.status, await anonymous.text()], [200, 'for everyone']);
    await client.send(new PutObjectAclCommand({ Bucket: 'acls', Key: 'open', ACL: 'private' }));
    assert.equal((await fetch(`${server.url}/acls/open`)).status, 403);
    await client.send(new PutObjectAclCommand({ Bucket: 'acls', Key: 'open', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' }));
    assert.equal((await fetch(`${server.url}/acls/open`)).status, 200);
    await fails(client.send(new PutObjectAclCommand({ Bucket: 'acls', Key: 'open', GrantRead: 'id="0000"' })), 'InvalidArgument', 400);
    await client.send(new PutBucketOwnershipControlsCommand({ Bucket: 'acls', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    assert.equal((await fetch(`${server.url}/acls/open`)).status, 403, 'BucketOwnerEnforced: ACLs no longer count');
  });
});
