import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptResourceShareInvitationCommand, AssociateResourceShareCommand, AssociateResourceSharePermissionCommand, CreateResourceShareCommand, DeleteResourceShareCommand,
  DisassociateResourceShareCommand, GetPermissionCommand, GetResourceShareAssociationsCommand, GetResourceShareInvitationsCommand, GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand, ListPermissionsCommand, ListPrincipalsCommand, ListResourcesCommand, ListResourceSharePermissionsCommand, ListResourceTypesCommand,
  RAMClient, RejectResourceShareInvitationCommand, UpdateResourceShareCommand,
} from '@aws-sdk/client-ram';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, ListResourceCatalogsCommand, SageMakerClient, SearchCommand, UpdateFeatureGroupCommand } from '@aws-sdk/client-sagemaker';
import { BatchGetRecordCommand, GetRecordCommand, ListRecordsCommand, PutRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, userWith } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const R = 'us-east-1';
const READ_ONLY = 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly';
const READ_WRITE = 'arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadWrite';
const CATALOG_SEARCH = 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerCatalogResourceSearch';
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const T = String(Math.floor(Date.now() / 1000));

/**
 * Sharing feature groups through AWS RAM, as AWS recommends: B shares a group with A; A's own
 * identity (no AssumeRole) reads and writes it by ARN only while the share holds, as far as the
 * share's permission and A's own policies both allow; a third account gets nothing. RAM's
 * lifecycle (create, invite, accept, list, disassociate, delete) and its errors (JS SDK v3).
 */
