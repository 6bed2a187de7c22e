import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateFeatureGroupCommand, DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { executionRoleArn } from '../../src/guide/cross-account-policies.js';
import { runCli, runCliAsync } from './cli-process.js';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));

/**
 * An AWS CLI that reads endpoint_url from a profile (v1 from 1.29, v2 from 2.13; Debian 12's
 * v2.9 does not), if this machine has one: the Python v1 module, then `aws` on the PATH.
 */
function profileCli(): string[] | undefined {
  for (const command of [['python3', '-m', 'awscli'], ['aws'], ['/usr/bin/aws']]) {
    const r = spawnSync(command[0]!, [...command.slice(1), '--version'], { encoding: 'utf8', env: baseEnv() });
    const m = /^aws-cli\/(\d+)\.(\d+)\./.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim());
    if (r.status === 0 && m && ((m[1] === '1' && Number(m[2]) >= 29) || (m[1] === '2' && Number(m[2]) >= 13))) return command;
  }
  return undefined;
}

const CLI = profileCli();
const NO_CLI = CLI ? false : 'no AWS CLI here reads endpoint_url from a profile (v1.29+ or v2.13+)';

/** The AWS CLI with only a config file: no AWS_ENDPOINT_URL, no credentials file, no other variable. */
function aws(configFile: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  // HOME beside the config: the AWS CLI caches assumed-role credentials under ~/.aws/cli/cache.
  const env = { ...baseEnv(), HOME: dirname(configFile), AWS_PAGER: '', AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  const r = spawnSync(CLI![0]!, [...CLI!.slice(1), ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

describe('setup cross-account gives A a notebook identity, printed as ~/.aws/config profiles the AWS CLI and sagelite follow; --profile honours endpoint_url', () => {
  let server: ServerProcess;
  let work: string;
  let a: AccountKeys;
  let b: AccountKeys;
  /** The admin profiles (with endpoint_url) and, later, the notebook's printed ones, in one config file. */
  let config: string;
  let adminProfiles: string;
  let notebookLines: string;
  let table: string;
  const env = () => ({ AWS_CONFIG_FILE: config });
  before(async () => {
    server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '100'] });
    a = createAccount(server.dataDir);
    b = createAccount(server.dataDir);
    work = mkdtempSync(join(tmpdir(), 'sagelite-notebook-'));
    config = join(work, 'config');
    const admin = (name: string, k: AccountKeys) => `[profile ${name}]\naws_access_key_id = ${k.accessKeyId}\naws_secret_access_key = ${k.secretAccessKey}\nregion = us-east-1\nendpoint_url = ${server.url}\n`;
    adminProfiles = `${admin('admin-a', a)}\n${admin('admin-b', b)}`;
    writeFileSync(config, adminProfiles);
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const setupArgs = () => ['setup', 'cross-account', '--account-a', a.accountId, '--account-b', b.accountId, '--profile-a', 'admin-a', '--profile-b', 'admin-b'];

  it('applies the guide through the profiles’ endpoint_url (no AWS_ENDPOINT_URL) and prints the notebook’s profiles', async () => {
    const r = await runCliAsync(setupArgs(), env());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ notebook user created +arn:aws:iam::${a.accountId}:user/sagelite-notebook`));
    assert.match(r.stdout, /✓ access key +AKIA[A-Z2-7]{16}\n/);
    notebookLines = r.stdout.slice(r.stdout.indexOf('[profile '));
    const key = /aws_access_key_id = (AKIA\w+)\naws_secret_access_key = (\S+)\n/.exec(notebookLines)!;
    const tail = `region = us-east-1\nendpoint_url = ${server.url}`;
    assert.equal(notebookLines, [
      `[profile sagelite-notebook-user]\naws_access_key_id = ${key[1]}\naws_secret_access_key = ${key[2]}\n${tail}`,
      `[profile sagelite-notebook]\nrole_arn = ${executionRoleArn({ accountA: a.accountId, accountB: b.accountId, resultsBucket: '' })}\nrole_session_name = notebook\nsource_profile = sagelite-notebook-user\n${tail}`,
      `[profile sagelite-notebook-central]\nrole_arn = arn:aws:iam::${b.accountId}:role/cross-account-assume-role\nrole_session_name = notebook\nsource_profile = sagelite-notebook\n${tail}`,
    ].join('\n\n') + '\n');
    writeFileSync(config, `${adminProfiles}\n${notebookLines}`);
  });

  it('the AWS CLI acts as A’s execution role and as B’s role through the printed profiles; the user alone can only assume', { skip: NO_CLI }, () => {
    const asExec = aws(config, ['--profile', 'sagelite-notebook', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text']);
    assert.equal(asExec.stdout.trim(), `arn:aws:sts::${a.accountId}:assumed-role/AmazonSageMaker-ExecutionRole-sagelite/notebook`, asExec.stderr);
    const asCentral = aws(config, ['--profile', 'sagelite-notebook-central', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text']);
    assert.equal(asCentral.stdout.trim(), `arn:aws:sts::${b.accountId}:assumed-role/cross-account-assume-role/notebook`, asCentral.stderr);
    const groups = aws(config, ['--profile', 'sagelite-notebook-central', 'sagemaker', 'list-feature-groups', '--query', 'FeatureGroupSummaries', '--output', 'json']);
    assert.equal(groups.status, 0, groups.stderr);
    const user = aws(config, ['--profile', 'sagelite-notebook-user', 'sagemaker', 'list-feature-groups']);
    assert.equal(user.status, 255);
    assert.match(user.stderr, new RegExp(`AccessDeniedException.*User: arn:aws:iam::${a.accountId}:user/sagelite-notebook is not authorized to perform: sagemaker:ListFeatureGroups`));
  });

  it('ingest checks the CSV header against the group before sending, and says what is missing', async () => {
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: b, maxAttempts: 1 });
    await sm.send(new CreateFeatureGroupCommand({
      FeatureGroupName: 'orders', RecordIdentifierFeatureName: 'order_id', EventTimeFeatureName: 'event_time',
      FeatureDefinitions: [['order_id', 'Integral'], ['customer', 'String'], ['amount', 'Fractional'], ['event_time', 'Fractional']].map(([FeatureName, FeatureType]) => ({ FeatureName, FeatureType: FeatureType as 'String' })),
      OnlineStoreConfig: { EnableOnlineStore: true },
      OfflineStoreConfig: { S3StorageConfig: { S3Uri: `s3://sagemaker-featurestore-${b.accountId}/notebook` } },
      RoleArn: `arn:aws:iam::${b.accountId}:role/feature-store-offline-role`,
    }));
    table = (await sm.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'orders' }))).OfflineStoreConfig!.DataCatalogConfig!.TableName!;
    sm.destroy();

    const noEventTime = join(work, 'no-event-time.csv');
    writeFileSync(noEventTime, 'order_id,customer,Amount\n1,ana,9.99\n2,ben,25.5\n');
    const r = runCli(['ingest', 'orders', noEventTime, '--profile', 'sagelite-notebook-central'], env());
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `sagelite ingest: the columns of ${noEventTime} do not fit feature group orders; no row was sent:\n` +
      '  - the event time feature event_time has no column (add it, or pass --event-time-now to set it to the time of ingestion)\n' +
      '  - unknown column Amount (did you mean amount?): not features of the group (its features: order_id, customer, amount, event_time)\n');
    const noId = runCli(['ingest', 'orders', noEventTime, '--columns', 'customer,amount,event_time', '--profile', 'sagelite-notebook-central'], env());
    assert.equal(noId.status, 2);
    assert.match(noId.stderr, /^ {2}- the record identifier feature order_id has no column\n$/m);
    // Nothing reached the online store.
    const none = runCli(['get', 'orders', '1', '--profile', 'sagelite-notebook-central'], env());
    assert.equal(none.status, 1);
    assert.equal(none.stderr, 'sagelite get: no record 1 in orders (never put, deleted or expired)\n');

    const good = join(work, 'orders.csv');
    writeFileSync(good, 'order_id,customer,amount,event_time\n1,ana,9.99,1767225600\n2,ben,25.5,1767229200\n');
    const ok = runCli(['ingest', 'orders', good, '--profile', 'sagelite-notebook-central'], env());
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'ingested 2 of 2 rows into orders\n');
    const got = runCli(['get', 'orders', '2', '--profile', 'sagelite-notebook-central'], env());
    assert.deepEqual(JSON.parse(got.stdout), { order_id: 2, customer: 'ben', amount: 25.5, event_time: 1767229200 });
  });

  it('Athena as B’s role writes into A’s bucket, and A’s execution role reads the result, all through the profiles', async () => {
    const output = `s3://sagemaker-athena-results-${a.accountId}/notebook/`;
    const sql = `SELECT customer, amount FROM "${table}" ORDER BY customer`;
    const query = () => runCli(['query', sql, '--database', 'sagemaker_featurestore', '--output', output, '--format', 'csv', '--profile', 'sagelite-notebook-central'], env());
    // Rows reach the offline store in flushes: ask until both are there.
    let q = query();
    for (let i = 0; i < 80 && q.status === 0 && q.stdout !== 'customer,amount\nana,9.99\nben,25.5\n'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      q = query();
    }
    assert.equal(q.stdout, 'customer,amount\nana,9.99\nben,25.5\n', q.stderr);
    if (!CLI) return;
    const listed = aws(config, ['--profile', 'sagelite-notebook', 's3', 'ls', output]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /[0-9a-f-]{36}\.csv/);
  });

  it('suggests sagelite explain only for a recorded denial; a connection failure names the endpoint and how to set it', async () => {
    const denied = runCli(['get', 'orders', '1', '--profile', 'sagelite-notebook-user'], env());
    assert.equal(denied.status, 1);
    const id = /request id (\S+) \(sagelite explain \1\)\n$/.exec(denied.stderr)?.[1];
    assert.ok(id, denied.stderr);
    assert.match(denied.stderr, /^sagelite get: AccessDeniedException: User: arn:aws:iam::\d+:user\/sagelite-notebook is not authorized to perform: sagemaker:DescribeFeatureGroup/);
    const explained = runCli(['explain', id, '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.equal(explained.status, 0, explained.stderr);
    assert.match(explained.stdout, /Result: ImplicitDeny/);

    const notFound = runCli(['get', 'no-such-group', '1', '--profile', 'sagelite-notebook-central'], env());
    assert.equal(notFound.status, 1);
    assert.match(notFound.stderr, /^sagelite get: ResourceNotFound: .*\n {2}request id \S+\n$/);
    const rootAssumes = runCli(['get', 'orders', '1', '--profile', 'admin-a', '--assume-role', `arn:aws:iam::${b.accountId}:role/cross-account-assume-role`], env());
    assert.equal(rootAssumes.status, 1);
    assert.match(rootAssumes.stderr, /^sagelite get: AccessDenied: Roles may not be assumed by root accounts\.\n {2}request id \S+\n$/);

    const port = await closedPort();
    const refused = runCli(['get', 'orders', '1', '--endpoint', `http://127.0.0.1:${port}`, '--profile', 'admin-b'], env());
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, `sagelite get: cannot reach the endpoint http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}): is sagelite running there? If it listens elsewhere, set the endpoint with --endpoint URL, AWS_ENDPOINT_URL, or endpoint_url in the profile (sagelite serve listens on http://127.0.0.1:4566 by default)\n`);
  });

  it('running setup again converges and replaces the notebook’s key: the old lines stop working, the new ones work', async () => {
    const r = await runCliAsync(setupArgs(), env());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ notebook user exists/);
    const oldKey = /aws_access_key_id = (AKIA\w+)/.exec(notebookLines)![1]!;
    assert.match(r.stdout, new RegExp(`✓ access key +AKIA\\w+ \\(replaces ${oldKey}\\)`));
    const stale = runCli(['get', 'orders', '1', '--profile', 'sagelite-notebook-central'], env());
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /^sagelite get: InvalidClientTokenId: The security token included in the request is invalid\./);
    writeFileSync(config, `${adminProfiles}\n${r.stdout.slice(r.stdout.indexOf('[profile '))}`);
    if (CLI) {
      const fresh = aws(config, ['--profile', 'sagelite-notebook-user', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text']);
      assert.equal(fresh.stdout.trim(), `arn:aws:iam::${a.accountId}:user/sagelite-notebook`, fresh.stderr);
    }
    // sagelite (no credential cache) goes the whole chain with the new key.
    const chained = runCli(['get', 'orders', '1', '--profile', 'sagelite-notebook-central'], env());
    assert.equal(chained.status, 0, chained.stderr);
  });
});
