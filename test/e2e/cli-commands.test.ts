import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRolePolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { executionRoleArn, type GuideAccounts } from '../../src/guide/cross-account-policies.js';
import { notebookCredentials, type SessionCredentials } from './guide-setup.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient } from './iam-helpers.js';
import { SAMPLE_DIR, sampleCsv } from './sample.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'sagelite.js');

/** Runs the real `sagelite` command with only the given AWS settings (none inherited). */
function run(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...base, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI commands against the real server: setup cross-account, ingest with a failed-rows report and retry, get, query', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let work: string;
  /** Profiles acct-a and acct-b in files of their own, and the endpoint, as a user would set them. */
  let profiles: NodeJS.ProcessEnv;
  /** The notebook (A's execution role) in the environment, to reach B with --assume-role. */
  let asNotebook: NodeJS.ProcessEnv;
  let crossRole: string;
  let g: GuideAccounts;
  let customersTable: string;

  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    work = mkdtempSync(join(tmpdir(), 'sagelite-cli-'));
    writeFileSync(join(work, 'credentials'), `[acct-a]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n[acct-b]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`);
    writeFileSync(join(work, 'config'), '[profile acct-a]\nregion = us-east-1\n[profile acct-b]\nregion = us-east-1\n[default]\nregion = us-east-1\n');
    profiles = { AWS_SHARED_CREDENTIALS_FILE: join(work, 'credentials'), AWS_CONFIG_FILE: join(work, 'config'), AWS_ENDPOINT_URL: server.url };
    crossRole = `arn:aws:iam::${b.accountId}:role/cross-account-assume-role`;
    g = { accountA: a.accountId, accountB: b.accountId, resultsBucket: `sagemaker-athena-results-${a.accountId}` };
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('setup cross-account --print gives the guide’s documents as JSON, without credentials', () => {
    const r = run(['setup', 'cross-account', '--account-a', '111111111111', '--account-b', '222222222222', '--print'], {});
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      AccountA: { ExecutionRole: { Arn: string; InlinePolicies: Record<string, { Statement: { Action: string; Resource: string } }> }; ResultsBucket: { Bucket: string; Policy: { Statement: Array<{ Principal: { AWS: string[] } }> } } };
      AccountB: { CrossAccountRole: { AssumeRolePolicyDocument: { Statement: Array<{ Principal: { Service: string; AWS: string } }> }; AttachedManagedPolicies: string[] }; OfflineStoreBucket: { Bucket: string } };
    };
    assert.equal(plan.AccountA.ExecutionRole.Arn, 'arn:aws:iam::111111111111:role/AmazonSageMaker-ExecutionRole-sagelite');
    assert.deepEqual(plan.AccountA.ExecutionRole.InlinePolicies['assume-cross-account-role']!.Statement, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::222222222222:role/cross-account-assume-role' });
    assert.deepEqual(plan.AccountB.CrossAccountRole.AssumeRolePolicyDocument.Statement[0]!.Principal, { Service: 'sagemaker.amazonaws.com', AWS: 'arn:aws:iam::111111111111:role/AmazonSageMaker-ExecutionRole-sagelite' });
    assert.deepEqual(plan.AccountB.CrossAccountRole.AttachedManagedPolicies, ['arn:aws:iam::aws:policy/AmazonS3FullAccess', 'arn:aws:iam::aws:policy/AmazonAthenaFullAccess', 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess']);
    assert.equal(plan.AccountA.ResultsBucket.Bucket, 'sagemaker-athena-results-111111111111');
    assert.ok(plan.AccountA.ResultsBucket.Policy.Statement[0]!.Principal.AWS.includes('arn:aws:iam::222222222222:role/cross-account-assume-role'));
    assert.equal(plan.AccountB.OfflineStoreBucket.Bucket, 'sagemaker-featurestore-222222222222');
    const bad = run(['setup', 'cross-account', '--account-a', '1111', '--account-b', '222222222222', '--print'], {});
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /option '--account-a <id>' argument '1111' is invalid\. an AWS account id is 12 digits/);
  });

  it('setup cross-account applies the guide with each account’s profile, refuses a profile of the wrong account, and converges when run again', async () => {
    const wrong = run(['setup', 'cross-account', '--account-a', a.accountId, '--account-b', b.accountId, '--profile-a', 'acct-b', '--profile-b', 'acct-b'], profiles);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, new RegExp(`the credentials for account A \\(profile acct-b\\) are arn:aws:iam::${b.accountId}:root, of account ${b.accountId}, not ${a.accountId}`));

    const args = ['setup', 'cross-account', '--account-a', a.accountId, '--account-b', b.accountId, '--profile-a', 'acct-a', '--profile-b', 'acct-b'];
    const r = run(args, profiles);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ role created +${crossRole} \\(trusts account ${a.accountId}\\)`));
    assert.match(r.stdout, /✓ execution role created/);
    assert.match(r.stdout, new RegExp(`✓ account A's execution role may now assume ${crossRole}`));
    const role = await iamClient(server.url, b).send(new GetRoleCommand({ RoleName: 'cross-account-assume-role' }));
    const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)) as { Statement: Array<{ Principal: { AWS: string; Service: string } }> };
    assert.deepEqual(trust.Statement[0]!.Principal, { Service: 'sagemaker.amazonaws.com', AWS: executionRoleArn(g) });
    const inline = await iamClient(server.url, a).send(new GetRolePolicyCommand({ RoleName: 'AmazonSageMaker-ExecutionRole-sagelite', PolicyName: 'assume-cross-account-role' }));
    assert.match(decodeURIComponent(inline.PolicyDocument!), new RegExp(crossRole));

    const again = run(args, profiles);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /✓ role exists/);
    assert.match(again.stdout, /✓ results bucket exists/);
  });

  it('ingest through B’s role (--assume-role): a bad row fails into a report, and ingesting the fixed report puts it', async () => {
    const notebook: SessionCredentials = await notebookCredentials(server, g);
    asNotebook = { AWS_ACCESS_KEY_ID: notebook.accessKeyId, AWS_SECRET_ACCESS_KEY: notebook.secretAccessKey, AWS_SESSION_TOKEN: notebook.sessionToken, AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: server.url, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const bRoot = { credentials: { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }, endpoint: server.url, region: 'us-east-1' };
    const sm = new SageMakerClient(bRoot);
    const schema = JSON.parse(readFileSync(join(SAMPLE_DIR, 'schema', 'customers.json'), 'utf8')) as { features: Array<{ name: string; type: string }> };
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'customers', RecordIdentifierFeatureName: 'cid', EventTimeFeatureName: 'created_at',
      FeatureDefinitions: schema.features.map((f) => ({ FeatureName: f.name, FeatureType: f.type === 'bigint' ? 'Integral' : f.type === 'double' ? 'Fractional' : 'String' })),
      OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://sagemaker-featurestore-${b.accountId}/cli` } },
      RoleArn: `arn:aws:iam::${b.accountId}:role/feature-store-offline-role`,
    }));
    customersTable = (await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }))).OfflineStoreConfig!.DataCatalogConfig!.TableName!;
    sm.destroy();

    const csv = join(work, 'customers.csv');
    writeFileSync(csv, 'cid,name,age,city\n501,ana,32,tulsa\n502,"bo, jr",thirty,san jose\n503,cy,24,reno\n');
    const r = run(['ingest', 'customers', csv, '--assume-role', crossRole, '--event-time-now', '--concurrency', '2'], asNotebook);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stdout, 'ingested 2 of 3 rows into customers\n');
    const reportFile = join(work, 'customers.failed.jsonl');
    assert.match(r.stderr, new RegExp(`${csv.replace(/[.]/g, '\\.')}:3: ValidationException: .*age`));
    assert.match(r.stderr, new RegExp(`1 rows failed; they are in ${reportFile.replace(/[.]/g, '\\.')}: fix them \\(or the cause\\) and run: sagelite ingest customers`));
    const entries = readFileSync(reportFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; error: { code: string }; row: Record<string, string> });
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.source, `${csv}:3`);
    assert.equal(entries[0]!.error.code, 'ValidationException');
    assert.deepEqual(entries[0]!.row, { cid: '502', name: 'bo, jr', age: 'thirty', city: 'san jose' }, 'the row as read: no event time filled in');

    writeFileSync(reportFile, readFileSync(reportFile, 'utf8').replace('"thirty"', '"30"'));
    const retried = run(['ingest', 'customers', reportFile, '--assume-role', crossRole, '--event-time-now', '--failed-rows', join(work, 'again.jsonl')], asNotebook);
    assert.equal(retried.status, 0, retried.stdout + retried.stderr);
    assert.equal(retried.stdout, 'ingested 1 of 1 rows into customers\n');

    const denied = run(['ingest', 'customers', csv, '--event-time-now'], asNotebook);
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /sagelite ingest: ResourceNotFound|AccessDenied/, 'A’s own session does not see B’s group by name');
    const unreadable = run(['ingest', 'customers', join(work, 'missing.csv')], asNotebook);
    assert.equal(unreadable.status, 2);
    assert.match(unreadable.stderr, /ENOENT/);
  });

  it('ingest reads the sample’s headerless CSV with --columns, by the group’s ARN', () => {
    const arn = `arn:aws:sagemaker:us-east-1:${b.accountId}:feature-group/customers`;
    const r = run(['ingest', arn, join(SAMPLE_DIR, 'data', 'customers.csv'), '--columns', 'cid,name,age,marital_status,sex,city,state', '--event-time-now', '--assume-role', crossRole], asNotebook);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const rows = sampleCsv('customers').length;
    assert.equal(r.stdout, `ingested ${rows} of ${rows} rows into ${arn}\n`);
    assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
  });

  it('get prints a record typed by the group’s features, only the asked ones, and says when there is none', () => {
    const [cid, name, age, , , city] = sampleCsv('customers')[1]!;
    const r = run(['get', 'customers', cid!, '--features', 'name,age,city', '--assume-role', crossRole], asNotebook);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { name, age: Number(age), city });
    const missing = run(['get', 'customers', '9999', '--assume-role', crossRole], asNotebook);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, 'sagelite get: no record 9999 in customers (never put, deleted or expired)\n');
    const noGroup = run(['get', 'nope', '1', '--profile', 'acct-b'], profiles);
    assert.equal(noGroup.status, 1);
    assert.match(noGroup.stderr, /^sagelite get: ResourceNotFound: /);
  });

  it('query runs Athena over B’s offline store as B’s role, results in A’s bucket, as CSV and as a table; a failed query exits 1 with its reason', async () => {
    const s3 = new S3Client({ credentials: { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }, endpoint: server.url, region: 'us-east-1', forcePathStyle: true });
    for (const deadline = Date.now() + 20_000; ; ) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: `sagemaker-featurestore-${b.accountId}`, Prefix: 'cli/' }));
      if ((listed.KeyCount ?? 0) > 0) break;
      assert.ok(Date.now() < deadline, 'the offline store was written');
      await new Promise((r) => setTimeout(r, 100));
    }
    s3.destroy();
    const [first, third] = [sampleCsv('customers')[0]!, sampleCsv('customers')[2]!];
    const sql = `SELECT cid, name, age FROM "${customersTable}" WHERE cid IN (${first[0]}, ${third[0]}) ORDER BY cid`;
    const output = `s3://${g.resultsBucket}/cli/`;
    let csv = run(['query', sql, '--database', 'sagemaker_featurestore', '--output', output, '--format', 'csv', '--assume-role', crossRole], asNotebook);
    // Rows reach the offline store in flushes: wait until both are there.
    for (let i = 0; i < 40 && csv.status === 0 && csv.stdout.split('\n').length < 4; i++) {
      await new Promise((r) => setTimeout(r, 250));
      csv = run(['query', sql, '--database', 'sagemaker_featurestore', '--output', output, '--format', 'csv', '--assume-role', crossRole], asNotebook);
    }
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csv.stdout, ['cid,name,age', ...[first, third].map((c) => c.slice(0, 3).join(','))].join('\n') + '\n');
    const table = run(['query', `SELECT cid, name FROM "${customersTable}" WHERE cid = ${third[0]} LIMIT 1`, '--database', 'sagemaker_featurestore', '--output', output, '--assume-role', crossRole], asNotebook);
    assert.equal(table.status, 0, table.stderr);
    // Columns as wide as their longest cell, joined by " | " (the sample's ids have four digits).
    const [cid, name] = [third[0]!, third[1]!];
    assert.equal(cid.length, 4);
    assert.equal(table.stdout, `cid  | name\n-----+-${'-'.repeat(Math.max(4, name.length))}\n${cid} | ${name}\n`);
    assert.match(table.stderr, new RegExp(`^1 rows; query [0-9a-f-]{36}.*; results in s3://${g.resultsBucket}/cli/[0-9a-f-]{36}\\.csv\n$`));
    const failed = run(['query', 'SELECT * FROM no_such_table', '--database', 'sagemaker_featurestore', '--output', output, '--assume-role', crossRole], asNotebook);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /^sagelite query: FAILED: .*no_such_table/);
  });

  it('every command has --help', () => {
    for (const cmd of [['demo'], ['setup', 'cross-account'], ['ingest'], ['get'], ['query']]) {
      const r = run([...cmd, '--help'], {});
      assert.equal(r.status, 0, `${cmd.join(' ')} --help: ${r.stderr}`);
      assert.match(r.stdout, /^Usage: sagelite /);
    }
  });
});
