import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectLegalHoldCommand, GetObjectLockConfigurationCommand, GetObjectRetentionCommand, HeadObjectCommand,
  PutBucketVersioningCommand, PutObjectCommand, S3Client, PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand, PutObjectRetentionCommand, GetBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { fails, s3 } from './s3-objects-helpers.js';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;
const DAY = 24 * 60 * 60 * 1000;
const PROTECTED = 'Access Denied because object protected by object lock.';

/**
 * S3 Object Lock (issue 16): buckets created with it, default retention, GOVERNANCE and
 * COMPLIANCE retention and legal holds enforced on deletes of versions, the bypass header with
 * its permission, and the server clock moving a retention past its date (JS SDK v3).
 */
describe('S3 Object Lock (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    a = createAccount(server.dataDir, 'object-lock-a');
  });
  after(() => server.stop());

  it('a bucket created with Object Lock is versioned, cannot be suspended, and has a lock configuration', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'lock-made', ObjectLockEnabledForBucket: true }));
    assert.equal((await c.send(new GetBucketVersioningCommand({ Bucket: 'lock-made' }))).Status, 'Enabled');
    assert.deepEqual((await c.send(new GetObjectLockConfigurationCommand({ Bucket: 'lock-made' }))).ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled' });
    await fails(c.send(new PutBucketVersioningCommand({ Bucket: 'lock-made', VersioningConfiguration: { Status: 'Suspended' } })), 'InvalidBucketState', 409);
    await c.send(new CreateBucketCommand({ Bucket: 'lock-none' }));
    await fails(c.send(new GetObjectLockConfigurationCommand({ Bucket: 'lock-none' })), 'ObjectLockConfigurationNotFoundError', 404, 'Object Lock configuration does not exist for this bucket');
    await fails(c.send(new PutObjectLockConfigurationCommand({ Bucket: 'lock-none', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })), 'InvalidBucketState', 409);
    await c.send(new PutObjectCommand({ Bucket: 'lock-none', Key: 'k', Body: 'x' }));
    await fails(c.send(new GetObjectRetentionCommand({ Bucket: 'lock-none', Key: 'k' })), 'InvalidRequest', 400, 'Bucket is missing Object Lock Configuration');
    await fails(
      c.send(new PutObjectCommand({ Bucket: 'lock-none', Key: 'k2', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(Date.now() + DAY) })),
      'InvalidRequest', 400, 'Bucket is missing Object Lock Configuration',
    );
  });

  it('COMPLIANCE retention and legal holds refuse deleting the version; a delete marker is still allowed', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'lock-comp', ObjectLockEnabledForBucket: true }));
    const until = new Date(Date.now() + 2 * DAY);
    const put = await c.send(new PutObjectCommand({ Bucket: 'lock-comp', Key: 'k', Body: 'kept', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }));
    const head = await c.send(new HeadObjectCommand({ Bucket: 'lock-comp', Key: 'k' }));
    assert.equal(head.ObjectLockMode, 'COMPLIANCE');
    assert.equal(head.ObjectLockRetainUntilDate!.toISOString(), until.toISOString());
    await fails(c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'k', VersionId: put.VersionId! })), 'AccessDenied', 403, PROTECTED);
    await fails(c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'k', VersionId: put.VersionId!, BypassGovernanceRetention: true })), 'AccessDenied', 403, PROTECTED);
    await fails(
      c.send(new PutObjectRetentionCommand({ Bucket: 'lock-comp', Key: 'k', VersionId: put.VersionId!, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + DAY) } })),
      'AccessDenied', 403, PROTECTED,
    );
    await c.send(new PutObjectRetentionCommand({ Bucket: 'lock-comp', Key: 'k', VersionId: put.VersionId!, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + 3 * DAY) } }));
    const marker = await c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'k' }));
    assert.equal(marker.DeleteMarker, true, 'a delete marker hides a locked version without removing it');
    await c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'k', VersionId: marker.VersionId! }));

    const held = await c.send(new PutObjectCommand({ Bucket: 'lock-comp', Key: 'held', Body: 'h', ObjectLockLegalHoldStatus: 'ON', ChecksumAlgorithm: 'CRC32' }));
    assert.deepEqual((await c.send(new GetObjectLegalHoldCommand({ Bucket: 'lock-comp', Key: 'held' }))).LegalHold, { Status: 'ON' });
    await fails(c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'held', VersionId: held.VersionId! })), 'AccessDenied', 403, PROTECTED);
    await c.send(new PutObjectLegalHoldCommand({ Bucket: 'lock-comp', Key: 'held', VersionId: held.VersionId!, LegalHold: { Status: 'OFF' } }));
    await c.send(new DeleteObjectCommand({ Bucket: 'lock-comp', Key: 'held', VersionId: held.VersionId! }));
  });

  it('GOVERNANCE retention yields to the bypass header only with s3:BypassGovernanceRetention; the refusal is explained', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'lock-gov', ObjectLockEnabledForBucket: true }));
    await c.send(new PutObjectLockConfigurationCommand({
      Bucket: 'lock-gov', ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
    }));
    assert.deepEqual((await c.send(new GetObjectLockConfigurationCommand({ Bucket: 'lock-gov' }))).ObjectLockConfiguration!.Rule, { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } });
    const v = (await c.send(new PutObjectCommand({ Bucket: 'lock-gov', Key: 'k', Body: 'g' }))).VersionId!;
    const retention = (await c.send(new GetObjectRetentionCommand({ Bucket: 'lock-gov', Key: 'k', VersionId: v }))).Retention!;
    assert.equal(retention.Mode, 'GOVERNANCE', 'the bucket default applies');
    const days = (retention.RetainUntilDate!.getTime() - Date.now()) / DAY;
    assert.ok(days > 0.9 && days <= 1.01, `about a day ahead: ${days}`);

    const plain = await userWith(server.url, a, 'gov-deleter', policy({ Effect: 'Allow', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: '*' }));
    await fails(s3(server.url, plain).send(new DeleteObjectCommand({ Bucket: 'lock-gov', Key: 'k', VersionId: v })), 'AccessDenied', 403, PROTECTED);
    const refused = await fails(s3(server.url, plain).send(new DeleteObjectCommand({ Bucket: 'lock-gov', Key: 'k', VersionId: v, BypassGovernanceRetention: true })), 'AccessDenied', 403);
    assert.match(sagelite(['explain', requestIdOf(refused), '--endpoint', server.url, '--data-dir', server.dataDir]), /s3:BypassGovernanceRetention/);
    const bypasser = await userWith(server.url, a, 'gov-bypasser', policy({ Effect: 'Allow', Action: ['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention'], Resource: '*' }));
    await s3(server.url, bypasser).send(new DeleteObjectCommand({ Bucket: 'lock-gov', Key: 'k', VersionId: v, BypassGovernanceRetention: true }));
    await fails(c.send(new HeadObjectCommand({ Bucket: 'lock-gov', Key: 'k', VersionId: v })), 'NotFound', 404);
  });

  it('a retention stops protecting once the server clock passes its date', async () => {
    const c = s3(server.url, a);
    await c.send(new CreateBucketCommand({ Bucket: 'lock-clock', ObjectLockEnabledForBucket: true }));
    const v = (await c.send(new PutObjectCommand({
      Bucket: 'lock-clock', Key: 'k', Body: 'c', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(Date.now() + DAY), ChecksumAlgorithm: 'CRC32',
    }))).VersionId!;
    await fails(c.send(new DeleteObjectCommand({ Bucket: 'lock-clock', Key: 'k', VersionId: v })), 'AccessDenied', 403, PROTECTED);
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey() }).call('AdvanceClock', { Milliseconds: 2 * DAY });
    // The client's clock follows the server's, or its signatures are too far from the server's time.
    const later = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: a, forcePathStyle: true, maxAttempts: 1, systemClockOffset: 2 * DAY });
    await later.send(new DeleteObjectCommand({ Bucket: 'lock-clock', Key: 'k', VersionId: v }));
  });
});
