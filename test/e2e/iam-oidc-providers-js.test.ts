import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type SummaryKeyType,
} from '@aws-sdk/client-iam';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, decoded, iamClient, rejection, trustPolicy, userWith } from './iam-helpers.js';

const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const requestIdOf = (e: { $metadata: object }) => (e.$metadata as { requestId?: string }).requestId!;

/**
 * IAM OpenID Connect providers and GetAccountSummary with the JS SDK v3: the provider's life,
 * AWS's errors and limits, one account's providers out of another's reach, authorization with
 * tag condition keys (each refusal explained), a role trusting a provider, and the summary's
 * counts following the account's state.
 */
describe('IAM OpenID Connect providers and GetAccountSummary (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'oidc-a');
    b = createAccount(server.dataDir, 'oidc-b');
  });
  after(() => server.stop());

  const iam = (k: { accessKeyId: string; secretAccessKey: string }) => iamClient(server.url, k);
  const arnIn = (account: AccountKeys, hostPath: string) => `arn:aws:iam::${account.accountId}:oidc-provider/${hostPath}`;

  it('creates a provider at the ARN its URL names, shows it without https://, and changes its client ids, thumbprints and tags', async () => {
    const created = await iam(a).send(new CreateOpenIDConnectProviderCommand({
      Url: 'https://token.example.com/id/ABC123', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB.toUpperCase()], Tags: [{ Key: 'team', Value: 'ml' }],
    }));
    const arn = arnIn(a, 'token.example.com/id/ABC123');
    assert.equal(created.OpenIDConnectProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'ml' }]);
    const got = await iam(a).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'token.example.com/id/ABC123');
    assert.deepEqual([got.ClientIDList, got.ThumbprintList, got.Tags], [['sts.amazonaws.com'], [THUMB], [{ Key: 'team', Value: 'ml' }]]);
    assert.ok(got.CreateDate instanceof Date);
    // No thumbprint at all: IAM no longer requires one.
    await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://accounts.example.org' }));
    assert.deepEqual((await iam(a).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, [{ Arn: arnIn(a, 'accounts.example.org') }, { Arn: arn }]);

    const on = { OpenIDConnectProviderArn: arn };
    await iam(a).send(new AddClientIDToOpenIDConnectProviderCommand({ ...on, ClientID: 'my-app' }));
    await iam(a).send(new AddClientIDToOpenIDConnectProviderCommand({ ...on, ClientID: 'my-app' }));
    await iam(a).send(new RemoveClientIDFromOpenIDConnectProviderCommand({ ...on, ClientID: 'sts.amazonaws.com' }));
    await iam(a).send(new RemoveClientIDFromOpenIDConnectProviderCommand({ ...on, ClientID: 'never-there' }));
    await iam(a).send(new UpdateOpenIDConnectProviderThumbprintCommand({ ...on, ThumbprintList: ['a'.repeat(40), 'b'.repeat(40)] }));
    await iam(a).send(new TagOpenIDConnectProviderCommand({ ...on, Tags: [{ Key: 'TEAM', Value: 'data' }, { Key: 'env', Value: 'dev' }] }));
    await iam(a).send(new UntagOpenIDConnectProviderCommand({ ...on, TagKeys: ['env', 'absent'] }));
    const changed = await iam(a).send(new GetOpenIDConnectProviderCommand(on));
    assert.deepEqual([changed.ClientIDList, changed.ThumbprintList, changed.Tags], [['my-app'], ['a'.repeat(40), 'b'.repeat(40)], [{ Key: 'TEAM', Value: 'data' }]]);
    const page = await iam(a).send(new ListOpenIDConnectProviderTagsCommand({ ...on, MaxItems: 1 }));
    assert.deepEqual([page.Tags, page.IsTruncated], [[{ Key: 'TEAM', Value: 'data' }], false]);

    await iam(a).send(new DeleteOpenIDConnectProviderCommand(on));
    const gone = `OpenIDConnect Provider not found for arn ${arn}`;
    await assertAwsError(iam(a).send(new GetOpenIDConnectProviderCommand(on)), 'NoSuchEntity', 404, gone);
    await assertAwsError(iam(a).send(new DeleteOpenIDConnectProviderCommand(on)), 'NoSuchEntity', 404, gone);
    await assertAwsError(iam(a).send(new AddClientIDToOpenIDConnectProviderCommand({ ...on, ClientID: 'x' })), 'NoSuchEntity', 404, gone);
    await assertAwsError(iam(a).send(new UpdateOpenIDConnectProviderThumbprintCommand({ ...on, ThumbprintList: [] })), 'NoSuchEntity', 404, gone);
    await assertAwsError(iam(a).send(new TagOpenIDConnectProviderCommand({ ...on, Tags: [{ Key: 'k', Value: 'v' }] })), 'NoSuchEntity', 404, gone);
    await assertAwsError(iam(a).send(new ListOpenIDConnectProviderTagsCommand(on)), 'NoSuchEntity', 404, gone);
    // Its URL is free again.
    assert.equal((await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/id/ABC123' }))).OpenIDConnectProviderArn, arn);
  });

  it('answers AWS\'s errors: a URL taken, not https://, thumbprints and client ids out of bounds, too many tags', async () => {
    const url = 'https://dup.example.com';
    await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: url }));
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: url })), 'EntityAlreadyExists', 409, `Provider with url ${url} already exists.`);
    for (const bad of ['http://dup.example.com', 'dup.example.com', 'https://', 'https://idp.example.com:8443', 'https://idp.example.com/?x=1']) {
      await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: bad })), 'InvalidInput', 400, 'Invalid Open ID Connect Provider URL.');
    }
    const five = ['1', '2', '3', '4', '5', '6'].map((c) => c.repeat(40));
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ThumbprintList: five })), 'InvalidInput', 400, 'Thumbprint list must contain fewer than 5 entries.');
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ThumbprintList: ['z'.repeat(40)] })), 'InvalidInput', 400, /^Thumbprint z{40} is not a 40-character hexadecimal SHA-1 fingerprint\.$/);
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ThumbprintList: ['a'.repeat(39)] })), 'ValidationError', 400, /thumbprintList.*length greater than or equal to 40/);
    const clients = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ClientIDList: clients })), 'LimitExceeded', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', ClientIDList: ['c'.repeat(256)] })), 'ValidationError', 400, /clientIDList.*length less than or equal to 255/);
    await assertAwsError(iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://t.example.com', Tags: [{ Key: 'aws:x', Value: '' }] })), 'InvalidInput', 400, "User-provided tag keys cannot start with the reserved prefix 'aws:'.");

    const full = (await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://full.example.com', ClientIDList: clients.slice(0, 100) }))).OpenIDConnectProviderArn!;
    await iam(a).send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full, ClientID: 'client-0' }));
    await assertAwsError(iam(a).send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full, ClientID: 'one-more' })), 'LimitExceeded', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await assertAwsError(iam(a).send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: full, ThumbprintList: five })), 'InvalidInput', 400, 'Thumbprint list must contain fewer than 5 entries.');
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await iam(a).send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full, Tags: tags }));
    await assertAwsError(iam(a).send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full, Tags: [{ Key: 'k50', Value: 'v' }] })), 'LimitExceeded', 409, 'Cannot exceed quota for TagsPerOpenIdConnectProvider: 50');
    assert.equal((await iam(a).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full }))).ClientIDList!.length, 100);
  });

  it('limits an account to 100 providers', async () => {
    const c = createAccount(server.dataDir, 'oidc-many');
    for (let i = 0; i < 100; i++) await iam(c).send(new CreateOpenIDConnectProviderCommand({ Url: `https://idp${i}.example.com` }));
    await assertAwsError(iam(c).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp100.example.com' })), 'LimitExceeded', 409, 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100');
    await iam(c).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnIn(c, 'idp0.example.com') }));
    await iam(c).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp100.example.com' }));
    assert.equal((await iam(c).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.length, 100);
  });

  it('keeps accounts apart: B may neither read nor change nor delete A\'s provider (AccessDenied, explained), and has its own for the same URL', async () => {
    const url = 'https://shared-idp.example.com';
    const arnA = (await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['a-app'] }))).OpenIDConnectProviderArn!;
    const refusal = (action: string) => new RegExp(`^User: arn:aws:iam::${b.accountId}:root is not authorized to perform: iam:${action} on resource: ${arnA} because no resource-based policy allows the iam:${action} action$`);
    const denied = await rejection(iam(b).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA })));
    assert.deepEqual([denied.Code ?? denied.name, denied.$metadata.httpStatusCode], ['AccessDenied', 403]);
    assert.match(denied.message, refusal('GetOpenIDConnectProvider'));
    const explained = sagelite(['explain', requestIdOf(denied), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explained, /Cross-account/);
    await assertAwsError(iam(b).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA })), 'AccessDenied', 403, refusal('DeleteOpenIDConnectProvider'));
    await assertAwsError(iam(b).send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA, ClientID: 'b-app' })), 'AccessDenied', 403, refusal('AddClientIDToOpenIDConnectProvider'));
    await assertAwsError(iam(b).send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA, Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied', 403, refusal('TagOpenIDConnectProvider'));
    // Even allowed everything by its own policy, B's admin reaches only B's providers.
    const bAdmin = await userWith(server.url, b, 'b-admin', allowPolicy('iam:*'));
    await assertAwsError(iam(bAdmin).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA })), 'AccessDenied', 403, /because no resource-based policy allows the iam:DeleteOpenIDConnectProvider action$/);
    assert.ok(!(await iam(b).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.some((p) => p.Arn === arnA));
    const arnB = (await iam(b).send(new CreateOpenIDConnectProviderCommand({ Url: url }))).OpenIDConnectProviderArn!;
    assert.equal(arnB, arnIn(b, 'shared-idp.example.com'));
    assert.deepEqual((await iam(a).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnA }))).ClientIDList, ['a-app']);
    assert.deepEqual((await iam(b).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnB }))).ClientIDList, []);
  });

  it('authorizes each operation on the provider ARN with IAM\'s actions and tag condition keys; a refusal is explained', async () => {
    const nobody = await userWith(server.url, a, 'oidc-nobody');
    const refused = await rejection(iam(nobody).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://nobody.example.com' })));
    assert.deepEqual([refused.Code ?? refused.name, refused.$metadata.httpStatusCode], ['AccessDenied', 403]);
    assert.equal(refused.message, `User: arn:aws:iam::${a.accountId}:user/oidc-nobody is not authorized to perform: iam:CreateOpenIDConnectProvider on resource: ${arnIn(a, 'nobody.example.com')} because no identity-based policy allows the iam:CreateOpenIDConnectProvider action`);
    const explanation = sagelite(['explain', requestIdOf(refused), '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explanation, /iam:CreateOpenIDConnectProvider/);
    assert.match(explanation, /no identity-based policy allows/);
    await assertAwsError(iam(nobody).send(new ListOpenIDConnectProvidersCommand({})), 'AccessDenied', 403, /iam:ListOpenIDConnectProviders on resource: \*/);
    await assertAwsError(iam(nobody).send(new GetAccountSummaryCommand({})), 'AccessDenied', 403, /iam:GetAccountSummary on resource: \*/);

    // Creating only with team=ml, tagging only team, reading only providers tagged team=ml.
    const tagged = await userWith(server.url, a, 'oidc-tagged', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateOpenIDConnectProvider', Resource: `arn:aws:iam::${a.accountId}:oidc-provider/*`, Condition: { StringEquals: { 'aws:RequestTag/team': 'ml' } } },
        { Effect: 'Allow', Action: 'iam:TagOpenIDConnectProvider', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } },
        { Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ml' } } },
      ],
    }));
    await assertAwsError(iam(tagged).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tagged.example.com' })), 'AccessDenied', 403, /iam:CreateOpenIDConnectProvider/);
    await assertAwsError(iam(tagged).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tagged.example.com', Tags: [{ Key: 'team', Value: 'web' }] })), 'AccessDenied', 403, /iam:CreateOpenIDConnectProvider/);
    const arn = (await iam(tagged).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tagged.example.com', Tags: [{ Key: 'team', Value: 'ml' }] }))).OpenIDConnectProviderArn!;
    assert.equal((await iam(tagged).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).Url, 'tagged.example.com');
    await assertAwsError(iam(tagged).send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'owner', Value: 'x' }] })), 'AccessDenied', 403, /iam:TagOpenIDConnectProvider/);
    await iam(tagged).send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'team', Value: 'web' }] }));
    const unreadable = await rejection(iam(tagged).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    assert.match(unreadable.message, /because no identity-based policy allows the iam:GetOpenIDConnectProvider action$/);
    assert.match(sagelite(['explain', requestIdOf(unreadable), '--endpoint', server.url, '--data-dir', server.dataDir]), /aws:ResourceTag\/team/);
    await assertAwsError(iam(tagged).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'AccessDenied', 403, /iam:DeleteOpenIDConnectProvider on resource: .*tagged\.example\.com/);
  });

  it('creates a role whose trust policy names a provider as a Federated principal', async () => {
    const arn = (await iam(a).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.eks.example.com/id/EXAMPLED539D4633E53DE1B7', ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    const trust = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: arn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'oidc.eks.example.com/id/EXAMPLED539D4633E53DE1B7:aud': 'sts.amazonaws.com', 'oidc.eks.example.com/id/EXAMPLED539D4633E53DE1B7:sub': 'system:serviceaccount:ml:trainer' } },
      }],
    };
    const role = (await iam(a).send(new CreateRoleCommand({ RoleName: 'irsa-trainer', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    assert.deepEqual(decoded(role.AssumeRolePolicyDocument), trust);
    assert.deepEqual(decoded((await iam(a).send(new GetRoleCommand({ RoleName: 'irsa-trainer' }))).Role!.AssumeRolePolicyDocument), trust);
  });

  it('GetAccountSummary counts the account\'s users, groups, roles, customer managed policies, attachments and providers as they change', async () => {
    const c = createAccount(server.dataDir, 'oidc-summary');
    const summary = async () => (await iam(c).send(new GetAccountSummaryCommand({}))).SummaryMap!;
    const first = await summary();
    assert.deepEqual(
      { Users: first['Users'], Groups: first['Groups'], Roles: first['Roles'], Policies: first['Policies'], PolicyVersionsInUse: first['PolicyVersionsInUse'], Providers: first['Providers'], AccountAccessKeysPresent: first['AccountAccessKeysPresent'] },
      { Users: 0, Groups: 0, Roles: 0, Policies: 0, PolicyVersionsInUse: 0, Providers: 0, AccountAccessKeysPresent: 1 },
    );
    // Quotas: sagelite's where it enforces them, AWS's defaults elsewhere.
    const quotas: SummaryKeyType[] = ['UsersQuota', 'GroupsQuota', 'RolesQuota', 'PoliciesQuota', 'AccessKeysPerUserQuota', 'AttachedPoliciesPerRoleQuota', 'GroupsPerUserQuota', 'VersionsPerPolicyQuota', 'PolicySizeQuota', 'AssumeRolePolicySizeQuota', 'UserPolicySizeQuota', 'GroupPolicySizeQuota', 'RolePolicySizeQuota', 'PolicyVersionsInUseQuota', 'InstanceProfilesQuota', 'ServerCertificatesQuota', 'SigningCertificatesPerUserQuota', 'GlobalEndpointTokenVersion', 'AccountMFAEnabled', 'MFADevices'];
    assert.deepEqual(
      quotas.map((k) => first[k]),
      [5000, 300, 1000, 1500, 2, 10, 10, 5, 6144, 2048, 2048, 5120, 10240, 10000, 1000, 20, 2, 1, 0, 0],
    );
    await iam(c).send(new CreateUserCommand({ UserName: 'u1' }));
    await iam(c).send(new CreateUserCommand({ UserName: 'u2' }));
    await iam(c).send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam(c).send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
    const policy = (await iam(c).send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: allowPolicy('s3:GetObject') }))).Policy!;
    await iam(c).send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: policy.Arn! }));
    await iam(c).send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam(c).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://summary.example.com' }));
    const second = await summary();
    assert.deepEqual(
      [second['Users'], second['Groups'], second['Roles'], second['Policies'], second['PolicyVersionsInUse'], second['Providers']],
      [2, 1, 1, 1, 2, 1],
      'AWS managed policies count as attachments, not as the account\'s policies',
    );
    await iam(c).send(new DeleteUserCommand({ UserName: 'u2' }));
    await iam(c).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arnIn(c, 'summary.example.com') }));
    const third = await summary();
    assert.deepEqual([third['Users'], third['Providers']], [1, 0]);
    // Another account's state is not counted.
    assert.equal((await iam(b).send(new GetAccountSummaryCommand({}))).SummaryMap!['Roles'], 0);
  });
});
