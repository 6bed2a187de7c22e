import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsCli, BOTO_EXPECTING_ERRORS, clientEnv, createAccount, python, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';

const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

/**
 * IAM OpenID Connect providers and GetAccountSummary with boto3 and the AWS CLI: the provider's
 * life, AWS's errors, another account's provider out of reach, a user refused (and the refusal
 * explained), a role trusting a provider, and the summary's counts as the account changes.
 */
describe('IAM OpenID Connect providers and GetAccountSummary (boto3, AWS CLI)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  const boto = (keys: { accessKeyId: string; secretAccessKey: string }, code: string) =>
    JSON.parse(python(`${BOTO_EXPECTING_ERRORS}iam = boto3.client('iam', config=cfg)
out = {}
${code}
print(json.dumps(out, default=str))`, clientEnv(server.url, keys))) as Record<string, unknown>;
  const cli = (keys: AccountKeys, args: string[]) => awsCli(['iam', ...args], clientEnv(server.url, keys));

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'oidc-py-a');
    b = createAccount(server.dataDir, 'oidc-py-b');
  });
  after(() => server.stop());

  it('boto3: creates, reads, lists, changes client ids, thumbprints and tags, and deletes a provider; AWS\'s errors', () => {
    const arn = `arn:aws:iam::${a.accountId}:oidc-provider/boto.example.com/realms/ml`;
    const out = boto(a, `
created = iam.create_open_id_connect_provider(Url='https://boto.example.com/realms/ml', ClientIDList=['sts.amazonaws.com'], ThumbprintList=['${THUMB.toUpperCase()}'], Tags=[{'Key': 'team', 'Value': 'ml'}])
arn = created['OpenIDConnectProviderArn']
out['arn'] = arn
got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['got'] = [got['Url'], got['ClientIDList'], got['ThumbprintList'], got['Tags']]
out['list'] = [p['Arn'] for p in iam.list_open_id_connect_providers()['OpenIDConnectProviderList']]
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='notebook')
iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='sts.amazonaws.com')
iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=['c' * 40])
iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{'Key': 'env', 'Value': 'dev'}])
iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=['team'])
changed = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['changed'] = [changed['ClientIDList'], changed['ThumbprintList'], iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)['Tags']]
out['duplicate'] = error(lambda: iam.create_open_id_connect_provider(Url='https://boto.example.com/realms/ml'))
out['http'] = error(lambda: iam.create_open_id_connect_provider(Url='http://boto.example.com'))
out['six'] = error(lambda: iam.create_open_id_connect_provider(Url='https://six.example.com', ThumbprintList=[str(i) * 40 for i in range(6)]))
out['clients'] = error(lambda: iam.create_open_id_connect_provider(Url='https://many.example.com', ClientIDList=['c%d' % i for i in range(101)]))
iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['gone'] = error(lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn))
out['deleteAgain'] = error(lambda: iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn))
`);
    assert.equal(out['arn'], arn);
    assert.deepEqual(out['got'], ['boto.example.com/realms/ml', ['sts.amazonaws.com'], [THUMB], [{ Key: 'team', Value: 'ml' }]]);
    assert.deepEqual(out['list'], [arn]);
    assert.deepEqual(out['changed'], [['notebook'], ['c'.repeat(40)], [{ Key: 'env', Value: 'dev' }]]);
    assert.deepEqual(out['duplicate'], ['EntityAlreadyExists', 'Provider with url https://boto.example.com/realms/ml already exists.']);
    assert.deepEqual(out['http'], ['InvalidInput', 'Invalid Open ID Connect Provider URL.']);
    assert.deepEqual(out['six'], ['InvalidInput', 'Thumbprint list must contain fewer than 5 entries.']);
    assert.deepEqual(out['clients'], ['LimitExceeded', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100']);
    assert.deepEqual(out['gone'], ['NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`]);
    assert.deepEqual(out['deleteAgain'], ['NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`]);
  });

  it('boto3: B cannot read or delete A\'s provider (AccessDenied); a user without permission is refused, and the refusal is explained', async () => {
    const arnA = `arn:aws:iam::${a.accountId}:oidc-provider/private.example.com`;
    boto(a, `iam.create_open_id_connect_provider(Url='https://private.example.com', ClientIDList=['a-only'])`);
    const fromB = boto(b, `
out['get'] = error(lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn='${arnA}'))
out['delete'] = error(lambda: iam.delete_open_id_connect_provider(OpenIDConnectProviderArn='${arnA}'))
out['list'] = iam.list_open_id_connect_providers()['OpenIDConnectProviderList']
`);
    const refusal = (action: string) => `User: arn:aws:iam::${b.accountId}:root is not authorized to perform: iam:${action} on resource: ${arnA} because no resource-based policy allows the iam:${action} action`;
    assert.deepEqual(fromB['get'], ['AccessDenied', refusal('GetOpenIDConnectProvider')]);
    assert.deepEqual(fromB['delete'], ['AccessDenied', refusal('DeleteOpenIDConnectProvider')]);
    assert.deepEqual(fromB['list'], []);
    assert.deepEqual(boto(a, `out['ids'] = iam.get_open_id_connect_provider(OpenIDConnectProviderArn='${arnA}')['ClientIDList']`)['ids'], ['a-only']);

    const nobody = await userWith(server.url, a, 'py-nobody');
    const refused = boto(nobody, `
try:
    iam.create_open_id_connect_provider(Url='https://nobody.example.com')
except ClientError as e:
    out['err'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['RequestId']]
`)['err'] as [string, string, string];
    assert.deepEqual(refused.slice(0, 2), [
      'AccessDenied',
      `User: arn:aws:iam::${a.accountId}:user/py-nobody is not authorized to perform: iam:CreateOpenIDConnectProvider on resource: arn:aws:iam::${a.accountId}:oidc-provider/nobody.example.com because no identity-based policy allows the iam:CreateOpenIDConnectProvider action`,
    ]);
    const explanation = sagelite(['explain', refused[2], '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(explanation, /iam:CreateOpenIDConnectProvider/);
    assert.match(explanation, /no identity-based policy allows/);
  });

  it('boto3: creates a role trusting a provider as a Federated principal, and GetAccountSummary follows the account', () => {
    const c = createAccount(server.dataDir, 'oidc-py-summary');
    const out = boto(c, `
keys = ['Users', 'Roles', 'Policies', 'Providers', 'PolicyVersionsInUse']
def counts():
    m = iam.get_account_summary()['SummaryMap']
    return [m[k] for k in keys]
out['before'] = counts()
arn = iam.create_open_id_connect_provider(Url='https://token.actions.example.com', ClientIDList=['sts.amazonaws.com'])['OpenIDConnectProviderArn']
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Federated': arn}, 'Action': 'sts:AssumeRoleWithWebIdentity',
    'Condition': {'StringLike': {'token.actions.example.com:sub': 'repo:org/ml:*'}, 'StringEquals': {'token.actions.example.com:aud': 'sts.amazonaws.com'}}}]}
iam.create_role(RoleName='ci-deployer', AssumeRolePolicyDocument=json.dumps(trust))
out['trust'] = [iam.get_role(RoleName='ci-deployer')['Role']['AssumeRolePolicyDocument'], trust]
iam.create_user(UserName='analyst')
p = iam.create_policy(PolicyName='read', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]}))['Policy']
iam.attach_user_policy(UserName='analyst', PolicyArn=p['Arn'])
out['after'] = counts()
out['keys'] = sorted(iam.get_account_summary()['SummaryMap'].keys())
`);
    assert.deepEqual(out['before'], [0, 0, 0, 0, 0]);
    const [shown, sent] = out['trust'] as [unknown, unknown];
    assert.deepEqual(shown, sent);
    assert.deepEqual(out['after'], [1, 1, 1, 1, 1]);
    assert.deepEqual(out['keys'], [
      'AccessKeysPerUserQuota', 'AccountAccessKeysPresent', 'AccountMFAEnabled', 'AccountSigningCertificatesPresent', 'AssumeRolePolicySizeQuota',
      'AttachedPoliciesPerGroupQuota', 'AttachedPoliciesPerRoleQuota', 'AttachedPoliciesPerUserQuota', 'GlobalEndpointTokenVersion', 'GroupPolicySizeQuota',
      'Groups', 'GroupsPerUserQuota', 'GroupsQuota', 'InstanceProfiles', 'InstanceProfilesQuota', 'MFADevices', 'MFADevicesInUse', 'Policies', 'PoliciesQuota',
      'PolicySizeQuota', 'PolicyVersionsInUse', 'PolicyVersionsInUseQuota', 'Providers', 'RolePolicySizeQuota', 'Roles', 'RolesQuota', 'ServerCertificates',
      'ServerCertificatesQuota', 'SigningCertificatesPerUserQuota', 'UserPolicySizeQuota', 'Users', 'UsersQuota', 'VersionsPerPolicyQuota',
    ]);
  });

  it('AWS CLI: the provider\'s life and errors, and get-account-summary', () => {
    const arn = `arn:aws:iam::${a.accountId}:oidc-provider/cli.example.com`;
    const created = cli(a, ['create-open-id-connect-provider', '--url', 'https://cli.example.com', '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', THUMB, '--tags', 'Key=team,Value=ml']);
    assert.equal(created.status, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { OpenIDConnectProviderArn: string }).OpenIDConnectProviderArn, arn);
    const on = ['--open-id-connect-provider-arn', arn];
    for (const args of [
      ['add-client-id-to-open-id-connect-provider', ...on, '--client-id', 'cli-app'],
      ['remove-client-id-from-open-id-connect-provider', ...on, '--client-id', 'sts.amazonaws.com'],
      ['update-open-id-connect-provider-thumbprint', ...on, '--thumbprint-list', 'd'.repeat(40), 'e'.repeat(40)],
      ['tag-open-id-connect-provider', ...on, '--tags', 'Key=env,Value=prod'],
      ['untag-open-id-connect-provider', ...on, '--tag-keys', 'team'],
    ]) {
      const r = cli(a, args);
      assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
    }
    const got = cli(a, ['get-open-id-connect-provider', ...on]);
    assert.equal(got.status, 0, got.stderr);
    const p = JSON.parse(got.stdout) as { Url: string; ClientIDList: string[]; ThumbprintList: string[]; Tags: unknown[] };
    assert.deepEqual([p.Url, p.ClientIDList, p.ThumbprintList, p.Tags], ['cli.example.com', ['cli-app'], ['d'.repeat(40), 'e'.repeat(40)], [{ Key: 'env', Value: 'prod' }]]);
    const tags = cli(a, ['list-open-id-connect-provider-tags', ...on, '--query', 'Tags[].Key', '--output', 'text']);
    assert.equal(tags.stdout.trim(), 'env');
    const listed = cli(a, ['list-open-id-connect-providers', '--query', 'OpenIDConnectProviderList[].Arn']);
    assert.ok((JSON.parse(listed.stdout) as string[]).includes(arn));

    const duplicate = cli(a, ['create-open-id-connect-provider', '--url', 'https://cli.example.com']);
    assert.notEqual(duplicate.status, 0);
    assert.match(duplicate.stderr, /An error occurred \(EntityAlreadyExists\) when calling the CreateOpenIDConnectProvider operation: Provider with url https:\/\/cli\.example\.com already exists\./);
    const insecure = cli(a, ['create-open-id-connect-provider', '--url', 'http://cli.example.com']);
    assert.match(insecure.stderr, /\(InvalidInput\) when calling the CreateOpenIDConnectProvider operation: Invalid Open ID Connect Provider URL\./);
    const deleted = cli(a, ['delete-open-id-connect-provider', ...on]);
    assert.equal(deleted.status, 0, deleted.stderr);
    const missing = cli(a, ['get-open-id-connect-provider', ...on]);
    assert.match(missing.stderr, new RegExp(`\\(NoSuchEntity\\) when calling the GetOpenIDConnectProvider operation: OpenIDConnect Provider not found for arn ${arn}`));
    const crossAccount = cli(b, ['delete-open-id-connect-provider', ...on]);
    assert.match(crossAccount.stderr, /\(AccessDenied\) when calling the DeleteOpenIDConnectProvider operation: User: .* is not authorized to perform: iam:DeleteOpenIDConnectProvider/);

    const summary = cli(a, ['get-account-summary', '--query', 'SummaryMap.[Users,Providers,UsersQuota,AccessKeysPerUserQuota]']);
    assert.equal(summary.status, 0, summary.stderr);
    const users = JSON.parse(cli(a, ['list-users', '--query', 'length(Users)']).stdout) as number;
    const providers = JSON.parse(cli(a, ['list-open-id-connect-providers', '--query', 'length(OpenIDConnectProviderList)']).stdout) as number;
    assert.deepEqual(JSON.parse(summary.stdout), [users, providers, 5000, 2]);
  });
});
