import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateDatabaseCommand, CreateTableCommand, DeleteResourcePolicyCommand, DeleteTableCommand, GetDatabaseCommand, GetResourcePolicyCommand, GetTableCommand, GlueClient, PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { assertAwsError, iamClient } from './iam-helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const glue = (url: string, c: Creds) => new GlueClient({ endpoint: url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * The Data Catalog resource policy (PutResourcePolicy and friends), and what it lets other
 * accounts do: a caller of another account reads B's catalog by CatalogId only where B's policy
 * and the caller's own policies both allow (JS SDK v3).
 */
describe('Glue Data Catalog resource policy: cross-account access to B’s catalog (JS SDK v3)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let c: AccountKeys;
  let inB: GlueClient;
  let reader: GlueClient;
  const arn = (rest: string) => `arn:aws:glue:us-east-1:${b.accountId}:${rest}`;
  const readPolicy = (principal: string) => policy({
    Effect: 'Allow', Principal: { AWS: principal }, Action: ['glue:GetDatabase', 'glue:GetTable'],
    Resource: [arn('catalog'), arn('database/shared'), arn('table/shared/*')],
  });

  async function userIn(account: AccountKeys, name: string, document: string): Promise<GlueClient> {
    const iam = iamClient(server.url, account);
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: document }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return glue(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  }

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'glue-policy-a');
    b = createAccount(server.dataDir, 'glue-policy-b');
    c = createAccount(server.dataDir, 'glue-policy-c');
    inB = glue(server.url, b);
    for (const db of ['shared', 'private']) await inB.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db } }));
    for (const db of ['shared', 'private']) await inB.send(new CreateTableCommand({ DatabaseName: db, TableInput: { Name: 'orders' } }));
    reader = await userIn(a, 'reader', policy({ Effect: 'Allow', Action: 'glue:*', Resource: '*' }));
  });
  after(() => server.stop());

  it('without a policy, another account is refused B’s catalog whatever its own policies say; B has no policy to get', async () => {
    await assertAwsError(reader.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' })), 'AccessDeniedException', 400,
      /user\/reader is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:\d{12}:catalog because no resource-based policy allows the glue:GetTable action/);
    await assertAwsError(inB.send(new GetResourcePolicyCommand({})), 'EntityNotFoundException', 400, 'Policy not found');
  });

  it('B’s policy lets A read what it names, and only that; A’s own policy must allow it too; a third account gets nothing', async () => {
    const put = await inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${a.accountId}:root`), PolicyExistsCondition: 'NOT_EXIST' }));
    assert.match(put.PolicyHash!, /^\S{8,}$/);
    const table = await reader.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' }));
    assert.equal(table.Table!.CatalogId, b.accountId);
    assert.equal((await reader.send(new GetDatabaseCommand({ CatalogId: b.accountId, Name: 'shared' }))).Database!.Name, 'shared');
    await assertAwsError(reader.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'private', Name: 'orders' })), 'AccessDeniedException', 400, /database\/private because no resource-based policy allows/);
    await assertAwsError(reader.send(new DeleteTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' })), 'AccessDeniedException', 400, /glue:DeleteTable/);
    const unprivileged = await userIn(a, 'no-glue', policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    await assertAwsError(unprivileged.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' })), 'AccessDeniedException', 400,
      /no-glue is not authorized to perform: glue:GetTable .* because no identity-based policy allows the glue:GetTable action/);
    const third = await userIn(c, 'other', policy({ Effect: 'Allow', Action: 'glue:*', Resource: '*' }));
    await assertAwsError(third.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' })), 'AccessDeniedException', 400, /no resource-based policy allows/);
    await assertAwsError(reader.send(new GetResourcePolicyCommand({})), 'EntityNotFoundException', 400, 'Policy not found');
  });

  it('conditional puts and deletes: PolicyExistsCondition and PolicyHashCondition, ConditionCheckFailureException otherwise', async () => {
    const current = await inB.send(new GetResourcePolicyCommand({}));
    assert.equal(current.PolicyInJson, readPolicy(`arn:aws:iam::${a.accountId}:root`));
    assert.ok(current.CreateTime instanceof Date && current.UpdateTime instanceof Date);
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${c.accountId}:root`), PolicyExistsCondition: 'NOT_EXIST' })),
      'ConditionCheckFailureException', 400, 'Policy already exists, but PolicyExistsCondition is NOT_EXIST.');
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${c.accountId}:root`), PolicyHashCondition: 'not-the-hash' })),
      'ConditionCheckFailureException', 400, /PolicyHashCondition not-the-hash does not match/);
    const moved = await inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${c.accountId}:root`), PolicyHashCondition: current.PolicyHash, PolicyExistsCondition: 'MUST_EXIST' }));
    assert.notEqual(moved.PolicyHash, current.PolicyHash);
    await assertAwsError(reader.send(new GetTableCommand({ CatalogId: b.accountId, DatabaseName: 'shared', Name: 'orders' })), 'AccessDeniedException', 400, /no resource-based policy allows/);
    await assertAwsError(inB.send(new DeleteResourcePolicyCommand({ PolicyHashCondition: current.PolicyHash })), 'ConditionCheckFailureException', 400, /does not match/);
    await inB.send(new DeleteResourcePolicyCommand({ PolicyHashCondition: moved.PolicyHash }));
    await assertAwsError(inB.send(new DeleteResourcePolicyCommand({})), 'EntityNotFoundException', 400, 'Policy not found');
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${a.accountId}:root`), PolicyExistsCondition: 'MUST_EXIST' })),
      'ConditionCheckFailureException', 400, 'Policy does not exist, but PolicyExistsCondition is MUST_EXIST.');
  });

  it('refuses what is not a resource policy, a policy over 10 KB, and another catalog’s ARN; needs glue:PutResourcePolicy', async () => {
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: '{"Version":"2012-10-17"' })), 'InvalidInputException', 400, /^Policy is not valid: /);
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: policy({ Effect: 'Allow', Action: 'glue:GetTable', Resource: '*' }) })), 'InvalidInputException', 400, /^Policy is not valid: .*Principal/i);
    const big = policy(...Array.from({ length: 80 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'glue:GetTable', Resource: arn(`table/shared/t${i}`) })));
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: big })), 'InvalidInputException', 400, /a Data Catalog resource policy can be at most 10240 bytes/);
    await assertAwsError(inB.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${a.accountId}:root`), ResourceArn: `arn:aws:glue:us-east-1:${a.accountId}:catalog` })),
      'InvalidInputException', 400, /is not the Data Catalog of this account and region/);
    const noPut = await userIn(b, 'no-put', policy({ Effect: 'Allow', Action: 'glue:Get*', Resource: '*' }));
    await assertAwsError(noPut.send(new PutResourcePolicyCommand({ PolicyInJson: readPolicy(`arn:aws:iam::${a.accountId}:root`) })), 'AccessDeniedException', 400, /glue:PutResourcePolicy/);
    await assertAwsError(inB.send(new GetResourcePolicyCommand({})), 'EntityNotFoundException', 400, 'Policy not found');
  });
});
