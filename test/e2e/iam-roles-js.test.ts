import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { POLICY_ERROR_MESSAGES } from '../../src/auth/policy/index.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, decoded, iamClient, trustPolicy } from './iam-helpers.js';

const SAGEMAKER_TRUST = trustPolicy({ Service: 'sagemaker.amazonaws.com' });

describe('IAM roles and trust policies with the AWS SDK for JavaScript v3', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let other: AccountKeys;
  let iam: IAMClient;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir, 'roles-a');
    other = createAccount(server.dataDir, 'roles-b');
    iam = iamClient(server.url, root);
  });
  after(() => server.stop());

  it('creates a role: AROA id, pathed ARN, URL-encoded trust policy, default MaxSessionDuration 3600', async () => {
    const out = await iam.send(new CreateRoleCommand({ RoleName: 'FeatureStoreExec', Path: '/service/', AssumeRolePolicyDocument: SAGEMAKER_TRUST, Description: 'offline store writer' }));
    const role = out.Role!;
    assert.match(role.RoleId!, /^AROA[A-Z2-7]{16}$/);
    assert.equal(role.Arn, `arn:aws:iam::${root.accountId}:role/service/FeatureStoreExec`);
    assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(SAGEMAKER_TRUST));
    assert.deepEqual(decoded(role.AssumeRolePolicyDocument), JSON.parse(SAGEMAKER_TRUST));
    assert.equal(role.MaxSessionDuration, 3600);
    assert.equal(role.Description, 'offline store writer');
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'featurestoreexec' }))).Role!;
    assert.equal(got.RoleId, role.RoleId);
    assert.deepEqual(got.RoleLastUsed, {});
  });

  it('creates a role with tags, a boundary and a longer session; GetRole shows them', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Bounded',
        AssumeRolePolicyDocument: SAGEMAKER_TRUST,
        MaxSessionDuration: 43200,
        PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        Tags: [{ Key: 'team', Value: 'ml' }],
      }),
    );
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!;
    assert.equal(role.MaxSessionDuration, 43200);
    assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
    assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'ml' }]);
  });

  it('refuses duplicate names (any case), unknown roles, and MaxSessionDuration outside 3600–43200', async () => {
    await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'BOUNDED', AssumeRolePolicyDocument: SAGEMAKER_TRUST })), 'EntityAlreadyExists', 409, 'Role with name BOUNDED already exists.');
    await assertAwsError(iam.send(new GetRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntity', 404, 'The role with name ghost cannot be found.');
    await assertAwsError(
      iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: SAGEMAKER_TRUST, MaxSessionDuration: 3599 })),
      'ValidationError',
      400,
      "1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    await assertAwsError(iam.send(new UpdateRoleCommand({ RoleName: 'Bounded', MaxSessionDuration: 43201 })), 'ValidationError', 400, /Member must have value less than or equal to 43200/);
  });

  it('refuses malformed trust policies with the policy engine\'s MalformedPolicyDocument message', async () => {
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: noPrincipal })), 'MalformedPolicyDocument', 400, POLICY_ERROR_MESSAGES.principalMissing);
    await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{not json' })), 'MalformedPolicyDocument', 400, POLICY_ERROR_MESSAGES.syntax);
  });

  it('limits the trust policy to 2048 characters, whitespace not counted: LimitExceeded ACLSizePerRole', async () => {
    const services = Array.from({ length: 120 }, (_, i) => `svc${i}.amazonaws.com`);
    await assertAwsError(
      iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: trustPolicy({ Service: services as unknown as string }) })),
      'LimitExceeded',
      409,
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    const padded = SAGEMAKER_TRUST.replaceAll(',', ',\n' + ' '.repeat(700));
    assert.ok(padded.length > 2048);
    await iam.send(new CreateRoleCommand({ RoleName: 'padded', AssumeRolePolicyDocument: padded }));
  });

  describe('principals in trust policies', () => {
    it('accepts users and roles that exist (in any sagelite account), account ids and root ARNs', async () => {
      const otherIam = iamClient(server.url, other);
      await otherIam.send(new CreateUserCommand({ UserName: 'analyst', Path: '/team/' }));
      const principals = [`arn:aws:iam::${other.accountId}:user/team/analyst`, `arn:aws:iam::${root.accountId}:role/service/FeatureStoreExec`, other.accountId, 'arn:aws:iam::999999999999:root'];
      await iam.send(new CreateRoleCommand({ RoleName: 'CrossAccount', AssumeRolePolicyDocument: trustPolicy({ AWS: principals }) }));
      const shown = decoded((await iam.send(new GetRoleCommand({ RoleName: 'CrossAccount' }))).Role!.AssumeRolePolicyDocument) as { Statement: Array<{ Principal: { AWS: string[] } }> };
      assert.deepEqual(shown.Statement[0]!.Principal.AWS, principals);
    });

    it('refuses a user or role that does not exist (or not at that path): Invalid principal in policy', async () => {
      const ghost = `arn:aws:iam::${root.accountId}:role/ghost`;
      await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: trustPolicy({ AWS: ghost }) })), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${ghost}"`);
      const wrongPath = `arn:aws:iam::${other.accountId}:user/analyst`;
      await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: trustPolicy({ AWS: wrongPath }) })), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${wrongPath}"`);
      await assertAwsError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Bounded', PolicyDocument: trustPolicy({ AWS: ghost }) })), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${ghost}"`);
    });

    it('refuses a malformed principal ARN', async () => {
      const bad = 'arn:aws:iam::111122223333/Exec';
      await assertAwsError(iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trustPolicy({ AWS: bad }) })), 'MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${bad}"`);
    });

    it('binds a named principal to its unique id: delete and re-create breaks the trust, GetRole shows the old id', async () => {
      const user = (await iam.send(new CreateUserCommand({ UserName: 'trusted' }))).User!;
      await iam.send(new CreateRoleCommand({ RoleName: 'Bound', AssumeRolePolicyDocument: trustPolicy({ AWS: user.Arn! }) }));
      const principal = async () =>
        (decoded((await iam.send(new GetRoleCommand({ RoleName: 'Bound' }))).Role!.AssumeRolePolicyDocument) as { Statement: Array<{ Principal: { AWS: string } }> }).Statement[0]!.Principal.AWS;
      assert.equal(await principal(), user.Arn);
      await iam.send(new DeleteUserCommand({ UserName: 'trusted' }));
      assert.equal(await principal(), user.UserId);
      const again = (await iam.send(new CreateUserCommand({ UserName: 'trusted' }))).User!;
      assert.notEqual(again.UserId, user.UserId);
      assert.equal(await principal(), user.UserId, 'the re-created user is not the principal the role trusts');
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Bound', PolicyDocument: trustPolicy({ AWS: again.Arn! }) }));
      assert.equal(await principal(), again.Arn);
    });

    it('follows a renamed user: the trust policy shows its new ARN', async () => {
      await iam.send(new UpdateUserCommand({ UserName: 'trusted', NewUserName: 'trusted2', NewPath: '/moved/' }));
      const doc = decoded((await iam.send(new GetRoleCommand({ RoleName: 'Bound' }))).Role!.AssumeRolePolicyDocument) as { Statement: Array<{ Principal: { AWS: string } }> };
      assert.equal(doc.Statement[0]!.Principal.AWS, `arn:aws:iam::${root.accountId}:user/moved/trusted2`);
    });
  });

  it('updates description, MaxSessionDuration and the trust policy', async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: 'Bounded', Description: 'new', MaxSessionDuration: 7200 }));
    const other = trustPolicy({ Service: 'glue.amazonaws.com' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Bounded', PolicyDocument: other }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!;
    assert.equal(role.Description, 'new');
    assert.equal(role.MaxSessionDuration, 7200);
    assert.deepEqual(decoded(role.AssumeRolePolicyDocument), JSON.parse(other));
  });

  it('sets and removes a permissions boundary; an unknown policy is NoSuchEntity', async () => {
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'FeatureStoreExec', PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'FeatureStoreExec' }))).Role!.PermissionsBoundary!.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/AdministratorAccess');
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'FeatureStoreExec' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'FeatureStoreExec' }))).Role!.PermissionsBoundary, undefined);
    const missing = `arn:aws:iam::${root.accountId}:policy/none`;
    await assertAwsError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'FeatureStoreExec', PermissionsBoundary: missing })),
      'NoSuchEntity',
      404,
      `Scope ARN: ${missing} does not exist or is not attachable.`,
    );
  });

  it('tags, untags and lists role tags', async () => {
    await iam.send(new TagRoleCommand({ RoleName: 'Bounded', Tags: [{ Key: 'Team', Value: 'platform' }, { Key: 'env', Value: 'dev' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'Bounded', TagKeys: ['ENV'] }));
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'Bounded' }));
    assert.deepEqual(tags.Tags, [{ Key: 'Team', Value: 'platform' }]);
    await assertAwsError(iam.send(new TagRoleCommand({ RoleName: 'Bounded', Tags: [{ Key: 'AWS:reserved', Value: 'x' }] })), 'InvalidInput', 400, /aws:/);
  });

  it('lists roles by name with PathPrefix and pages; no tags or boundary in lists', async () => {
    const all = await iam.send(new ListRolesCommand({}));
    const names = all.Roles!.map((r) => r.RoleName);
    assert.deepEqual(names, [...names].sort((a, b) => a!.toLowerCase().localeCompare(b!.toLowerCase())));
    const bounded = all.Roles!.find((r) => r.RoleName === 'Bounded')!;
    assert.equal(bounded.Tags, undefined);
    assert.equal(bounded.PermissionsBoundary, undefined);
    assert.ok(bounded.AssumeRolePolicyDocument);
    const svc = await iam.send(new ListRolesCommand({ PathPrefix: '/service/' }));
    assert.deepEqual(svc.Roles!.map((r) => r.RoleName), ['FeatureStoreExec']);
    const page = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    assert.equal(page.Roles!.length, 1);
    assert.equal(page.IsTruncated, true);
    const next = await iam.send(new ListRolesCommand({ MaxItems: 1, Marker: page.Marker }));
    assert.equal(next.Roles![0]!.RoleName, names[1]);
  });

  it('refuses to delete a role with inline or attached policies (DeleteConflict), then deletes it', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'padded', PolicyName: 'inline', PolicyDocument: allowPolicy('s3:GetObject') }));
    await assertAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'padded' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'padded', PolicyName: 'inline' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'padded', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await assertAwsError(iam.send(new DeleteRoleCommand({ RoleName: 'padded' })), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'padded', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'padded' }));
    await assertAwsError(iam.send(new GetRoleCommand({ RoleName: 'padded' })), 'NoSuchEntity', 404, 'The role with name padded cannot be found.');
  });
});
