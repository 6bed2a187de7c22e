import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreateUserCommand, GetRoleCommand, PutGroupPolicyCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListFeatureGroupsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { CreateBucketCommand, CreateMultipartUploadCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CROSS_ACCOUNT_ROLE, DEFAULT_EXECUTION_ROLE, executionRoleArn } from '../../src/guide/cross-account-policies.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { runCli, runCliAsync } from './cli-process.js';
import { notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys, embeddedOnly } from './harness.js';
import { assertAwsError, iamClient } from './iam-helpers.js';
import { s3 } from './s3-objects-helpers.js';
import { sampleCsv } from './sample.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sts = (url: string, credentials: Creds) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });

/** Rows of every table that has an account column (account_id, catalog_id) held by the account, by table. */
function accountRows(dataDir: string, accountId: string): Record<string, number> {
  const db = openDatabase(dataDir);
  try {
    const out: Record<string, number> = {};
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const columns = (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map((c) => c.name);
      const column = columns.find((c) => c === 'account_id' || c === 'catalog_id');
      if (!column) continue;
      const { n } = db.prepare(`SELECT count(*) AS n FROM ${name} WHERE ${column} = ?`).get(accountId) as { n: number };
      if (n > 0) out[name] = n;
    }
    return out;
  } finally {
    db.close();
  }
}

/** Objects stored in the buckets named, and the role sessions of other accounts assumed by a principal of `accountId`. */
function related(dataDir: string, buckets: string[], accountId: string, entityIds: string[] = []): { objects: number; uploads: number; parts: number; sessionsAssumedByIt: number; entityRows: number } {
  const db = openDatabase(dataDir);
  try {
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    const objects = buckets.reduce((n, b) => n + count('SELECT count(*) AS n FROM s3_objects WHERE bucket = ?', b), 0);
    const uploads = buckets.reduce((n, b) => n + count('SELECT count(*) AS n FROM s3_uploads WHERE bucket = ?', b), 0);
    const parts = buckets.reduce((n, b) => n + count('SELECT count(*) AS n FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket = ?)', b), 0);
    const sessions = db.prepare('SELECT document FROM role_sessions WHERE account_id <> ?').all(accountId) as Array<{ document: string }>;
    const sessionsAssumedByIt = sessions.filter((s) => (JSON.parse(s.document) as { assumedBy: string }).assumedBy.includes(`::${accountId}:`)).length;
    // The tables keyed by an entity's id only: inline policies, group members, policy versions.
    const entityRows = entityIds.reduce((n, id) => n + count('SELECT count(*) AS n FROM iam_inline_policies WHERE entity_id = ?', id)
      + count('SELECT count(*) AS n FROM iam_group_members WHERE group_id = ? OR user_id = ?', id, id) + count('SELECT count(*) AS n FROM iam_policy_versions WHERE policy_id = ?', id), 0);
    return { objects, uploads, parts, sessionsAssumedByIt, entityRows };
  } finally {
    db.close();
  }
}

