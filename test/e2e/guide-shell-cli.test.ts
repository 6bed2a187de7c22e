import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import {
  assumeCrossAccountRolePolicy, athenaResultsPolicy, featureStoreS3Policy, resultsBucketPolicy, type GuideAccounts,
} from '../../src/guide/cross-account-policies.js';
import { notebookCredentials } from './guide-setup.js';
import { createAccount, ServerProcess } from './harness.js';
import { iamClient } from './iam-helpers.js';

const SCRIPT = join(PACKAGE_ROOT, 'test', 'guide-shell', 'guide.sh');

/** The environment without the machine's own AWS settings, so that only the script's profiles count. */
const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));

/** An AWS CLI of the given major version, if this machine has one: Debian's v2 at /usr/bin/aws, the Python v1 module. */
function findCli(major: 1 | 2): { command: string; version: string } | undefined {
  const candidates = major === 2 ? ['/usr/bin/aws', 'aws'] : ['python3 -m awscli', 'aws'];
  for (const command of candidates) {
    const [bin, ...args] = command.split(' ');
    if (bin!.startsWith('/') && !existsSync(bin!)) continue;
    const r = spawnSync(bin!, [...args, '--version'], { encoding: 'utf8', env: baseEnv() });
    const version = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status === 0 && version.startsWith(`aws-cli/${major}.`)) return { command, version };
  }
  return undefined;
}

const sameJson = (actual: string, expected: string) => assert.deepEqual(JSON.parse(decodeURIComponent(actual)), JSON.parse(expected));

describe('the guide’s IAM and S3 steps as a shell script with the AWS CLI (v2 and v1)', () => {
  let server: ServerProcess;
  let work: string;
  before(async () => {
    server = await ServerProcess.start();
    work = mkdtempSync(join(tmpdir(), 'sagelite-guide-shell-'));
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  for (const major of [2, 1] as const) {
    const cli = findCli(major);
    it(`runs with AWS CLI v${major}${cli ? ` (${cli.version.split(' ')[0]})` : ''}: setup in A and B, then the notebook through B’s role`, { skip: cli ? false : `no AWS CLI v${major} on this machine (Debian's awscli package gives v2 at /usr/bin/aws; v1 is python3 -m awscli)` }, async () => {
      const a = createAccount(server.dataDir);
      const b = createAccount(server.dataDir);
      const g: GuideAccounts = { accountA: a.accountId, accountB: b.accountId, resultsBucket: `sagemaker-athena-results-${a.accountId}` };
      const dir = mkdtempSync(join(work, `v${major}-`));
      const credentials = join(dir, 'credentials');
      writeFileSync(credentials, `[a]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n[b]\naws_access_key_id = ${b.accessKeyId}\naws_secret_access_key = ${b.secretAccessKey}\n`);
      writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n[profile a]\nregion = us-east-1\n[profile b]\nregion = us-east-1\n[profile notebook]\nregion = us-east-1\n[profile cross-account]\nregion = us-east-1\n');
      const env = { ...baseEnv(), AWS_CLI: cli!.command, ENDPOINT: server.url, ACCOUNT_A: a.accountId, ACCOUNT_B: b.accountId, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'config') };
      const script = (stage: string) => spawnSync('bash', [SCRIPT, stage], { encoding: 'utf8', env, timeout: 120_000 });

      const setup = script('setup');
      assert.equal(setup.status, 0, setup.stdout + setup.stderr);
      const crossRole = `arn:aws:iam::${b.accountId}:role/cross-account-assume-role`;
      const execRole = `arn:aws:iam::${a.accountId}:role/AmazonSageMaker-ExecutionRole-sagelite`;
      assert.match(setup.stdout, new RegExp(`^OK B role: ${crossRole}$`, 'm'));
      const policies = /^OK B policies: (.*)$/m.exec(setup.stdout)![1]!.split('\t').sort();
      assert.deepEqual(policies, ['AmazonAthenaFullAccess', 'AmazonS3FullAccess', 'AmazonSageMakerFullAccess', 'AthenaResultsS3BucketCrossAccountAccessPolicy']);
      assert.match(setup.stdout, /^OK A execution role: .*, inline FeatureStoreS3AccessPolicy\tassume-cross-account-role$/m);
      assert.match(setup.stdout, new RegExp(`^OK B trust: ${execRole}$`, 'm'));

      // What the script made is exactly what the guide's documents say (src/guide, shared with the demo).
      const iamA = iamClient(server.url, a);
      const iamB = iamClient(server.url, b);
      sameJson((await iamA.send(new GetRolePolicyCommand({ RoleName: 'AmazonSageMaker-ExecutionRole-sagelite', PolicyName: 'assume-cross-account-role' }))).PolicyDocument!, assumeCrossAccountRolePolicy(g));
      sameJson((await iamA.send(new GetRolePolicyCommand({ RoleName: 'AmazonSageMaker-ExecutionRole-sagelite', PolicyName: 'FeatureStoreS3AccessPolicy' }))).PolicyDocument!, featureStoreS3Policy());
      const attached = await iamB.send(new ListAttachedRolePoliciesCommand({ RoleName: 'cross-account-assume-role' }));
      const custom = attached.AttachedPolicies!.find((p) => p.PolicyName === 'AthenaResultsS3BucketCrossAccountAccessPolicy')!;
      sameJson((await iamB.send(new GetPolicyVersionCommand({ PolicyArn: custom.PolicyArn!, VersionId: 'v1' }))).PolicyVersion!.Document!, athenaResultsPolicy(g));
      const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: a, forcePathStyle: true });
      sameJson((await s3.send(new GetBucketPolicyCommand({ Bucket: g.resultsBucket }))).Policy!, resultsBucketPolicy(g));
      s3.destroy();

      const notebook = await notebookCredentials(server, g);
      appendFileSync(credentials, `[notebook]\naws_access_key_id = ${notebook.accessKeyId}\naws_secret_access_key = ${notebook.secretAccessKey}\naws_session_token = ${notebook.sessionToken}\n`);
      const run = script('notebook');
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`^OK notebook is arn:aws:sts::${a.accountId}:assumed-role/AmazonSageMaker-ExecutionRole-sagelite/SageMaker$`, 'm'));
      assert.match(run.stdout, new RegExp(`^OK assumed arn:aws:sts::${b.accountId}:assumed-role/cross-account-assume-role/guide-shell$`, 'm'));
      assert.match(run.stdout, /^OK B's feature groups visible: 0$/m);
      assert.match(run.stdout, /^OK A read back: cid,name 42,guide-shell $/m);
      assert.match(run.stdout, /^OK A's root denied: AccessDenied\) when calling the AssumeRole operation: Roles may not be assumed by root accounts\.$/m);
    });
  }
});
