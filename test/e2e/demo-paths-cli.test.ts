import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runDemoProcess } from './cli-process.js';
import { sampleCsv } from './sample.js';

const ACCOUNT = '\\d{12}';

const demo = (args: string[], env: NodeJS.ProcessEnv = {}) => runDemoProcess(args, env, 90_000);

function accounts(out: string): { a: string; b: string } {
  const [, a, b] = new RegExp(`accounts A (${ACCOUNT}) .* B (${ACCOUNT})`).exec(out)!;
  return { a: a!, b: b! };
}

describe('sagelite demo --path ram|catalog (the real command, its own in-process server)', () => {
  it('--path ram: B shares both groups read-write; A accepts; A’s own execution role ingests and reads them by ARN', async () => {
    const r = await demo(['--path', 'ram']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const { a, b } = accounts(r.stdout);
    assert.match(r.stdout, /end to end \(path ram\)/);
    assert.match(r.stdout, new RegExp(`✓ ram:CreateResourceShare \\(both groups → A\\) arn:aws:ram:us-east-1:${b}:resource-share/[0-9a-f-]{36} \\(AWSRAMPermissionSagemakerFeatureGroupReadWrite\\)`));
    assert.match(r.stdout, new RegExp(`✓ ram:GetResourceShareInvitations +arn:aws:ram:us-east-1:${b}:resource-share-invitation/\\S+ from ${b}: PENDING`));
    assert.match(r.stdout, /✓ ram:AcceptResourceShareInvitation +ACCEPTED/);
    assert.match(r.stdout, new RegExp(`✓ notebook session \\(SageMaker\\) +arn:aws:sts::${a}:assumed-role/`));
    assert.doesNotMatch(r.stdout, /sts:AssumeRole into B/, 'no AssumeRole on this path');
    assert.match(r.stdout, new RegExp(`✓ ingest customers\\.csv +${sampleCsv('customers').length} records put`));
    assert.match(r.stdout, new RegExp(`✓ BatchGetRecord \\(both groups\\) +4 records \\(arn:aws:sagemaker:us-east-1:${b}:feature-group/purchases/`));
    assert.match(r.stdout, /✓ the guide ran through/);
  });

  for (const [mode, at, reason] of [
    ['no-accept', 'ingest customers.csv', 'sagemaker:PutRecord'],
    ['read-only', 'ingest customers.csv', 'sagemaker:PutRecord'],
    ['disassociated', 'GetRecord customers again', 'sagemaker:GetRecord'],
  ] as const) {
    it(`--path ram --break ${mode}: ${reason} is refused at "${at}", explained, exit 0`, async () => {
      const r = await demo(['--path', 'ram', '--break', mode]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`✗ ${at.replace(/\./g, '\\.')} +AccessDeniedException \\(HTTP 400\\), request [0-9a-f-]{36}`));
      assert.match(r.stdout, new RegExp(`is not authorized to perform: ${reason} on resource: arn:aws:sagemaker:us-east-1:${ACCOUNT}:feature-group/customers because no resource-based policy allows the ${reason} action`));
      assert.match(r.stdout, new RegExp(`Result: ImplicitDeny \\(because no resource-based policy allows the ${reason} action\\)`));
      assert.match(r.stdout, new RegExp(`✓ --break ${mode} failed at "${at.replace(/\./g, '\\.')}"`));
    });
  }

  it('--path catalog: B’s Glue and bucket policies; A registers B’s catalog and queries B’s offline store as itself into its own bucket', async () => {
    const r = await demo(['--path', 'catalog']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const { a, b } = accounts(r.stdout);
    assert.match(r.stdout, /✓ glue:PutResourcePolicy \(B’s Data Catalog\) A's execution role may read sagemaker_featurestore/);
    assert.match(r.stdout, new RegExp(`✓ s3:PutBucketPolicy \\(sagemaker-featurestore-${b}\\)`));
    assert.match(r.stdout, new RegExp(`✓ athena:CreateDataCatalog central_feature_store type GLUE, catalog-id ${b}`));
    assert.match(r.stdout, new RegExp(`✓ Athena query \\(catalog central_feature_store\\) SELECT \\* FROM "purchases_\\d+": SUCCEEDED .* → s3://sagemaker-athena-results-${a}/query_results/purchases/`));
    assert.match(r.stdout, new RegExp(`✓ GetQueryResults +${sampleCsv('purchases').length} rows`));
    assert.match(r.stdout, /✓ A reads the training set CSV/);
  });

  for (const [mode, reason] of [['glue-policy', 'glue:GetTable'], ['offline-bucket-policy', 's3:ListBucket']] as const) {
    it(`--path catalog --break ${mode}: the Athena query FAILED on ${reason}, explained, exit 0`, async () => {
      const r = await demo(['--path', 'catalog', '--break', mode]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✗ Athena query \(catalog central_feature_store\) QueryFAILED/);
      assert.match(r.stdout, new RegExp(`Result: ImplicitDeny \\(because no resource-based policy allows the ${reason} action\\)`));
      assert.match(r.stdout, new RegExp(`✓ --break ${mode} failed at "Athena query \\(catalog central_feature_store\\)"`));
    });
  }

  it('refuses a break of another path, exit 2', async () => {
    const r = await demo(['--path', 'ram', '--break', 'trust']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'sagelite demo: --break trust belongs to --path assume-role, not --path ram\n');
  });
});
