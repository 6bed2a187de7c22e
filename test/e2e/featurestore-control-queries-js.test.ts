import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTagsCommand, CreateFeatureGroupCommand, DeleteTagsCommand, DescribeFeatureMetadataCommand, ListFeatureGroupsCommand, ListTagsCommand, SageMakerClient,
  SearchCommand, UpdateFeatureGroupCommand, UpdateFeatureMetadataCommand, type CreateFeatureGroupCommandInput,
} from '@aws-sdk/client-sagemaker';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError } from './iam-helpers.js';

const sagemaker = (url: string, c: { accessKeyId: string; secretAccessKey: string }, offset = 0) =>
  new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1, systemClockOffset: offset });

/** An online-only group (no role needed) with two features. */
const onlineGroup = (name: string, tags: Array<{ Key: string; Value: string }> = []): CreateFeatureGroupCommandInput => ({
  FeatureGroupName: name, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts',
  FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'String' }],
  OnlineStoreConfig: { EnableOnlineStore: true }, Tags: tags,
});

describe('SageMaker feature groups: listing, search, metadata and tags (JS SDK v3)', () => {
  let server: ServerProcess;
  let b: AccountKeys;
  let sm: SageMakerClient;
  let created: Date[] = [];

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    b = createAccount(server.dataDir);
    const admin = new AdminClient({ endpoint: server.url, credentials: server.operatorKey() });
    // Four groups a minute apart (the test clock moves the server; the client follows it).
    let offset = 0;
    for (const [name, team] of [['orders', 'sales'], ['Customers', 'ml'], ['customer-events', 'ml'], ['payments', 'sales']] as const) {
      const out = await sagemaker(server.url, b, offset).send(new CreateFeatureGroupCommand(onlineGroup(name, [{ Key: 'team', Value: team }])));
      assert.ok(out.FeatureGroupArn);
      await admin.call('AdvanceClock', { Milliseconds: 60_000 });
      offset += 60_000;
    }
    sm = sagemaker(server.url, b, offset);
    created = (await sm.send(new ListFeatureGroupsCommand({ SortOrder: 'Ascending' }))).FeatureGroupSummaries!.map((s) => s.CreationTime!);
  });
  after(() => server.stop());

  it('lists newest first by default, filters, sorts and pages', async () => {
    const names = async (input: NonNullable<ConstructorParameters<typeof ListFeatureGroupsCommand>[0]>) =>
      (await sm.send(new ListFeatureGroupsCommand(input))).FeatureGroupSummaries!.map((s) => s.FeatureGroupName);
    assert.deepEqual(await names({}), ['payments', 'customer-events', 'Customers', 'orders']);
    assert.deepEqual(await names({ SortBy: 'Name', SortOrder: 'Ascending' }), ['customer-events', 'Customers', 'orders', 'payments']);
    assert.deepEqual(await names({ NameContains: 'CUSTOMER' }), ['customer-events', 'Customers']);
    assert.deepEqual(await names({ CreationTimeAfter: created[1], CreationTimeBefore: created[3] }), ['customer-events']);
    assert.deepEqual(await names({ FeatureGroupStatusEquals: 'Creating' }), []);
    assert.deepEqual(await names({ OfflineStoreStatusEquals: 'Active' }), [], 'online-only groups have no offline store status');

    const first = await sm.send(new ListFeatureGroupsCommand({ MaxResults: 3, SortBy: 'CreationTime', SortOrder: 'Ascending' }));
    assert.deepEqual(first.FeatureGroupSummaries!.map((s) => s.FeatureGroupName), ['orders', 'Customers', 'customer-events']);
    const summary = first.FeatureGroupSummaries![0]!;
    assert.deepEqual(Object.keys(summary).sort(), ['CreationTime', 'FeatureGroupArn', 'FeatureGroupName', 'FeatureGroupStatus']);
    const second = await sm.send(new ListFeatureGroupsCommand({ MaxResults: 3, SortBy: 'CreationTime', SortOrder: 'Ascending', NextToken: first.NextToken }));
    assert.deepEqual(second.FeatureGroupSummaries!.map((s) => s.FeatureGroupName), ['payments']);
    assert.equal(second.NextToken, undefined);
    await assertAwsError(sm.send(new ListFeatureGroupsCommand({ NextToken: 'bm90IG91cnM=' })), 'ValidationException', 400, /NextToken .* is not valid for ListFeatureGroups/);
    await assertAwsError(sm.send(new ListFeatureGroupsCommand({ MaxResults: 101 })), 'ValidationException', 400, /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100/);
  });

  it('searches feature groups with filters, nested filters, Or expressions, sorting, paging and TotalHits', async () => {
    const search = async (input: Omit<ConstructorParameters<typeof SearchCommand>[0], 'Resource'>) => sm.send(new SearchCommand({ Resource: 'FeatureGroup', ...input }));
    const names = (out: Awaited<ReturnType<typeof search>>) => out.Results!.map((r) => r.FeatureGroup!.FeatureGroupName);
    const ml = await search({ SearchExpression: { Filters: [{ Name: 'Tags.team', Operator: 'Equals', Value: 'ml' }] }, SortBy: 'FeatureGroupName', SortOrder: 'Ascending' });
    assert.deepEqual(names(ml), ['customer-events', 'Customers']);
    assert.deepEqual(ml.TotalHits, { Value: 2, Relation: 'EqualTo' });
    assert.deepEqual(ml.Results![0]!.FeatureGroup!.Tags, [{ Key: 'team', Value: 'ml' }]);
    assert.equal(ml.Results![0]!.FeatureGroup!.FeatureGroupStatus, 'Created');
    assert.deepEqual(names(await search({})), ['payments', 'customer-events', 'Customers', 'orders'], 'newest LastModifiedTime first');
    const or = await search({ SearchExpression: { Operator: 'Or', Filters: [{ Name: 'FeatureGroupName', Operator: 'Contains', Value: 'pay' }, { Name: 'FeatureGroupName', Value: 'orders' }] } });
    assert.deepEqual(names(or), ['payments', 'orders']);
    const nested = await search({ SearchExpression: { NestedFilters: [{ NestedPropertyName: 'FeatureDefinitions', Filters: [{ Name: 'FeatureDefinitions.FeatureName', Value: 'id' }, { Name: 'FeatureDefinitions.FeatureType', Value: 'Integral' }] }] } });
    assert.deepEqual(names(nested), []);
    const since = await search({ SearchExpression: { Filters: [{ Name: 'CreationTime', Operator: 'GreaterThanOrEqualTo', Value: created[2]!.toISOString() }] } });
    assert.deepEqual(names(since), ['payments', 'customer-events']);
    const page1 = await search({ MaxResults: 3 });
    const page2 = await search({ MaxResults: 3, NextToken: page1.NextToken });
    assert.deepEqual([...names(page1), ...names(page2)], ['payments', 'customer-events', 'Customers', 'orders']);
    assert.deepEqual((await sm.send(new SearchCommand({ Resource: 'TrainingJob' }))).Results, []);
  });

  it('describes and updates feature metadata, and finds features by their parameters', async () => {
    const d = await sm.send(new DescribeFeatureMetadataCommand({ FeatureGroupName: 'Customers', FeatureName: 'id' }));
    assert.equal(d.FeatureGroupArn, `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers`);
    assert.deepEqual([d.FeatureGroupName, d.FeatureName, d.FeatureType, d.Description, d.Parameters], ['Customers', 'id', 'String', undefined, []]);
    assert.deepEqual(d.CreationTime, created[1]);
    await sm.send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'id', Description: 'customer id', ParameterAdditions: [{ Key: 'pii', Value: 'no' }, { Key: 'owner', Value: 'ml-team' }] }));
    await sm.send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'id', ParameterAdditions: [{ Key: 'pii', Value: 'yes' }], ParameterRemovals: ['owner', 'absent'] }));
    const after = await sm.send(new DescribeFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'id' }));
    assert.equal(after.Description, 'customer id');
    assert.deepEqual(after.Parameters, [{ Key: 'pii', Value: 'yes' }]);
    assert.ok(after.LastModifiedTime! >= after.CreationTime!);

    const found = await sm.send(new SearchCommand({ Resource: 'FeatureMetadata', SearchExpression: { Filters: [{ Name: 'Parameters.pii', Value: 'yes' }] } }));
    assert.deepEqual(found.Results!.map((r) => [r.FeatureMetadata!.FeatureGroupName, r.FeatureMetadata!.FeatureName]), [['Customers', 'id']]);

    await sm.send(new UpdateFeatureGroupCommand({ FeatureGroupName: 'orders', FeatureAdditions: [{ FeatureName: 'total', FeatureType: 'Fractional' }] }));
    const added = await sm.send(new DescribeFeatureMetadataCommand({ FeatureGroupName: 'orders', FeatureName: 'total' }));
    assert.equal(added.FeatureType, 'Fractional');
    assert.ok(added.CreationTime! > created[0]!, 'an added feature is as old as its addition');

    await assertAwsError(sm.send(new DescribeFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'nope' })), 'ResourceNotFound', 400,
      "Resource Not Found: Amazon SageMaker can't find a Feature with name nope in FeatureGroup Customers");
    await assertAwsError(sm.send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'gone', FeatureName: 'id' })), 'ResourceNotFound', 400, /FeatureGroup with name gone$/);
    await assertAwsError(sm.send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'id', ParameterAdditions: [{ Key: 'x', Value: '1' }], ParameterRemovals: ['x'] })),
      'ValidationException', 400, /The parameter x cannot be both added and removed/);
    const many = Array.from({ length: 25 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assertAwsError(sm.send(new UpdateFeatureMetadataCommand({ FeatureGroupName: 'customers', FeatureName: 'id', ParameterAdditions: many })), 'ValidationException', 400, /at most 25 parameters; this request would give it 26/);
  });

  it('adds, lists and deletes tags on a feature group ARN', async () => {
    const arn = `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/payments`;
    const added = await sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'finance' }, { Key: 'tier', Value: 'gold' }] }));
    assert.deepEqual(added.Tags, [{ Key: 'team', Value: 'finance' }, { Key: 'tier', Value: 'gold' }]);
    assert.deepEqual((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, added.Tags);
    await sm.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ['team', 'absent'] }));
    assert.deepEqual((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, [{ Key: 'tier', Value: 'gold' }]);
    const tagsOfMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assertAwsError(sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: tagsOfMany })), 'ValidationException', 400, /at most 50 tags; this request would give it 51/);
    await assertAwsError(sm.send(new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:owner', Value: 'x' }] })), 'ValidationException', 400, /'aws:' are reserved/);
    for (const missing of [`arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/nope`, `arn:aws:sagemaker:us-east-1:${b.accountId}:training-job/job`]) {
      await assertAwsError(sm.send(new ListTagsCommand({ ResourceArn: missing })), 'ValidationException', 400, 'Resource does not exist');
    }
  });

  it('refuses the 101st feature group of an account and region with ResourceLimitExceeded', async () => {
    const other = createAccount(server.dataDir);
    const client = sagemaker(server.url, other, 240_000);
    await Promise.all(Array.from({ length: 100 }, (_, i) => client.send(new CreateFeatureGroupCommand(onlineGroup(`g${i}`)))));
    await assertAwsError(client.send(new CreateFeatureGroupCommand(onlineGroup('one-too-many'))), 'ResourceLimitExceeded', 400,
      "The account-level service limit 'Maximum number of feature groups' is 100 FeatureGroups, with current utilization of 100 FeatureGroups and a request delta of 1 FeatureGroups. " +
        'Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.');
    assert.equal((await sm.send(new ListFeatureGroupsCommand({ MaxResults: 100 }))).FeatureGroupSummaries!.length, 4, 'another account’s groups are not listed');
  });
});
