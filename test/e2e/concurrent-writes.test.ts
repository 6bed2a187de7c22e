import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateUserCommand, ListAccessKeysCommand, ListPolicyVersionsCommand, ListUserTagsCommand, TagUserCommand,
} from '@aws-sdk/client-iam';
import {
  AddTagsCommand, CreateFeatureGroupCommand, DescribeFeatureGroupCommand, DescribeFeatureMetadataCommand, ListTagsCommand, SageMakerClient, UpdateFeatureGroupCommand,
  UpdateFeatureMetadataCommand,
} from '@aws-sdk/client-sagemaker';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient } from './iam-helpers.js';

/**
 * Requests that read, change and write back one item, sent at once: each lands on the item as the
 * one before it left it (in the shared test shape the connections spread over two server
 * processes, so the requests meet only in PostgreSQL).
 */
describe('concurrent changes to one item: none is lost, no quota is passed (JS SDK v3)', () => {
  let server: ServerProcess;
  let keys: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    keys = createAccount(server.dataDir);
  });
  after(() => server.stop());


  it('eight AddTags at once on one feature group keep all eight tags; feature additions, a TTL change and metadata parameters at once all land', async () => {
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    const out = await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'busy', RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 't',
      FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 't', FeatureType: 'Fractional' }],
      OnlineStoreConfig: { EnableOnlineStore: true },
    }));
    const keysToAdd = Array.from({ length: 8 }, (_, i) => `k${i}`);
    await Promise.all(keysToAdd.map((Key) => new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 })
      .send(new AddTagsCommand({ ResourceArn: out.FeatureGroupArn!, Tags: [{ Key, Value: 'v' }] }))));
    const tags = (await sm.send(new ListTagsCommand({ ResourceArn: out.FeatureGroupArn! }))).Tags!.map((t) => t.Key!);
    assert.deepEqual(tags.sort(), keysToAdd);

    const client = () => new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    await Promise.all([
      client().send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'busy', FeatureAdditions: [{ FeatureName: 'a', FeatureType: 'String' }] })),
      client().send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'busy', FeatureAdditions: [{ FeatureName: 'b', FeatureType: 'Integral' }] })),
      client().send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'busy', OnlineStoreConfig: { TtlDuration: { Unit: 'Hours', Value: 5 } } })),
    ]);
    const described = await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'busy' }));
    assert.deepEqual(described.FeatureDefinitions!.map((f) => f.FeatureName).sort(), ['a', 'b', 'id', 't']);
    assert.deepEqual(described.OnlineStoreConfig?.TtlDuration, { Unit: 'Hours', Value: 5 });

    const parameterKeys = ['owner', 'pii', 'source', 'unit', 'tier', 'sla'];
    await Promise.all(parameterKeys.map((Key) => client().send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'busy', FeatureName: 'id', ParameterAdditions: [{ Key, Value: 'v' }] }))));
    const metadata = await sm.send(new DescribeFeatureMetadataCommand({ FeatureGroupName: 'busy', FeatureName: 'id' }));
    assert.deepEqual(metadata.Parameters!.map((p) => p.Key).sort(), [...parameterKeys].sort());
  });

  it('five CreateAccessKey at once for one user: two keys, three LimitExceededException (IAM’s quota of 2); five TagUser at once: five tags; six CreatePolicyVersion at once: five versions in all', async () => {
    const iam = iamClient(server.url, keys);
    await iam.send(new CreateUserCommand({ UserName: 'keyholder' }));
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => iamClient(server.url, keys).send(new CreateAccessKeyCommand({ UserName: 'keyholder' }))));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        assert.equal((o.reason as Error).name, 'LimitExceededException');
        assert.match((o.reason as Error).message, /^Cannot exceed quota for AccessKeysPerUser: 2$/);
      }
    }
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'keyholder' }))).AccessKeyMetadata!.length, 2);

    // Five TagUser at once: all five tags.
    const tagKeys = ['t1', 't2', 't3', 't4', 't5'];
    await Promise.all(tagKeys.map((Key) => iamClient(server.url, keys).send(new TagUserCommand({ UserName: 'keyholder', Tags: [{ Key, Value: 'v' }] }))));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'keyholder' }))).Tags!.map((t) => t.Key).sort(), tagKeys);

    // Six CreatePolicyVersion at once on a policy with one version: four more, two LimitExceededException (five at most).
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'busy', PolicyDocument: document }));
    const versions = await Promise.allSettled(Array.from({ length: 6 }, () => iamClient(server.url, keys).send(new CreatePolicyVersionCommand({ PolicyArn: policy.Policy!.Arn!, PolicyDocument: document }))));
    assert.equal(versions.filter((o) => o.status === 'fulfilled').length, 4);
    for (const o of versions) if (o.status === 'rejected') assert.equal((o.reason as Error).name, 'LimitExceededException');
    assert.equal((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policy.Policy!.Arn! }))).Versions!.length, 5);
  });
});
