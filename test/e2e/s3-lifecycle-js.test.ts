import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketLifecycleCommand, DeleteObjectCommand, GetBucketLifecycleConfigurationCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { fails } from './s3-objects-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * S3 lifecycle (issue 16): the configuration's round trip and S3's refusals, and its rules
 * carried out as the server clock moves — current objects expired (a delete marker where the
 * bucket is versioned), noncurrent versions and expired delete markers removed, incomplete
 * multipart uploads aborted, locked versions left alone (JS SDK v3).
 */
describe('S3 lifecycle on the server clock (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  /** The server clock's offset: the client signs with the same, or it is too skewed. */
  let offset = 0;
  const c = () => new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: a, forcePathStyle: true, maxAttempts: 1, systemClockOffset: offset });
  const advance = async (ms: number) => {
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey(), clockOffsetMs: offset }).call('AdvanceClock', { Milliseconds: ms });
    offset += ms;
  };
  /** Waits (generously: passes run every 100 ms) until `done` holds. */
  const eventually = async (what: string, done: () => Promise<boolean>) => {
    const until = Date.now() + 60_000;
    while (!(await done())) {
      if (Date.now() > until) assert.fail(`not within a minute: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const keys = async (bucket: string) => ((await c().send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

  before(async () => {
    server = await ServerProcess.start({ testClock: true, env: { SAGELITE_LIFECYCLE_MS: '100' } });
    a = createAccount(server.dataDir, 'lifecycle-a');
  });
  after(() => server.stop());

  it('keeps a configuration, answers it back, and refuses what S3 refuses', async () => {
    await c().send(new CreateBucketCommand({ Bucket: 'lc-config' }));
    await fails(c().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-config' })), 'NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
    const rules = [
      { ID: 'logs', Status: 'Enabled' as const, Filter: { Prefix: 'logs/' }, Expiration: { Days: 7 } },
      { ID: 'dated', Status: 'Disabled' as const, Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'a', Value: 'b' }] } }, Expiration: { Date: new Date('2031-01-01T00:00:00Z') } },
      { ID: 'uploads', Status: 'Enabled' as const, Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } },
    ];
    const put = await c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-config', LifecycleConfiguration: { Rules: rules } }));
    assert.equal(put.TransitionDefaultMinimumObjectSize, 'all_storage_classes_128K');
    const got = (await c().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-config' }))).Rules!;
    assert.deepEqual(got.map((r) => [r.ID, r.Status, r.Expiration?.Days, r.Expiration?.Date?.toISOString(), r.AbortIncompleteMultipartUpload?.DaysAfterInitiation]), [
      ['logs', 'Enabled', 7, undefined, undefined], ['dated', 'Disabled', undefined, '2031-01-01T00:00:00.000Z', undefined], ['uploads', 'Enabled', undefined, undefined, 3],
    ]);
    await fails(
      c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-config', LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Filter: {}, Expiration: { Days: 0 } }] } })),
      'InvalidArgument', 400,
    );
    await fails(
      c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-config', LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Filter: {}, Expiration: { Date: new Date('2031-01-01T06:00:00Z') } }] } })),
      'InvalidArgument', 400, "'Date' must be at midnight GMT",
    );
    // A transition's Date is held to what an expiration's is.
    await fails(
      c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-config', LifecycleConfiguration: { Rules: [{ ID: 't', Status: 'Enabled', Filter: {}, Transitions: [{ Date: new Date('2031-01-01T06:00:00Z'), StorageClass: 'GLACIER' }] }] } })),
      'InvalidArgument', 400, "'Date' must be at midnight GMT",
    );
    // A rule sent without an ID is given one, as S3 does.
    await c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-config', LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 31 } }] } }));
    const [generated] = (await c().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-config' }))).Rules!;
    assert.match(generated!.ID ?? '', /^[A-Za-z0-9+/]{40,}={0,2}$/);
    await c().send(new DeleteBucketLifecycleCommand({ Bucket: 'lc-config' }));
    await fails(c().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-config' })), 'NoSuchLifecycleConfiguration', 404);
  });

  it('expires current objects a rule selects once the clock passes their day, and says when in x-amz-expiration', async () => {
    await c().send(new CreateBucketCommand({ Bucket: 'lc-plain' }));
    for (const key of ['logs/a', 'logs/b', 'keep/c']) await c().send(new PutObjectCommand({ Bucket: 'lc-plain', Key: key, Body: key }));
    await c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-plain', LifecycleConfiguration: { Rules: [{ ID: 'two-days', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } }] } }));
    const head = await c().send(new HeadObjectCommand({ Bucket: 'lc-plain', Key: 'logs/a' }));
    assert.match(head.Expiration!, /^expiry-date="[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} 00:00:00 GMT", rule-id="two-days"$/);
    assert.equal((await c().send(new HeadObjectCommand({ Bucket: 'lc-plain', Key: 'keep/c' }))).Expiration, undefined);
    await advance(1 * DAY);
    // A pass has run at the new time (100 ms apart); the objects are not due yet.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await keys('lc-plain'), ['keep/c', 'logs/a', 'logs/b']);
    await advance(2 * DAY);
    await eventually('logs/ expired', async () => (await keys('lc-plain')).length === 1);
    assert.deepEqual(await keys('lc-plain'), ['keep/c']);
  });

  it('in a versioned bucket: a marker for the expired, noncurrent versions removed past their days (the newest kept), lone markers removed', async () => {
    await c().send(new CreateBucketCommand({ Bucket: 'lc-versions' }));
    await c().send(new PutBucketVersioningCommand({ Bucket: 'lc-versions', VersioningConfiguration: { Status: 'Enabled' } }));
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await c().send(new PutObjectCommand({ Bucket: 'lc-versions', Key: 'k', Body: `v${i}` }))).VersionId!);
    await c().send(new PutObjectCommand({ Bucket: 'lc-versions', Key: 'gone', Body: 'x' }));
    await c().send(new DeleteObjectCommand({ Bucket: 'lc-versions', Key: 'gone' }));
    await c().send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'lc-versions',
      LifecycleConfiguration: {
        Rules: [
          { ID: 'noncurrent', Status: 'Enabled', Filter: { Prefix: 'k' }, NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 } },
          { ID: 'markers', Status: 'Enabled', Filter: { Prefix: 'gone' }, Expiration: { ExpiredObjectDeleteMarker: true } },
          { ID: 'noncurrent-gone', Status: 'Enabled', Filter: { Prefix: 'gone' }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
        ],
      },
    }));
    await advance(3 * DAY);
    const versionsOf = async (key: string) => {
      const out = await c().send(new ListObjectVersionsCommand({ Bucket: 'lc-versions', Prefix: key }));
      return [...(out.Versions ?? []).map((v) => v.VersionId), ...(out.DeleteMarkers ?? []).map((m) => `DM:${m.VersionId}`)];
    };
    await eventually('old versions of k removed', async () => (await versionsOf('k')).length === 2);
    assert.deepEqual(await versionsOf('k'), [ids[3], ids[2]], 'the current version and the one newest noncurrent one are kept');
    await eventually('the lone marker of gone removed', async () => (await versionsOf('gone')).length === 0);

    await c().send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'lc-versions', LifecycleConfiguration: { Rules: [{ ID: 'all', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }] } }));
    await advance(2 * DAY);
    await eventually('k hidden by a marker', async () => (await keys('lc-versions')).length === 0);
    const listed = await c().send(new ListObjectVersionsCommand({ Bucket: 'lc-versions', Prefix: 'k' }));
    assert.equal(listed.DeleteMarkers?.[0]?.IsLatest, true, 'expiring a versioned object adds a delete marker');
    assert.equal(listed.Versions?.length, 2, 'and keeps its versions');
    await fails(c().send(new GetObjectCommand({ Bucket: 'lc-versions', Key: 'k' })), 'NoSuchKey', 404);
  });

  it('aborts incomplete multipart uploads after their days; leaves versions under Object Lock', async () => {
    await c().send(new CreateBucketCommand({ Bucket: 'lc-uploads', ObjectLockEnabledForBucket: true }));
    await c().send(new CreateMultipartUploadCommand({ Bucket: 'lc-uploads', Key: 'big' }));
    const locked = (await c().send(new PutObjectCommand({
      Bucket: 'lc-uploads', Key: 'locked', Body: 'old', ObjectLockLegalHoldStatus: 'ON', ChecksumAlgorithm: 'CRC32',
    }))).VersionId!;
    await c().send(new PutObjectCommand({ Bucket: 'lc-uploads', Key: 'locked', Body: 'new' }));
    await c().send(new PutBucketLifecycleConfigurationCommand({
      Bucket: 'lc-uploads',
      LifecycleConfiguration: { Rules: [{ ID: 'r', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }] },
    }));
    await advance(3 * DAY);
    await eventually('the upload aborted', async () => ((await c().send(new ListMultipartUploadsCommand({ Bucket: 'lc-uploads' }))).Uploads ?? []).length === 0);
    const versions = (await c().send(new ListObjectVersionsCommand({ Bucket: 'lc-uploads' }))).Versions!.map((v) => v.VersionId);
    assert.ok(versions.includes(locked), 'a version under legal hold outlives its noncurrent days');
  });
});
