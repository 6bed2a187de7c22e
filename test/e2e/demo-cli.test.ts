import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ServerProcess } from './harness.js';
import { runDemoProcess } from './cli-process.js';
import { sampleCsv, sampleSchemaFile } from './sample.js';

const demo = (args: string[], env: NodeJS.ProcessEnv = {}) => runDemoProcess(args, env, 60_000);

const ACCOUNT = '\\d{12}';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('sagelite demo (the real command, its own in-process server)', () => {
  it('runs the whole guide: setup, AssumeRole, groups, ingest, online reads, offline store, Athena into A’s bucket, training set read as A', async () => {
    const r = await demo([]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const out = r.stdout;
    assert.match(out, new RegExp(`accounts A (${ACCOUNT}) .* B (${ACCOUNT})`));
    const [, a, b] = new RegExp(`accounts A (${ACCOUNT}) .* B (${ACCOUNT})`).exec(out)!;
    assert.match(out, new RegExp(`✓ role created +arn:aws:iam::${b}:role/cross-account-assume-role \\(trusts account ${a}\\)`));
    assert.match(out, /✓ policies attached +AmazonS3FullAccess, AmazonAthenaFullAccess, AmazonSageMakerFullAccess, AthenaResultsS3BucketCrossAccountAccessPolicy \(custom\)/);
    assert.match(out, /✓ policies attached +AmazonSageMakerFullAccess, FeatureStoreS3AccessPolicy \(inline\), assume-cross-account-role \(inline\)/);
    assert.match(out, new RegExp(`✓ notebook session \\(SageMaker\\) +arn:aws:sts::${a}:assumed-role/AmazonSageMaker-ExecutionRole-sagelite/SageMaker`));
    assert.match(out, new RegExp(`✓ sts:AssumeRole into B +arn:aws:sts::${b}:assumed-role/cross-account-assume-role/sagelite-demo \\(ASIA[A-Z2-7]{16}\\)`));
    assert.match(out, /✓ create feature group customers +Created, 8 features, Glue table sagemaker_featurestore\.customers_\d+/);
    assert.match(out, /✓ create feature group purchases +Created, 7 features, Glue table sagemaker_featurestore\.purchases_\d+/);
    const [customers, purchases] = [sampleCsv('customers'), sampleCsv('purchases')];
    assert.match(out, new RegExp(`✓ ingest customers\\.csv +${customers.length} records put`));
    assert.match(out, new RegExp(`✓ ingest purchases\\.csv +${purchases.length} records put`));
    // The first customer, each feature as the schema orders them (the event time left out).
    const features = sampleSchemaFile('customers').features.map((f) => f.name).filter((n) => n !== 'created_at');
    const first = customers[0]!;
    assert.match(out, new RegExp(`✓ GetRecord customers ${first[0]} +${escape(features.map((n, i) => `${n}=${first[i]}`).join(' '))}\n`));
    const batch = [...purchases.slice(0, 3).map((p) => `purchases/${p[0]}`), `customers/${first[0]}`];
    assert.match(out, new RegExp(`✓ BatchGetRecord \\(both groups\\) +4 records \\(${batch.join(', ')}\\), 0 unprocessed, 0 errors`));
    assert.match(out, new RegExp(`✓ offline store of customers +Active, ${customers.length} rows in \\d+ Parquet object\\(s\\) in s3://sagemaker-featurestore-${b}/`));
    assert.match(out, new RegExp(`✓ Athena query +SELECT \\* FROM "purchases_\\d+": SUCCEEDED .* → s3://sagemaker-athena-results-${a}/query_results/purchases/[0-9a-f-]{36}\\.csv`));
    assert.match(out, new RegExp(`✓ GetQueryResults +${purchases.length} rows; columns pid, cid, product_name, purchase_amount, product_category, purchased_at, created_at, write_time, api_invocation_time, is_deleted`));
    assert.match(out, new RegExp(`✓ A reads the training set CSV +s3://.*: \\d+ bytes, a header and ${purchases.length} rows`));
    assert.match(out, /✓ the guide ran through: 23 steps \(\d+\.\d s\)/);
    assert.doesNotMatch(out, /✗|–/);
    assert.equal(r.stderr, '', 'nothing on stderr (no SDK warnings)');
    assert.ok(r.ms < 30_000, `took ${r.ms} ms`);
  });

  it('--break trust: AssumeRole is denied by B’s trust policy, explained policy by policy, exit 0', async () => {
    const r = await demo(['--break', 'trust']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /· LEFT OUT \(--break trust\) +trust of cross-account-assume-role: sagemaker\.amazonaws\.com only/);
    assert.match(r.stdout, /✗ sts:AssumeRole into B +AccessDenied \(HTTP 403\), request [0-9a-f-]{36}/);
    assert.match(r.stdout, /User: arn:aws:sts::\d{12}:assumed-role\/AmazonSageMaker-ExecutionRole-sagelite\/SageMaker is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/cross-account-assume-role\n/);
    assert.match(r.stdout, /\[resource-based policy\] trust policy of arn:aws:iam::\d{12}:role\/cross-account-assume-role → NoMatch\n +#0 Allow: does not apply — caller .* is not named by Principal \["sagemaker\.amazonaws\.com"\]/);
    assert.match(r.stdout, /inline assume-cross-account-role → Allow/);
    assert.match(r.stdout, /Result: ImplicitDeny \(because no resource-based policy allows the sts:AssumeRole action\)/);
    assert.match(r.stdout, /✓ --break trust failed at "sts:AssumeRole into B", where the guide fails without that piece/);
    assert.doesNotMatch(r.stdout, /create feature group/);
  });

  it('--break assume-policy: AssumeRole is denied for want of an identity policy, explained, exit 0', async () => {
    const r = await demo(['--break', 'assume-policy']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ policies attached +AmazonSageMakerFullAccess, FeatureStoreS3AccessPolicy \(inline\)\n/);
    assert.match(r.stdout, /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/cross-account-assume-role because no identity-based policy allows the sts:AssumeRole action/);
    assert.match(r.stdout, /trust policy of arn:aws:iam::\d{12}:role\/cross-account-assume-role → Allow/);
    assert.match(r.stdout, /… 43 more statements whose Action does not include sts:AssumeRole/);
    assert.match(r.stdout, /Result: ImplicitDeny \(because no identity-based policy allows the sts:AssumeRole action\)/);
    assert.match(r.stdout, /✓ --break assume-policy failed at "sts:AssumeRole into B"/);
  });

  it('--break offline-role: the groups are made and read online, then the offline store turns Blocked with S3’s reason, exit 0', async () => {
    const r = await demo(['--break', 'offline-role']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ GetRecord customers ${sampleCsv('customers')[0]![0]} `));
    assert.match(r.stdout, /✗ offline store of customers +OfflineStoreStatus Blocked after \d+ ms/);
    assert.match(r.stdout, /BlockedReason: Unable to write to s3:\/\/sagemaker-featurestore-\d{12}\/feature-store\/.*\.parquet: AccessDenied: User: arn:aws:sts::\d{12}:assumed-role\/feature-store-offline-role\/SageMaker is not authorized to perform: s3:PutObject on resource: ".*" because no identity-based policy allows the s3:PutObject action/);
    assert.match(r.stdout, /✓ --break offline-role failed at "offline store of customers"/);
    assert.doesNotMatch(r.stdout, /Athena query/);
  });

  it('--break bucket-policy: the Athena query FAILED writing to A’s bucket, with S3’s denial explained, exit 0', async () => {
    const r = await demo(['--break', 'bucket-policy']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /· LEFT OUT \(--break bucket-policy\) +no bucket policy on s3:\/\/sagemaker-athena-results-\d{12}/);
    assert.match(r.stdout, /✓ offline store of purchases +Active/);
    assert.match(r.stdout, /✗ Athena query +QueryFAILED/);
    assert.match(r.stdout, /Access denied when writing output to url: s3:\/\/sagemaker-athena-results-\d{12}\/query_results\/purchases\/[0-9a-f-]{36}\.csv/);
    assert.match(r.stdout, /assumed-role\/cross-account-assume-role\/sagelite-demo is not authorized to perform: s3:PutObject .* because no resource-based policy allows the s3:PutObject action/);
    assert.match(r.stdout, /why \(sagelite explain [0-9a-f-]{36}\):/);
    assert.match(r.stdout, /\[identity-based policy\] arn:aws:iam::aws:policy\/AmazonS3FullAccess → Allow/);
    assert.match(r.stdout, /Result: ImplicitDeny \(because no resource-based policy allows the s3:PutObject action\)/);
    assert.match(r.stdout, /✓ --break bucket-policy failed at "Athena query"/);
  });

  it('rejects an unknown break, and runs against a running server with --endpoint and --operator-key', async () => {
    const bad = await demo(['--break', 'everything']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /argument 'everything' is invalid\. Allowed choices are trust, assume-policy, bucket-policy, offline-role/);

    const server = await ServerProcess.start({ extraArgs: ['--offline-flush-interval', '200'] });
    try {
      const r = await demo(['--endpoint', server.url, '--operator-key', join(server.dataDir, 'operator.json')]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`server +${server.url.replace(/[.]/g, '\\.')}\n`));
      assert.match(r.stdout, /✓ the guide ran through/);
      // The accounts stay on the server: the demo's denials can be explained later with `sagelite explain`.
      const again = await demo(['--endpoint', server.url], { SAGELITE_DATA_DIR: server.dataDir });
      assert.equal(again.status, 0, again.stdout + again.stderr);
      const noKey = await demo(['--endpoint', server.url, '--data-dir', '/nonexistent-sagelite']);
      assert.equal(noKey.status, 2);
      assert.match(noKey.stderr, /no operator key at \/nonexistent-sagelite\/operator\.json: pass --operator-key FILE/);
    } finally {
      await server.stop();
    }
  });
});
