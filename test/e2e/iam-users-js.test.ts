import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  DeleteUserPolicyCommand,
  AttachUserPolicyCommand,
  DetachUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
  paginateListUsers,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { allowPolicy, assertAwsError, iamClient } from './iam-helpers.js';

describe('IAM users, groups and access keys with the AWS SDK for JavaScript v3', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  let other: AccountKeys;
  let iam: IAMClient;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir, 'users-a');
    other = createAccount(server.dataDir, 'users-b');
    iam = iamClient(server.url, root);
  });
  after(() => server.stop());

  describe('users', () => {
    it('creates a user with an AIDA id, its ARN (with path) and tags; GetUser reads it back', async () => {
      const out = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'ml' }] }));
      assert.match(out.User!.UserId!, /^AIDA[A-Z2-7]{16}$/);
      assert.equal(out.User!.Arn, `arn:aws:iam::${root.accountId}:user/eng/alice`);
      assert.equal(out.User!.Path, '/eng/');
      assert.ok(out.User!.CreateDate instanceof Date);
      const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
      assert.deepEqual(got.User, out.User);
    });

    it('GetUser without a name answers for the root user as AWS shows it', async () => {
      const out = await iam.send(new GetUserCommand({}));
      assert.equal(out.User!.UserId, root.accountId);
      assert.equal(out.User!.Arn, `arn:aws:iam::${root.accountId}:root`);
      assert.equal(out.User!.UserName, undefined);
      assert.ok(out.User!.CreateDate instanceof Date);
    });

    it('refuses a name taken in any case: EntityAlreadyExists (409)', async () => {
      await assertAwsError(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExists', 409, 'User with name ALICE already exists.');
    });

    it('keeps accounts apart: the same name in another account is another user', async () => {
      const out = await iamClient(server.url, other).send(new CreateUserCommand({ UserName: 'alice' }));
      assert.equal(out.User!.Arn, `arn:aws:iam::${other.accountId}:user/alice`);
    });

    it('answers NoSuchEntity (404) for an unknown user', async () => {
      await assertAwsError(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    });

    it('validates names and paths against the model: ValidationError (400)', async () => {
      await assertAwsError(
        iam.send(new CreateUserCommand({ UserName: 'bad name' })),
        'ValidationError',
        400,
        "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      );
      await assertAwsError(iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), 'ValidationError', 400, /Member must have length less than or equal to 64/);
      await assertAwsError(iam.send(new CreateUserCommand({ UserName: 'p', Path: 'no-slashes' })), 'ValidationError', 400, /at 'path' failed to satisfy constraint/);
    });

    it('renames and moves a user; the old name is gone and the new one taken', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await iam.send(new UpdateUserCommand({ UserName: 'bob', NewUserName: 'robert', NewPath: '/ops/' }));
      const got = await iam.send(new GetUserCommand({ UserName: 'robert' }));
      assert.equal(got.User!.Arn, `arn:aws:iam::${root.accountId}:user/ops/robert`);
      await assertAwsError(iam.send(new GetUserCommand({ UserName: 'bob' })), 'NoSuchEntity', 404, 'The user with name bob cannot be found.');
      await assertAwsError(iam.send(new UpdateUserCommand({ UserName: 'robert', NewUserName: 'Alice' })), 'EntityAlreadyExists', 409, 'User with name Alice already exists.');
    });

    it('tags, untags (keys without regard to case) and lists tags', async () => {
      await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'TEAM', Value: 'platform' }, { Key: 'cost', Value: '42' }] }));
      let tags = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
      assert.deepEqual(tags.Tags, [{ Key: 'TEAM', Value: 'platform' }, { Key: 'cost', Value: '42' }]);
      await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team', 'absent'] }));
      tags = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
      assert.deepEqual(tags.Tags, [{ Key: 'cost', Value: '42' }]);
      assert.equal(tags.IsTruncated, false);
    });

    it('refuses reserved, duplicate and too many tags', async () => {
      await assertAwsError(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'aws:x', Value: 'v' }] })), 'InvalidInput', 400, /aws:/);
      await assertAwsError(
        iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'k', Value: '1' }, { Key: 'K', Value: '2' }] })),
        'InvalidInput',
        400,
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
      const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await assertAwsError(iam.send(new TagUserCommand({ UserName: 'alice', Tags: fifty })), 'LimitExceeded', 409, 'Cannot exceed quota for TagsPerUser: 50');
      await assertAwsError(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [...fifty, { Key: 'x', Value: '' }] })), 'ValidationError', 400, /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/);
    });

    it('lists users by name with PathPrefix, and pages with Marker/MaxItems/IsTruncated', async () => {
      const fresh = createAccount(server.dataDir);
      const client = iamClient(server.url, fresh);
      for (const name of ['u3', 'u1', 'U2', 'u5', 'u4']) await client.send(new CreateUserCommand({ UserName: name, Path: name === 'u5' ? '/svc/' : '/' }));
      const first = await client.send(new ListUsersCommand({ MaxItems: 2 }));
      assert.deepEqual(first.Users!.map((u) => u.UserName), ['u1', 'U2']);
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      const second = await client.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
      assert.deepEqual(second.Users!.map((u) => u.UserName), ['u3', 'u4']);
      const third = await client.send(new ListUsersCommand({ MaxItems: 2, Marker: second.Marker }));
      assert.deepEqual(third.Users!.map((u) => u.UserName), ['u5']);
      assert.equal(third.IsTruncated, false);
      assert.equal(third.Marker, undefined);
      const names: string[] = [];
      for await (const page of paginateListUsers({ client, pageSize: 2 }, {})) names.push(...page.Users!.map((u) => u.UserName!));
      assert.deepEqual(names, ['u1', 'U2', 'u3', 'u4', 'u5']);
      const svc = await client.send(new ListUsersCommand({ PathPrefix: '/svc/' }));
      assert.deepEqual(svc.Users!.map((u) => u.UserName), ['u5']);
      assert.equal(svc.Users![0]!.Tags, undefined);
      await assertAwsError(client.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError', 400, /at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1/);
      await assertAwsError(client.send(new ListUsersCommand({ Marker: 'bogus' })), 'ValidationError', 400, 'Invalid Marker.');
    });
  });

  describe('groups', () => {
    it('creates, reads (with members), renames and lists groups', async () => {
      const created = await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
      assert.match(created.Group!.GroupId!, /^AGPA/);
      assert.equal(created.Group!.Arn, `arn:aws:iam::${root.accountId}:group/devs`);
      await assertAwsError(iam.send(new CreateGroupCommand({ GroupName: 'DEVS' })), 'EntityAlreadyExists', 409, 'Group with name DEVS already exists.');
      await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
      const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
      assert.deepEqual(got.Users!.map((u) => u.UserName), ['alice']);
      assert.equal(got.Group!.GroupName, 'devs');
      const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
      assert.deepEqual(forUser.Groups!.map((g) => g.GroupName), ['devs']);
      await iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'developers', NewPath: '/eng/' }));
      const listed = await iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }));
      assert.deepEqual(listed.Groups!.map((g) => g.Arn), [`arn:aws:iam::${root.accountId}:group/eng/developers`]);
    });

    it('answers NoSuchEntity for unknown groups and non-members', async () => {
      await assertAwsError(iam.send(new GetGroupCommand({ GroupName: 'ghosts' })), 'NoSuchEntity', 404, 'The group with name ghosts cannot be found.');
      await assertAwsError(iam.send(new AddUserToGroupCommand({ GroupName: 'developers', UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
      await assertAwsError(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'developers', UserName: 'robert' })), 'NoSuchEntity', 404, 'The user with name robert cannot be found.');
    });

    it('refuses to delete a group with members (DeleteConflict, 409), then deletes it once empty', async () => {
      await assertAwsError(iam.send(new DeleteGroupCommand({ GroupName: 'developers' })), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    });

    it('limits a user to 10 groups', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'joiner' }));
      for (let i = 0; i < 10; i++) {
        await iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
        await iam.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
      }
      await iam.send(new CreateGroupCommand({ GroupName: 'g10' }));
      await assertAwsError(iam.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })), 'LimitExceeded', 409, 'Cannot exceed quota for GroupsPerUser: 10');
    });
  });

  describe('access keys', () => {
    it('creates AKIA keys with 40-character secrets, at most two per user', async () => {
      const a = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
      assert.match(a.AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(a.AccessKey!.SecretAccessKey!.length, 40);
      assert.equal(a.AccessKey!.Status, 'Active');
      assert.equal(a.AccessKey!.UserName, 'alice');
      await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
      await assertAwsError(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
      assert.equal(listed.AccessKeyMetadata!.length, 2);
      assert.equal(listed.AccessKeyMetadata![0]!.AccessKeyId, a.AccessKey!.AccessKeyId);
      assert.equal((listed.AccessKeyMetadata![0] as Record<string, unknown>)['SecretAccessKey'], undefined);
    });

    it('deactivates, reports last use and deletes a key; an unknown key is NoSuchEntity', async () => {
      const [key] = (await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata!;
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key!.AccessKeyId, Status: 'Inactive' }));
      const after = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
      assert.equal(after.AccessKeyMetadata![0]!.Status, 'Inactive');
      const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key!.AccessKeyId }));
      assert.equal(used.UserName, 'alice');
      assert.deepEqual(used.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key!.AccessKeyId }));
      await assertAwsError(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key!.AccessKeyId })),
        'NoSuchEntity',
        404,
        `The Access Key with id ${key!.AccessKeyId} cannot be found.`,
      );
      await assertAwsError(iam.send(new DeleteAccessKeyCommand({ UserName: 'joiner', AccessKeyId: root.accessKeyId })), 'NoSuchEntity', 404, /cannot be found/);
    });

    it('lists the root user\'s own keys when no user is named', async () => {
      const listed = await iam.send(new ListAccessKeysCommand({}));
      assert.deepEqual(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId), [root.accessKeyId]);
    });
  });

  describe('DeleteUser', () => {
    it('refuses while the user has keys, policies or groups, each with AWS\'s message; then deletes', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'leaver' }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'leaver' }));
      await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'leaver' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'leaver', AccessKeyId: key.AccessKey!.AccessKeyId }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'leaver', PolicyName: 'p', PolicyDocument: allowPolicy('s3:GetObject') }));
      await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'leaver' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'leaver', PolicyName: 'p' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'leaver', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
      await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'leaver' })), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
      await iam.send(new DetachUserPolicyCommand({ UserName: 'leaver', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'g0', UserName: 'leaver' }));
      await assertAwsError(iam.send(new DeleteUserCommand({ UserName: 'leaver' })), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'g0', UserName: 'leaver' }));
      await iam.send(new DeleteUserCommand({ UserName: 'leaver' }));
      await assertAwsError(iam.send(new GetUserCommand({ UserName: 'leaver' })), 'NoSuchEntity', 404, 'The user with name leaver cannot be found.');
    });
  });
});