describe('RAM: sharing feature groups and the feature group catalog across accounts (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let c: AccountKeys;
  let ramB: RAMClient;
  let ramA: RAMClient;
  let ramC: RAMClient;
  let consumer: Creds;
  let groupArn: string;
  let shareArn: string;
  let offsetMs = 0;
  const ram = (k: Creds) => new RAMClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1, systemClockOffset: offsetMs });
  const sm = (k: Creds) => new SageMakerClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1, systemClockOffset: offsetMs });
  const rt = (k: Creds) => new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: R, credentials: k, maxAttempts: 1, systemClockOffset: offsetMs });
  const get = (k: Creds, id = '1') => rt(k).send(new GetRecordCommand({ FeatureGroupName: groupArn, RecordIdentifierValueAsString: id }));
  const put = (k: Creds, id: string) => rt(k).send(new PutRecordCommand({ FeatureGroupName: groupArn, Record: [{ FeatureName: 'id', ValueAsString: id }, { FeatureName: 'ts', ValueAsString: T }] }));

  /** A user of `account` whose own policy allows every SageMaker action on B's groups: what A's administrator grants its consumers. */
  const userIn = (account: AccountKeys, name: string, document?: string): Promise<Creds> => userWith(server.url, account, name, document);
  const onBGroups = () => policy({ Effect: 'Allow', Action: 'sagemaker:*', Resource: `arn:aws:sagemaker:${R}:${b.accountId}:feature-group/*` }, { Effect: 'Allow', Action: ['ram:*', 'sagemaker:Search'], Resource: '*' });

  before(async () => {
    server = await ServerProcess.start({ testClock: true });
    a = createAccount(server.dataDir, 'ram-consumer-a');
    b = createAccount(server.dataDir, 'ram-owner-b');
    c = createAccount(server.dataDir, 'ram-third-c');
    ramB = ram(b);
    ramA = ram(a);
    ramC = ram(c);
    for (const name of ['Customers', 'private']) {
      await sm(b).send(new CreateFeatureGroupCommand({
        FeatureGroupName: name, RecordIdentifierFeatureName: 'id', EventTimeFeatureName: 'ts', Tags: [{ Key: 'team', Value: 'ml' }],
        FeatureDefinitions: [{ FeatureName: 'id', FeatureType: 'String' }, { FeatureName: 'ts', FeatureType: 'Fractional' }],
        OnlineStoreConfig: { EnableOnlineStore: true },
      }));
    }
    groupArn = (await sm(b).send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'Customers' }))).FeatureGroupArn!;
    await put(b, '1');
    consumer = await userIn(a, 'consumer', onBGroups());
  });
  after(() => server.stop());

  it('without a share, A’s own identity is refused B’s group however wide its own policy is', async () => {
    await assertAwsError(get(consumer), 'AccessDeniedException', 400,
      new RegExp(`user/consumer is not authorized to perform: sagemaker:GetRecord on resource: ${groupArn} because no resource-based policy allows the sagemaker:GetRecord action`));
  });

  it('B shares the group read-only with A: A sees an invitation, and no access until it accepts', async () => {
    const created = await ramB.send(new CreateResourceShareCommand({ name: 'customers-to-a', resourceArns: [groupArn], principals: [a.accountId], tags: [{ key: 'team', value: 'ml' }], clientToken: 'tok-1' }));
    const share = created.resourceShare!;
    shareArn = share.resourceShareArn!;
    assert.match(shareArn, new RegExp(`^arn:aws:ram:${R}:${b.accountId}:resource-share/[0-9a-f-]{36}$`));
    assert.equal(share.status, 'ACTIVE');
    assert.equal(share.owningAccountId, b.accountId);
    assert.equal(share.allowExternalPrincipals, true);
    assert.equal(created.clientToken, 'tok-1');
    assert.ok(share.creationTime instanceof Date);
    // No permission named: the feature group type's default, read-only.
    const perms = await ramB.send(new ListResourceSharePermissionsCommand({ resourceShareArn: shareArn }));
    assert.deepEqual(perms.permissions!.map((p) => [p.arn, p.resourceType, p.status]), [[READ_ONLY, 'sagemaker:FeatureGroup', 'ASSOCIATED']]);
    const principals = await ramB.send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [shareArn] }));
    assert.deepEqual(principals.resourceShareAssociations!.map((x) => [x.associatedEntity, x.status, x.external]), [[a.accountId, 'ASSOCIATING', true]]);
    const resources = await ramB.send(new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', resourceArn: groupArn }));
    assert.deepEqual(resources.resourceShareAssociations!.map((x) => [x.associatedEntity, x.status]), [[groupArn, 'ASSOCIATED']]);

    const invitations = (await ramA.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations!;
    assert.equal(invitations.length, 1);
    const inv = invitations[0]!;
    assert.match(inv.resourceShareInvitationArn!, new RegExp(`^arn:aws:ram:${R}:${b.accountId}:resource-share-invitation/`));
    assert.deepEqual([inv.status, inv.senderAccountId, inv.receiverAccountId, inv.resourceShareArn, inv.resourceShareName], ['PENDING', b.accountId, a.accountId, shareArn, 'customers-to-a']);
    const pending = await ramA.send(new ListPendingInvitationResourcesCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! }));
    assert.deepEqual(pending.resources!.map((r) => [r.arn, r.type]), [[groupArn, 'sagemaker:FeatureGroup']]);
    assert.deepEqual((await ramA.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resourceShares, []);
    await assertAwsError(get(consumer), 'AccessDeniedException', 400, /because no resource-based policy allows the sagemaker:GetRecord action/);
    // A third account cannot accept A's invitation, nor see it.
    await assertAwsError(ramC.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! })), 'ResourceShareInvitationArnNotFoundException', 400,
      `ResourceShareInvitation ${inv.resourceShareInvitationArn} could not be found.`);
    assert.deepEqual((await ramC.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations, []);

    const accepted = await ramA.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! }));
    assert.equal(accepted.resourceShareInvitation!.status, 'ACCEPTED');
    await assertAwsError(ramA.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! })), 'ResourceShareInvitationAlreadyAcceptedException', 400, /has already been accepted/);
    await assertAwsError(ramA.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! })), 'ResourceShareInvitationAlreadyAcceptedException', 400, /has already been accepted/);
    const after = await ramB.send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', principal: a.accountId }));
    assert.deepEqual(after.resourceShareAssociations!.map((x) => x.status), ['ASSOCIATED']);
  });

  it('once accepted, A reads B’s group by ARN with its own identity; the read-only permission refuses writes and admin', async () => {
    const got = await get(consumer);
    assert.deepEqual(got.Record!.map((f) => [f.FeatureName, f.ValueAsString]), [['id', '1'], ['ts', T]]);
    const batch = await rt(consumer).send(new BatchGetRecordCommand({ Identifiers: [{ FeatureGroupName: groupArn, RecordIdentifiersValueAsString: ['1'] }] }));
    assert.equal(batch.Records!.length, 1);
    const described = await sm(consumer).send(new DescribeFeatureGroupCommand({ FeatureGroupName: groupArn }));
    assert.equal(described.FeatureGroupName, 'Customers');
    await assertAwsError(put(consumer, '2'), 'AccessDeniedException', 400,
      /sagemaker:PutRecord on resource: .* because no resource-based policy allows the sagemaker:PutRecord action/);
    await assertAwsError(sm(consumer).send(new UpdateFeatureGroupCommand({ FeatureGroupName: groupArn, FeatureAdditions: [{ FeatureName: 'x', FeatureType: 'String' }] })),
      'AccessDeniedException', 400, /sagemaker:UpdateFeatureGroup/);
    // Operations no managed permission lists stay refused.
    await assertAwsError(rt(consumer).send(new ListRecordsCommand({ FeatureGroupName: groupArn })), 'AccessDeniedException', 400, /sagemaker:ListRecords/);
    // The share names one group: B's other group is not reached.
    const privateArn = groupArn.replace('customers', 'private');
    await assertAwsError(rt(consumer).send(new GetRecordCommand({ FeatureGroupName: privateArn, RecordIdentifierValueAsString: '1' })), 'AccessDeniedException', 400, /no resource-based policy allows/);
    // A's own policies still decide: a user of A without them is refused by its identity policy.
    const bare = await userIn(a, 'bare', policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    await assertAwsError(get(bare), 'AccessDeniedException', 400, /user\/bare is not authorized .* because no identity-based policy allows the sagemaker:GetRecord action/);
    // A third account, not in the share, gets nothing whatever its policies say.
    const third = await userIn(c, 'third', onBGroups());
    await assertAwsError(get(third), 'AccessDeniedException', 400, /no resource-based policy allows/);
    await assertAwsError(sm(third).send(new DescribeFeatureGroupCommand({ FeatureGroupName: groupArn })), 'AccessDeniedException', 400, /no resource-based policy allows/);
  });

  it('A lists what is shared with it; B lists what it shares', async () => {
    const shares = (await ramA.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resourceShares!;
    assert.deepEqual(shares.map((s) => [s.resourceShareArn, s.owningAccountId, s.status]), [[shareArn, b.accountId, 'ACTIVE']]);
    const resources = (await ramA.send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resources!;
    assert.deepEqual(resources.map((r) => [r.arn, r.type, r.resourceShareArn, r.status]), [[groupArn, 'sagemaker:FeatureGroup', shareArn, 'AVAILABLE']]);
    const owners = (await ramA.send(new ListPrincipalsCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).principals!;
    assert.deepEqual(owners.map((p) => p.id), [b.accountId]);
    const mine = (await ramB.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', tagFilters: [{ tagKey: 'team', tagValues: ['ml'] }] }))).resourceShares!;
    assert.deepEqual(mine.map((s) => s.name), ['customers-to-a']);
    assert.deepEqual((await ramB.send(new ListPrincipalsCommand({ resourceOwner: 'SELF', resourceArn: groupArn }))).principals!.map((p) => p.id), [a.accountId]);
    assert.deepEqual((await ramC.send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resources, []);
    assert.deepEqual((await ramB.send(new ListResourceTypesCommand({}))).resourceTypes!.map((t) => t.resourceType), ['sagemaker:FeatureGroup', 'sagemaker:SagemakerCatalog']);
  });

  it('replacing the permission with read-write lets A write at once; the rows are B’s', async () => {
    await assertAwsError(ramB.send(new AssociateResourceSharePermissionCommand({ resourceShareArn: shareArn, permissionArn: READ_WRITE })), 'InvalidParameterException', 400, /set replace to true/);
    assert.equal((await ramB.send(new AssociateResourceSharePermissionCommand({ resourceShareArn: shareArn, permissionArn: READ_WRITE, replace: true }))).returnValue, true);
    await put(consumer, '2');
    assert.equal((await get(b, '2')).Record!.find((f) => f.FeatureName === 'id')!.ValueAsString, '2');
    await assertAwsError(sm(consumer).send(new UpdateFeatureGroupCommand({ FeatureGroupName: groupArn, FeatureAdditions: [{ FeatureName: 'x', FeatureType: 'String' }] })),
      'AccessDeniedException', 400, /sagemaker:UpdateFeatureGroup/);
  });

  it('disassociating A ends its access from the next request; associating again invites again', async () => {
    const gone = await ramB.send(new DisassociateResourceShareCommand({ resourceShareArn: shareArn, principals: [a.accountId] }));
    assert.deepEqual(gone.resourceShareAssociations!.map((x) => [x.associatedEntity, x.status]), [[a.accountId, 'DISASSOCIATING']]);
    await assertAwsError(get(consumer), 'AccessDeniedException', 400, /no resource-based policy allows/);
    assert.deepEqual((await ramA.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resourceShares, []);
    const again = await ramB.send(new AssociateResourceShareCommand({ resourceShareArn: shareArn, principals: [a.accountId] }));
    assert.deepEqual(again.resourceShareAssociations!.map((x) => x.status), ['ASSOCIATING']);
    await assertAwsError(get(consumer), 'AccessDeniedException', 400, /no resource-based policy allows/);
    const invitations = (await ramA.send(new GetResourceShareInvitationsCommand({ resourceShareArns: [shareArn] }))).resourceShareInvitations!;
    assert.deepEqual(invitations.map((i) => i.status), ['ACCEPTED', 'PENDING']);
    await ramA.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitations[1]!.resourceShareInvitationArn! }));
    assert.equal((await get(consumer)).Record!.length, 2);
    // Removing the resource ends access too.
    await ramB.send(new DisassociateResourceShareCommand({ resourceShareArn: shareArn, resourceArns: [groupArn] }));
    await assertAwsError(get(consumer), 'AccessDeniedException', 400, /no resource-based policy allows/);
    await ramB.send(new AssociateResourceShareCommand({ resourceShareArn: shareArn, resourceArns: [groupArn] }));
    assert.equal((await get(consumer)).Record!.length, 2);
  });

  it('RAM’s errors: malformed and unknown ARNs, resources B does not own, principals that are not accounts, organizations', async () => {
    const missing = `arn:aws:ram:${R}:${b.accountId}:resource-share/00000000-0000-0000-0000-000000000000`;
    await assertAwsError(ramB.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareArns: ['not-an-arn'] })), 'MalformedArnException', 400, 'The specified resource share ARN is not valid. Verify the ARN and try again.');
    await assertAwsError(ramB.send(new DeleteResourceShareCommand({ resourceShareArn: missing })), 'UnknownResourceException', 400, `ResourceShare ${missing} could not be found.`);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', resourceArns: ['nonsense'] })), 'MalformedArnException', 400, 'The specified resource ARN nonsense is not valid. Verify the ARN and try again.');
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [`arn:aws:s3:::bucket`] })), 'OperationNotPermittedException', 400, /You cannot share the selected resource type/);
    await assertAwsError(ramA.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [groupArn] })), 'UnknownResourceException', 400, new RegExp(`Resource ${groupArn} could not be found in account ${a.accountId}`));
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [groupArn.replace('customers', 'nope')] })), 'UnknownResourceException', 400, /could not be found/);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', principals: ['12345'] })), 'InvalidParameterException', 400, 'Principal ID 12345 is malformed. Verify the ID and try again.');
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', principals: [b.accountId] })), 'InvalidParameterException', 400, /is the account that owns the resource share/);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', principals: [`arn:aws:organizations::${b.accountId}:organization/o-abc123`] })), 'UnknownResourceException', 400, 'Organization o-abc123 could not be found.');
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', principals: [a.accountId], allowExternalPrincipals: false })), 'InvalidParameterException', 400, /can only be shared within your AWS Organization/);
    await assertAwsError(ramB.send(new UpdateResourceShareCommand({ resourceShareArn: shareArn, allowExternalPrincipals: false })), 'OperationNotPermittedException', 400, /can only be shared within your AWS Organization/);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [groupArn], permissionArns: [CATALOG_SEARCH, 'arn:aws:ram::aws:permission/Nope'] })), 'InvalidParameterException', 400, /Permission arn:aws:ram::aws:permission\/Nope could not be found/);
    await assertAwsError(ramB.send(new GetPermissionCommand({ permissionArn: 'arn:aws:ram::aws:permission/Nope' })), 'UnknownResourceException', 400, 'Permission arn:aws:ram::aws:permission/Nope could not be found.');
    await assertAwsError(ramB.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', nextToken: 'forged' })), 'InvalidNextTokenException', 400, 'The specified value for nextToken is not valid.');
    // Another account's share is refused by authorization before anything about it is said.
    await assertAwsError(ramA.send(new DeleteResourceShareCommand({ resourceShareArn: shareArn })), 'AccessDeniedException', 400, /ram:DeleteResourceShare .* because no resource-based policy allows/);
  });

  it('managed permissions: listed with their resource types, and GetPermission gives the template', async () => {
    const listed = (await ramB.send(new ListPermissionsCommand({ resourceType: 'sagemaker:FeatureGroup' }))).permissions!;
    assert.deepEqual(listed.map((p) => [p.name, p.isResourceTypeDefault, p.permissionType]), [
      ['AWSRAMPermissionSageMakerFeatureGroupReadOnly', true, 'AWS_MANAGED'],
      ['AWSRAMPermissionSagemakerFeatureGroupReadWrite', false, 'AWS_MANAGED'],
      ['AWSRAMPermissionSagemakerFeatureGroupAdmin', false, 'AWS_MANAGED'],
    ]);
    const p = (await ramB.send(new GetPermissionCommand({ permissionArn: READ_WRITE }))).permission!;
    assert.deepEqual(JSON.parse(p.permission!), { Effect: 'Allow', Action: ['sagemaker:PutRecord', 'sagemaker:DeleteRecord', 'sagemaker:DescribeFeatureGroup', 'sagemaker:DescribeFeatureMetadata', 'sagemaker:BatchGetRecord', 'sagemaker:GetRecord'] });
  });

  it('discoverability: sharing B’s feature group catalog lets A search B’s groups (without their tags), and grants no access', async () => {
    const catalogs = (await sm(b).send(new ListResourceCatalogsCommand({}))).ResourceCatalogs!;
    assert.deepEqual(catalogs.map((x) => [x.ResourceCatalogName, x.ResourceCatalogArn]), [['DefaultFeatureGroupCatalog', `arn:aws:sagemaker:${R}:${b.accountId}:sagemaker-catalog/DefaultFeatureGroupCatalog`]]);
    const search = () => sm(consumer).send(new SearchCommand({ Resource: 'FeatureGroup', CrossAccountFilterOption: 'CrossAccount' }));
    assert.deepEqual((await search()).Results, []);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [catalogs[0]!.ResourceCatalogArn!], permissionArns: [READ_ONLY] })), 'InvalidParameterException', 400, /could not be found, or does not apply|resource type/);
    const share = (await ramB.send(new CreateResourceShareCommand({ name: 'catalog', resourceArns: [catalogs[0]!.ResourceCatalogArn!], principals: [a.accountId], permissionArns: [CATALOG_SEARCH] }))).resourceShare!;
    const inv = (await ramA.send(new GetResourceShareInvitationsCommand({ resourceShareArns: [share.resourceShareArn!] }))).resourceShareInvitations![0]!;
    assert.deepEqual((await search()).Results, [], 'not before the invitation is accepted');
    await ramA.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: inv.resourceShareInvitationArn! }));
    const found = (await search()).Results!.map((r) => r.FeatureGroup!);
    assert.deepEqual(found.map((g) => g.FeatureGroupName).sort(), ['Customers', 'private']);
    assert.ok(found.every((g) => g.Tags === undefined), 'tags are not shared');
    assert.deepEqual((await sm(consumer).send(new SearchCommand({ Resource: 'FeatureGroup' }))).Results, [], 'SameAccount (the default) searches A only');
    const privateArn = found.find((g) => g.FeatureGroupName === 'private')!.FeatureGroupArn!;
    await assertAwsError(rt(consumer).send(new GetRecordCommand({ FeatureGroupName: privateArn, RecordIdentifierValueAsString: '1' })), 'AccessDeniedException', 400, /no resource-based policy allows/);
    await ramB.send(new DeleteResourceShareCommand({ resourceShareArn: share.resourceShareArn! }));
    assert.deepEqual((await search()).Results, []);
  });

  it('deleting the share ends access; the share stays listed as DELETED and takes no more changes', async () => {
    assert.equal((await get(consumer)).Record!.length, 2);
    assert.equal((await ramB.send(new DeleteResourceShareCommand({ resourceShareArn: shareArn }))).returnValue, true);
    await assertAwsError(get(consumer), 'AccessDeniedException', 400, /no resource-based policy allows/);
    const listed = (await ramB.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareArns: [shareArn] }))).resourceShares!;
    assert.deepEqual(listed.map((s) => s.status), ['DELETED']);
    await assertAwsError(ramB.send(new AssociateResourceShareCommand({ resourceShareArn: shareArn, principals: [a.accountId] })), 'UnknownResourceException', 400, `ResourceShare ${shareArn} could not be found.`);
    await assertAwsError(ramB.send(new DeleteResourceShareCommand({ resourceShareArn: shareArn })), 'UnknownResourceException', 400, `ResourceShare ${shareArn} could not be found.`);
  });

  it('one account cannot flood another with invitations: 20 live from one sender, and listings show only live and accepted ones', async () => {
    const d = createAccount(server.dataDir, 'ram-flooded-d');
    const ramD = ram(d);
    const shares: string[] = [];
    for (let i = 0; i < 20; i++) shares.push((await ramB.send(new CreateResourceShareCommand({ name: `flood-${i}`, principals: [d.accountId] }))).resourceShare!.resourceShareArn!);
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'flood-20', principals: [d.accountId] })), 'ResourceShareLimitExceededException', 400,
      `Account ${d.accountId} has 20 pending invitations from this account, the most it can have: wait for it to accept or reject them, or for them to expire.`);
    const spare = (await ramB.send(new CreateResourceShareCommand({ name: 'flood-spare', resourceArns: [groupArn] }))).resourceShare!.resourceShareArn!;
    await assertAwsError(ramB.send(new AssociateResourceShareCommand({ resourceShareArn: spare, principals: [d.accountId] })), 'ResourceShareLimitExceededException', 400, /20 pending invitations/);
    // Another sender is not held back by B's invitations.
    assert.equal((await ram(a).send(new CreateResourceShareCommand({ name: 'from-a', principals: [d.accountId] }))).resourceShare!.status, 'ACTIVE');
    const pending = (await ramD.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations!;
    assert.equal(pending.length, 21);
    const first = pending.find((i) => i.resourceShareArn === shares[0])!;
    await ramD.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: first.resourceShareInvitationArn! }));
    const second = pending.find((i) => i.resourceShareArn === shares[1])!;
    await ramD.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: second.resourceShareInvitationArn! }));
    const listed = (await ramD.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations!;
    assert.equal(listed.length, 20, 'the rejected invitation is no longer listed');
    assert.equal(listed.find((i) => i.resourceShareArn === shares[1])!.status, 'ACCEPTED');
    const byArn = (await ramD.send(new GetResourceShareInvitationsCommand({ resourceShareInvitationArns: [first.resourceShareInvitationArn!] }))).resourceShareInvitations!;
    assert.deepEqual(byArn.map((i) => i.status), ['REJECTED'], 'named by ARN it is found, with its status');
    // Two invitations were answered: B may send two more.
    await ramB.send(new AssociateResourceShareCommand({ resourceShareArn: spare, principals: [d.accountId] }));
    await ramB.send(new CreateResourceShareCommand({ name: 'flood-21', principals: [d.accountId] }));
    await assertAwsError(ramB.send(new CreateResourceShareCommand({ name: 'flood-22', principals: [d.accountId] })), 'ResourceShareLimitExceededException', 400, /20 pending invitations/);
  });

  it('last (it moves the clock): an invitation not answered within 12 hours expires; a rejected one ends the association', async () => {
    const share = (await ramB.send(new CreateResourceShareCommand({ name: 'to-c', resourceArns: [groupArn], principals: [c.accountId] }))).resourceShare!;
    const [inv] = (await ramC.send(new GetResourceShareInvitationsCommand({ resourceShareArns: [share.resourceShareArn!] }))).resourceShareInvitations!;
    const third = await userIn(c, 'third-after', onBGroups());
    const skip = 12 * 3600 * 1000 + 1000;
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey() }).call('AdvanceClock', { Milliseconds: skip });
    // The server's clock moved: requests are signed at its time from now on.
    offsetMs = skip;
    ramB = ram(b);
    ramC = ram(c);
    await assertAwsError(ram(c).send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: inv!.resourceShareInvitationArn! })), 'ResourceShareInvitationExpiredException', 400, /has expired/);
    const assoc = (await ram(b).send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [share.resourceShareArn!] }))).resourceShareAssociations!;
    assert.deepEqual(assoc.map((x) => [x.status, x.statusMessage]), [['DISASSOCIATED', 'The invitation expired before it was accepted.']]);
    await ram(b).send(new AssociateResourceShareCommand({ resourceShareArn: share.resourceShareArn!, principals: [c.accountId] }));
    const fresh = (await ram(c).send(new GetResourceShareInvitationsCommand({ resourceShareArns: [share.resourceShareArn!] }))).resourceShareInvitations!.find((i) => i.status === 'PENDING')!;
    assert.equal((await ram(c).send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: fresh.resourceShareInvitationArn! }))).resourceShareInvitation!.status, 'REJECTED');
    await assertAwsError(ram(c).send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: fresh.resourceShareInvitationArn! })), 'ResourceShareInvitationAlreadyRejectedException', 400, /has already been rejected/);
    await assertAwsError(get(third), 'AccessDeniedException', 400, /no resource-based policy allows/);
  });
});