function bucketsOf(dataDir: string, accountId: string): string[] {
  const db = openDatabase(dataDir);
  try {
    return (db.prepare('SELECT name FROM s3_buckets WHERE account_id = ? ORDER BY name').all(accountId) as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** The summary `account delete` prints, from the rows the account held before. */
function summary(rows: Record<string, number>, objects: number, revoked: number): string {
  const n = (t: string) => rows[t] ?? 0;
  return `${n('iam_users')} IAM users, ${n('iam_roles')} roles, ${n('iam_groups')} groups, ${n('iam_policies')} managed policies, ${n('access_keys')} access keys, ` +
    `${n('s3_buckets')} buckets, ${objects} objects, ${n('feature_groups')} feature groups, ${n('fs_records')} online records, ${n('glue_databases')} Glue databases, ` +
    `${n('athena_query_executions')} Athena query executions, ${revoked} other accounts' role sessions it had assumed`;
}

/** Files under a folder, recursively (the object store's bytes). */
function fileCount(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((n, name) => n + (statSync(join(dir, name)).isDirectory() ? fileCount(join(dir, name)) : 1), 0);
}

describe('sagelite account credentials, account delete and reset, on a real data directory', { skip: embeddedOnly('reads sagelite.db to count what is left') }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let a: string;
  let b: string;
  let c: AccountKeys;
  let keysA: Creds;
  let keysB: Creds;
  let bSessionFromA: Creds;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sagelite-delete-'));
    server = await ServerProcess.start({ dataDir, extraArgs: ['--offline-flush-interval', '100'] });
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints an account’s root key again, by id or alias, and lists keys on request; an unknown account or data directory is an error', async () => {
    c = createAccount(dataDir, 'bystander');
    const byAlias = runCli(['account', 'credentials', 'bystander', '--json', '--data-dir', dataDir]);
    assert.equal(byAlias.status, 0, byAlias.stderr);
    assert.deepEqual(JSON.parse(byAlias.stdout), c);
    const env = runCli(['account', 'credentials', c.accountId, '--env'], { SAGELITE_DATA_DIR: dataDir });
    assert.equal(env.stdout, `export AWS_ACCESS_KEY_ID=${c.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}\n`);
    const listed = runCli(['account', 'list', '--show-keys', '--data-dir', dataDir]);
    assert.equal(listed.stdout, `${c.accountId}  bystander\n  AWS_ACCESS_KEY_ID=${c.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}\n`);
    assert.equal(runCli(['account', 'list', '--data-dir', dataDir]).stdout, `${c.accountId}  bystander\n`, 'no keys without --show-keys');
    const unknown = runCli(['account', 'credentials', '999999999999', '--data-dir', dataDir]);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, 'sagelite account credentials: no account 999999999999 in this data directory (sagelite account list shows them)\n');
    const missingDir = join(dataDir, 'typo');
    const none = runCli(['account', 'credentials', 'bystander', '--data-dir', missingDir]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /the data directory .*typo does not exist: pass the server's --data-dir \(or set SAGELITE_DATA_DIR\)/);
    const explain = runCli(['explain', '0000', '--endpoint', server.url, '--data-dir', missingDir]);
    assert.equal(explain.status, 1);
    assert.equal(explain.stderr, `sagelite explain: the data directory ${missingDir} does not exist: pass the server's --data-dir (or set SAGELITE_DATA_DIR)\n`);
    assert.equal(existsSync(missingDir), false, 'no data directory is made');
    // The key printed again signs requests.
    const who = await sts(server.url, c).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${c.accountId}:root`);
    await s3(server.url, c).send(new CreateBucketCommand({ Bucket: `bystander-${c.accountId}` }));
    await s3(server.url, c).send(new PutObjectCommand({ Bucket: `bystander-${c.accountId}`, Key: 'k', Body: 'kept' }));
  });

  it('deletes account A and everything it owns, revokes B’s sessions A had assumed; B and C keep all of theirs', async () => {
    const demo = await runCliAsync(['demo', '--endpoint', server.url, '--operator-key', join(dataDir, 'operator.json')]);
    assert.equal(demo.status, 0, demo.stdout + demo.stderr);
    const ids = /accounts A (\d{12}) .* B (\d{12})/.exec(demo.stdout)!;
    a = ids[1]!;
    b = ids[2]!;
    const list = JSON.parse(runCli(['account', 'list', '--json', '--show-keys', '--data-dir', dataDir]).stdout) as Array<{ accountId: string; rootKeys: Creds[] }>;
    keysA = list.find((x) => x.accountId === a)!.rootKeys[0]!;
    keysB = list.find((x) => x.accountId === b)!.rootKeys[0]!;
    const g = { accountA: a, accountB: b, resultsBucket: `sagemaker-athena-results-${a}` };
    // A session of B's role that A's notebook assumed: it goes with A.
    const notebook = await notebookCredentials(server, g);
    const assumed = await sts(server.url, notebook).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${b}:role/${CROSS_ACCOUNT_ROLE}`, RoleSessionName: 'nb' }));
    bSessionFromA = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    const execRoleId = (await iamClient(server.url, keysA).send(new GetRoleCommand({ RoleName: DEFAULT_EXECUTION_ROLE }))).Role!.RoleId!;
    // More of A than the guide makes: a user in a group, with inline and managed policies and a key; an unfinished upload.
    const iamA = iamClient(server.url, keysA);
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const userId = (await iamA.send(new CreateUserCommand({ UserName: 'analyst' }))).User!.UserId!;
    const groupId = (await iamA.send(new CreateGroupCommand({ GroupName: 'analysts' }))).Group!.GroupId!;
    const policy = (await iamA.send(new CreatePolicyCommand({ PolicyName: 'list', PolicyDocument: doc }))).Policy!;
    await iamA.send(new AddUserToGroupCommand({ GroupName: 'analysts', UserName: 'analyst' }));
    await iamA.send(new PutUserPolicyCommand({ UserName: 'analyst', PolicyName: 'inline', PolicyDocument: doc }));
    await iamA.send(new PutGroupPolicyCommand({ GroupName: 'analysts', PolicyName: 'inline', PolicyDocument: doc }));
    await iamA.send(new AttachUserPolicyCommand({ UserName: 'analyst', PolicyArn: policy.Arn! }));
    await iamA.send(new CreateAccessKeyCommand({ UserName: 'analyst' }));
    const upload = await s3(server.url, keysA).send(new CreateMultipartUploadCommand({ Bucket: `sagemaker-athena-results-${a}`, Key: 'half' }));
    await s3(server.url, keysA).send(new UploadPartCommand({ Bucket: `sagemaker-athena-results-${a}`, Key: 'half', UploadId: upload.UploadId!, PartNumber: 1, Body: 'part' }));
    const entityIds = [execRoleId, userId, groupId, policy.PolicyId!];
    const trustBefore = (await iamClient(server.url, keysB).send(new GetRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE }))).Role!.AssumeRolePolicyDocument!;
    assert.match(decodeURIComponent(trustBefore), new RegExp(executionRoleArn(g)));

    const bucketsA = bucketsOf(dataDir, a);
    const beforeA = accountRows(dataDir, a);
    const beforeB = accountRows(dataDir, b);
    const beforeC = accountRows(dataDir, c.accountId);
    const relatedA = related(dataDir, bucketsA, a, entityIds);
    assert.deepEqual(bucketsA, [`sagemaker-athena-results-${a}`]);
    assert.ok(relatedA.objects > 0 && relatedA.uploads === 1 && relatedA.parts === 1 && relatedA.sessionsAssumedByIt >= 2, JSON.stringify(relatedA));
    // The role's inline policies (2), the user's and the group's (2), the membership (seen from the user and the group: 2), the policy's version.
    assert.equal(relatedA.entityRows, 7);
    for (const table of ['accounts', 'access_keys', 'role_sessions', 'iam_users', 'iam_groups', 'iam_roles', 'iam_policies', 'iam_attachments', 's3_buckets']) assert.ok(beforeA[table]! > 0, `A has ${table}: ${JSON.stringify(beforeA)}`);
    for (const table of ['feature_groups', 'fs_records', 'glue_databases', 'glue_tables', 'athena_query_executions', 'iam_policies']) assert.ok(beforeB[table]! > 0, `B has ${table}: ${JSON.stringify(beforeB)}`);
    const filesBefore = fileCount(join(dataDir, 'objects'));

    const running = runCli(['account', 'delete', a, '--yes', '--data-dir', dataDir]);
    assert.equal(running.status, 1);
    assert.match(running.stderr, /^sagelite account delete: the data directory .* is in use by a running sagelite server: stop it first/);
    await server.stop('SIGTERM', false);
    const unconfirmed = runCli(['account', 'delete', a, '--data-dir', dataDir]);
    assert.equal(unconfirmed.status, 2);
    assert.equal(unconfirmed.stderr, `sagelite account delete: this deletes account ${a} and everything it owns; run again with --yes to do it\n`);
    assert.deepEqual(accountRows(dataDir, a), beforeA, 'nothing changed without --yes');

    const done = runCli(['account', 'delete', a, '--yes', '--data-dir', dataDir]);
    assert.equal(done.status, 0, done.stderr);
    assert.equal(done.stdout, `deleted account ${a}: ${summary(beforeA, relatedA.objects, relatedA.sessionsAssumedByIt)}\n`);
    assert.deepEqual([beforeA['iam_users'], beforeA['iam_groups'], beforeA['iam_roles'], beforeA['iam_policies'], beforeA['s3_buckets'], beforeA['feature_groups']], [1, 1, 1, 1, 1, undefined]);
    assert.deepEqual(accountRows(dataDir, a), {}, 'no row of any account-keyed table is left');
    assert.deepEqual(related(dataDir, bucketsA, a, entityIds), { objects: 0, uploads: 0, parts: 0, sessionsAssumedByIt: 0, entityRows: 0 });
    const bAfter = accountRows(dataDir, b);
    const { role_sessions: sessionsAfter, access_keys: keysAfter, ...restB } = bAfter;
    const { role_sessions: sessionsBefore, access_keys: keysBefore, ...restBefore } = beforeB;
    assert.deepEqual(restB, restBefore, 'B keeps everything but the sessions A had assumed');
    assert.equal(sessionsAfter ?? 0, sessionsBefore! - relatedA.sessionsAssumedByIt);
    assert.equal(keysAfter, keysBefore! - relatedA.sessionsAssumedByIt);
    assert.deepEqual(accountRows(dataDir, c.accountId), beforeC);
    assert.equal(fileCount(join(dataDir, 'objects')), filesBefore - relatedA.objects - relatedA.parts, "the deleted objects' and parts' files are gone, no other");

    server = await ServerProcess.start({ dataDir });
    await assertAwsError(sts(server.url, keysA).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    await assertAwsError(sts(server.url, bSessionFromA).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    // B's documents that named A stay as B wrote them; the deleted role shows as its unique id, as IAM shows a deleted principal.
    const trustAfter = decodeURIComponent((await iamClient(server.url, keysB).send(new GetRoleCommand({ RoleName: CROSS_ACCOUNT_ROLE }))).Role!.AssumeRolePolicyDocument!);
    assert.deepEqual(JSON.parse(trustAfter), JSON.parse(decodeURIComponent(trustBefore).replace(executionRoleArn(g), execRoleId)));
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: keysB, maxAttempts: 1 });
    const groups = (await sm.send(new ListFeatureGroupsCommand({}))).FeatureGroupSummaries!.map((x) => x.FeatureGroupName).sort();
    assert.deepEqual(groups, ['customers', 'purchases']);
    const runtime = new SageMakerFeatureStoreRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials: keysB, maxAttempts: 1 });
    const [cid, name] = sampleCsv('customers')[0]!;
    const record = await runtime.send(new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: cid }));
    assert.ok(record.Record?.some((f) => f.FeatureName === 'name' && f.ValueAsString === name), JSON.stringify(record.Record));
    const offline = await s3(server.url, keysB).send(new ListObjectsV2Command({ Bucket: `sagemaker-featurestore-${b}` }));
    assert.ok((offline.KeyCount ?? 0) > 0);
    const kept = await s3(server.url, c).send(new ListObjectsV2Command({ Bucket: `bystander-${c.accountId}` }));
    assert.deepEqual(kept.Contents!.map((o) => o.Key), ['k']);
    // The deleted bucket's name is free again, as on AWS.
    await s3(server.url, keysB).send(new CreateBucketCommand({ Bucket: `sagemaker-athena-results-${a}` }));
    sm.destroy();
    runtime.destroy();
  });

  it('deletes the central account B too: its feature groups, records, Glue catalog and Athena history go', async () => {
    await server.stop('SIGTERM', false);
    const beforeB = accountRows(dataDir, b);
    const objects = related(dataDir, bucketsOf(dataDir, b), b).objects;
    const done = runCli(['account', 'delete', b, '--yes', '--data-dir', dataDir]);
    assert.equal(done.status, 0, done.stderr);
    assert.equal(done.stdout, `deleted account ${b}: ${summary(beforeB, objects, 0)}\n`);
    // The guide's B: two roles, its custom policy, the offline-store bucket (and A's old bucket name, taken over), two groups of 5 and 10 records.
    assert.deepEqual([beforeB['iam_roles'], beforeB['iam_policies'], beforeB['s3_buckets'], beforeB['feature_groups'], beforeB['fs_records']], [2, 1, 2, 2, 15]);
    assert.ok(objects > 0 && beforeB['glue_tables']! >= 2 && beforeB['athena_query_executions']! >= 1, JSON.stringify(beforeB));
    assert.deepEqual(accountRows(dataDir, b), {});
    const unknown = runCli(['account', 'delete', b, '--yes', '--data-dir', dataDir]);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, `sagelite account delete: no account ${b} in this data directory (sagelite account list shows them)\n`);
    assert.equal(runCli(['account', 'list', '--data-dir', dataDir]).stdout, `${c.accountId}  bystander\n`);
  });

  it('reset wipes a stopped server’s data directory, and only what is sagelite’s', async () => {
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    const operatorBefore = readFileSync(join(dataDir, 'operator.json'), 'utf8');
    server = await ServerProcess.start({ dataDir });
    const running = runCli(['reset', '--yes', '--data-dir', dataDir]);
    assert.equal(running.status, 1);
    assert.match(running.stderr, /^sagelite reset: the data directory .* is in use by a running sagelite server: stop it first \(reset changes a stopped server's data/);
    await server.stop('SIGTERM', false);
    const unconfirmed = runCli(['reset'], { SAGELITE_DATA_DIR: dataDir });
    assert.equal(unconfirmed.status, 2);
    assert.equal(unconfirmed.stderr, `sagelite reset: this deletes every account and everything in ${dataDir}; run again with --yes to do it\n`);
    assert.ok(existsSync(join(dataDir, 'sagelite.db')));

    const done = runCli(['reset', '--yes', '--data-dir', dataDir]);
    assert.equal(done.status, 0, done.stderr);
    assert.equal(done.stdout, `reset ${dataDir}: removed sagelite.db, operator.json, kms-root.key, objects, athena-tmp, offline-store-tmp\n`);
    assert.deepEqual(readdirSync(dataDir).sort(), ['notes.txt', 'server.lock']);

    server = await ServerProcess.start({ dataDir });
    assert.equal(runCli(['account', 'list', '--json', '--data-dir', dataDir]).stdout, '[]\n');
    assert.notEqual(readFileSync(join(dataDir, 'operator.json'), 'utf8'), operatorBefore, 'a new operator key');
    await assertAwsError(sts(server.url, c).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');

    const elsewhere = join(dataDir, 'no-such-dir');
    const none = runCli(['reset', '--yes', '--data-dir', elsewhere]);
    assert.equal(none.status, 1);
    assert.equal(none.stderr, `sagelite reset: the data directory ${elsewhere} does not exist: nothing to reset\n`);
    assert.equal(existsSync(elsewhere), false);
  });
});
