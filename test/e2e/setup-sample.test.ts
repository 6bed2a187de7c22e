/**
 * What docs/SDK.md's setup stands on: accounts with the ids the examples name, their root keys as
 * config profiles, and `setup cross-account --sample --write-profiles` leaving the sample in B
 * and the notebook's profiles in the config file — converging when run again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { parseConfigProfiles } from '../../src/cli/profile-config.js';
import { runCli, runCliAsync } from './cli-process.js';
import { ServerProcess, shapeEnv } from './harness.js';

describe('account create --id/--as-profile, and setup cross-account --sample --write-profiles', () => {
  let server: ServerProcess;
  let work: string;
  let config: string;
  const env = () => ({ ...shapeEnv(server.dataDir), SAGELITE_DATA_DIR: server.dataDir, AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL: server.url, AWS_REGION: 'us-east-1' });
  const setup = () => runCliAsync(['setup', 'cross-account', '--account-a', '111111111111', '--account-b', '222222222222', '--profile-a', 'admin-a', '--profile-b', 'admin-b', '--sample', '--write-profiles', config], env());
  const notebookKey = () => parseConfigProfiles(readFileSync(config, 'utf8')).get('sagelite-notebook-user')?.['aws_access_key_id'];

  before(async () => {
    server = await ServerProcess.start();
    work = mkdtempSync(join(tmpdir(), 'sagelite-setup-sample-'));
    config = join(work, 'config');
    // A config a user already has: a comment and a stale notebook profile that setup must replace.
    writeFileSync(config, '# my settings\n[default]\nregion = eu-west-1\n\n[profile sagelite-notebook]\nrole_arn = arn:aws:iam::999999999999:role/stale\n');
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates accounts with the ids asked for, prints their root keys as profiles, refuses an id taken or malformed', () => {
    for (const [id, alias, profile] of [['111111111111', 'notebook-a', 'admin-a'], ['222222222222', 'central-b', 'admin-b']] as const) {
      const r = runCli(['account', 'create', '--id', id, '--alias', alias, '--as-profile', profile], env());
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^\\n\\[profile ${profile}\\]\\naws_access_key_id = AKIA[A-Z2-7]{16}\\naws_secret_access_key = \\S{40}\\n$`));
      writeFileSync(config, readFileSync(config, 'utf8') + r.stdout);
      const again = runCli(['account', 'credentials', alias, '--as-profile', profile], env());
      assert.equal(again.stdout, r.stdout);
    }
    const taken = runCli(['account', 'create', '--id', '111111111111'], env());
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /account 111111111111 already exists \(sagelite account credentials 111111111111 prints its root key\)/);
    const malformed = runCli(['account', 'create', '--id', '1234'], env());
    assert.notEqual(malformed.status, 0);
    assert.match(malformed.stderr, /an AWS account id is 12 digits/);
  });

  it('--sample makes customers and purchases in B, waits for their offline store; --write-profiles replaces the notebook’s sections, keeps the rest', async () => {
    const r = await setup();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ ingest customers\.csv +5 records put/);
    assert.match(r.stdout, /✓ offline store of customers +Active, 5 rows/);
    assert.match(r.stdout, /✓ offline store of purchases +Active, 10 rows/);
    const text = readFileSync(config, 'utf8');
    assert.ok(text.startsWith('# my settings\n[default]\nregion = eu-west-1\n\n'), text);
    assert.equal(text.match(/\[profile sagelite-notebook\]/g)?.length, 1);
    assert.ok(!text.includes('999999999999'), text);
    const profiles = parseConfigProfiles(text);
    assert.deepEqual([...profiles.keys()], ['default', 'admin-a', 'admin-b', 'sagelite-notebook-user', 'sagelite-notebook', 'sagelite-notebook-central']);
    assert.equal(profiles.get('sagelite-notebook-central')!['role_arn'], 'arn:aws:iam::222222222222:role/cross-account-assume-role');
  });

  it('running it again keeps the sample as it is and writes the new key over the old one', async () => {
    const before = notebookKey();
    const r = await setup();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ feature group customers +exists, kept as it is\n ✓ feature group purchases +exists, kept as it is\n/);
    assert.doesNotMatch(r.stdout, /ingest customers\.csv/);
    assert.notEqual(notebookKey(), before);
    assert.equal(readFileSync(config, 'utf8').match(/\[profile sagelite-notebook-user\]/g)?.length, 1);
  });

  it('refuses half a sample: one of the two groups alone', async () => {
    const keys = parseConfigProfiles(readFileSync(config, 'utf8')).get('admin-b')!;
    const sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: keys['aws_access_key_id']!, secretAccessKey: keys['aws_secret_access_key']! } });
    await sm.send(new DeleteFeatureGroupCommand({ FeatureGroupName: 'purchases' }));
    sm.destroy();
    const r = await setup();
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /account B has the feature group customers but not the rest of the sample \(customers, purchases\): delete it, or leave out --sample/);
  });
});
