import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { readPackagedPolicies } from '../../src/storage/aws-managed-policies.js';
import { awsCli, clientEnv, createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { botoS3 as boto, failed, ok } from './s3-boto3-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

/** The x-amz-expiration S3 answers for an object written at `lastModified` under a rule of `days` days: rounded up to midnight UTC. */
const expiresAfter = (lastModified: string, days: number, ruleId: string) =>
  `expiry-date="${new Date(Math.ceil((Date.parse(lastModified.replace(' ', 'T')) + days * DAY) / DAY) * DAY).toUTCString()}", rule-id="${ruleId}"`;

/** A timestamp as boto3 prints it (`2015-02-06 18:40:39+00:00`), as ISO 8601. */
const iso = (printed: unknown) => new Date(String(printed).replace(' ', 'T')).toISOString();

/** `read(**kw)`: a GetObject's answer with its body as text. */
const READ = `
def read(**kw):
    r = s3.get_object(**kw)
    r['Body'] = r['Body'].read().decode()
    return r
`;

/**
 * S3 lifecycle, server-side encryption, bucket logging, GetObjectAttributes and the AWS managed
 * policies of IAM (issue 16) as boto3 and the AWS CLI use them; the JS SDK's side is in
 * s3-lifecycle-js, s3-encryption-js, s3-conformance-js and iam-aws-managed-js. The server runs on
 * a test clock, moved at the end to see a lifecycle rule carried out.
 */
describe('S3 lifecycle, encryption, logging, object attributes and AWS managed policies with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  /** The KMS key the boto3 encryption test makes, for the CLI's. */
  let kmsKey: string;

  /** An s3api/iam command that must succeed: its JSON output ({} when it printed nothing). */
  const cli = (...args: string[]): Record<string, unknown> => {
    const r = awsCli(args, env);
    assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };
  /** A command that must fail with this error, as the CLI prints it. */
  const cliFails = (args: string[], code: string, operation: string, message: string) => {
    const r = awsCli(args, env);
    assert.notEqual(r.status, 0, r.stdout);
    assert.equal(r.stderr.trim(), `An error occurred (${code}) when calling the ${operation} operation: ${message}`);
  };
  const explain = (requestId: string | undefined) => sagelite(['explain', requestId!, '--endpoint', server.url, '--data-dir', server.dataDir]);

  before(async () => {
    // Lifecycle passes every 100 ms, so a rule falls due soon after the clock is moved.
    server = await ServerProcess.start({ testClock: true, env: { SAGELITE_LIFECYCLE_MS: '100' } });
    a = createAccount(server.dataDir, 'enterprise-a');
    b = createAccount(server.dataDir, 'enterprise-b');
    env = clientEnv(server.url, a);
    dir = mkdtempSync(join(tmpdir(), 'sagelite-s3-enterprise-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('boto3: lifecycle configuration round trip and S3’s refusals; every write and read of a selected object says when it expires', () => {
    const out = boto(`${READ}
import datetime
utc = datetime.timezone.utc
B = 'lc-boto'
s3.create_bucket(Bucket=B)
s3.create_bucket(Bucket='lc-cli')
run('none', lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
rules = [
    {'ID': 'logs', 'Status': 'Enabled', 'Filter': {'Prefix': 'logs/'}, 'Expiration': {'Days': 2}},
    {'ID': 'dated', 'Status': 'Disabled', 'Filter': {'And': {'Prefix': 'tmp/', 'Tags': [{'Key': 'a', 'Value': 'b'}]}}, 'Expiration': {'Date': datetime.datetime(2031, 1, 1, tzinfo=utc)}},
    {'ID': 'versions', 'Status': 'Enabled', 'Filter': {'Prefix': 'data/'}, 'NoncurrentVersionExpiration': {'NoncurrentDays': 5, 'NewerNoncurrentVersions': 2}, 'AbortIncompleteMultipartUpload': {'DaysAfterInitiation': 3}},
]
run('put', lambda: s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={'Rules': rules}))
run('get', lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
run('midday', lambda: s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={'Rules': [{'ID': 'x', 'Status': 'Enabled', 'Filter': {}, 'Expiration': {'Date': datetime.datetime(2031, 1, 1, 6, tzinfo=utc)}}]}))
run('zero_days', lambda: s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={'Rules': [{'ID': 'x', 'Status': 'Enabled', 'Filter': {}, 'Expiration': {'Days': 0}}]}))
run('no_action', lambda: s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={'Rules': [{'ID': 'x', 'Status': 'Enabled', 'Filter': {}}]}))
run('kept', lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))

run('put_obj', lambda: s3.put_object(Bucket=B, Key='logs/a', Body=b'a'))
run('head', lambda: s3.head_object(Bucket=B, Key='logs/a'))
run('get_obj', lambda: read(Bucket=B, Key='logs/a'))
run('other', lambda: s3.put_object(Bucket=B, Key='keep/b', Body=b'b'))
run('head_other', lambda: s3.head_object(Bucket=B, Key='keep/b'))
run('copy', lambda: s3.copy_object(Bucket=B, Key='logs/copied', CopySource={'Bucket': B, 'Key': 'keep/b'}))
run('head_copy', lambda: s3.head_object(Bucket=B, Key='logs/copied'))
upload = s3.create_multipart_upload(Bucket=B, Key='logs/joined')['UploadId']
etag = s3.upload_part(Bucket=B, Key='logs/joined', UploadId=upload, PartNumber=1, Body=b'joined')['ETag']
run('complete', lambda: s3.complete_multipart_upload(Bucket=B, Key='logs/joined', UploadId=upload, MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': etag}]}))
run('head_joined', lambda: s3.head_object(Bucket=B, Key='logs/joined'))
run('delete', lambda: s3.delete_bucket_lifecycle(Bucket=B))
run('gone', lambda: s3.get_bucket_lifecycle_configuration(Bucket=B))
run('head_after', lambda: s3.head_object(Bucket=B, Key='logs/a'))
run('delete_again', lambda: s3.delete_bucket_lifecycle(Bucket=B))
`, env);
    failed(out['none'], 'NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
    assert.deepEqual(ok(out['put']), { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });
    assert.deepEqual(ok(out['get']), {
      TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      Rules: [
        { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 2 } },
        { ID: 'dated', Status: 'Disabled', Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'a', Value: 'b' }] } }, Expiration: { Date: '2031-01-01 00:00:00+00:00' } },
        { ID: 'versions', Status: 'Enabled', Filter: { Prefix: 'data/' }, NoncurrentVersionExpiration: { NoncurrentDays: 5, NewerNoncurrentVersions: 2 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } },
      ],
    });
    failed(out['midday'], 'InvalidArgument', 400, "'Date' must be at midnight GMT");
    failed(out['zero_days'], 'InvalidArgument', 400, "'Days' for Expiration action must be a positive integer");
    failed(out['no_action'], 'InvalidRequest', 400, 'At least one action needs to be specified in a rule');
    assert.deepEqual(ok(out['kept']), ok(out['get']), 'a refused configuration leaves the old one');

    const head = ok(out['head']);
    const expected = expiresAfter(String(head['LastModified']), 2, 'logs');
    assert.equal(head['Expiration'], expected, 'HeadObject: two days after the write, rounded up to midnight UTC');
    assert.equal(ok(out['get_obj'])['Expiration'], expected);
    assert.equal(ok(out['put_obj'])['Expiration'], expected, 'PutObject answers it too');
    assert.equal(ok(out['other'])['Expiration'], undefined, 'a key no rule selects has none');
    assert.equal(ok(out['head_other'])['Expiration'], undefined);
    assert.equal(ok(out['copy'])['Expiration'], expiresAfter(String(ok(out['head_copy'])['LastModified']), 2, 'logs'), 'CopyObject answers the copy’s');
    assert.equal(ok(out['complete'])['Expiration'], expiresAfter(String(ok(out['head_joined'])['LastModified']), 2, 'logs'), 'CompleteMultipartUpload answers it');
    assert.deepEqual(ok(out['delete']), {});
    failed(out['gone'], 'NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist');
    assert.equal(ok(out['head_after'])['Expiration'], undefined, 'no rules, no expiry');
    assert.deepEqual(ok(out['delete_again']), {}, 'deleting no configuration is no error');
  });

  it('AWS CLI: put/get/delete-bucket-lifecycle-configuration, the midnight refusal, and Expiration on put-object and head-object', () => {
    const file = join(dir, 'lifecycle.json');
    const rules = [
      { ID: 'cli-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Date: '2031-01-01T00:00:00Z' } },
      { ID: 'cli-markers', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { ExpiredObjectDeleteMarker: true } },
    ];
    writeFileSync(file, JSON.stringify({ Rules: rules }));
    assert.deepEqual(cli('s3api', 'put-bucket-lifecycle-configuration', '--bucket', 'lc-cli', '--lifecycle-configuration', `file://${file}`), { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' });
    // The CLI prints the Date as S3 sends it, with milliseconds.
    assert.deepEqual(cli('s3api', 'get-bucket-lifecycle-configuration', '--bucket', 'lc-cli'), {
      Rules: [
        { Expiration: { Date: '2031-01-01T00:00:00.000Z' }, ID: 'cli-tmp', Filter: { Prefix: 'tmp/' }, Status: 'Enabled' },
        { Expiration: { ExpiredObjectDeleteMarker: true }, ID: 'cli-markers', Filter: { Prefix: '' }, Status: 'Enabled' },
      ],
      TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
    });
    const expiration = 'expiry-date="Wed, 01 Jan 2031 00:00:00 GMT", rule-id="cli-tmp"';
    writeFileSync(join(dir, 'tmp.txt'), 'temporary');
    assert.equal(cli('s3api', 'put-object', '--bucket', 'lc-cli', '--key', 'tmp/x', '--body', join(dir, 'tmp.txt'))['Expiration'], expiration);
    assert.equal(cli('s3api', 'head-object', '--bucket', 'lc-cli', '--key', 'tmp/x')['Expiration'], expiration);

    writeFileSync(file, JSON.stringify({ Rules: [{ ID: 'noon', Status: 'Enabled', Filter: {}, Expiration: { Date: '2031-01-01T12:00:00Z' } }] }));
    cliFails(['s3api', 'put-bucket-lifecycle-configuration', '--bucket', 'lc-cli', '--lifecycle-configuration', `file://${file}`], 'InvalidArgument', 'PutBucketLifecycleConfiguration', "'Date' must be at midnight GMT");
    assert.deepEqual(cli('s3api', 'delete-bucket-lifecycle', '--bucket', 'lc-cli'), {});
    cliFails(['s3api', 'get-bucket-lifecycle-configuration', '--bucket', 'lc-cli'], 'NoSuchLifecycleConfiguration', 'GetBucketLifecycleConfiguration', 'The lifecycle configuration does not exist');
  });

  it('boto3: SSE-KMS with a key of its own, SSE-C (boto3 sends the key’s MD5), default bucket encryption with a Bucket Key, and a policy refusing unencrypted uploads (explained)', () => {
    const out = boto(`${READ}
import os, base64, hashlib
kms = boto3.client('kms', config=Config(retries={'max_attempts': 1}))
key = kms.create_key(Description='boto-sse')['KeyMetadata']['Arn']
out['key'] = key
B = 'enc-boto'
s3.create_bucket(Bucket=B)
s3.create_bucket(Bucket='enc-cli')
run('kms_put', lambda: s3.put_object(Bucket=B, Key='kms', Body=b'kms bytes', ServerSideEncryption='aws:kms', SSEKMSKeyId=key))
run('kms_get', lambda: read(Bucket=B, Key='kms'))
run('kms_no_header', lambda: s3.put_object(Bucket=B, Key='x', Body=b'x', SSEKMSKeyId=key))
run('kms_unknown', lambda: s3.put_object(Bucket=B, Key='x', Body=b'x', ServerSideEncryption='aws:kms', SSEKMSKeyId='alias/none'))

customer = os.urandom(32)
out['md5'] = base64.b64encode(hashlib.md5(customer).digest()).decode()
run('c_put', lambda: s3.put_object(Bucket=B, Key='ssec', Body=b'customer bytes', SSECustomerAlgorithm='AES256', SSECustomerKey=customer))
run('c_get', lambda: read(Bucket=B, Key='ssec', SSECustomerAlgorithm='AES256', SSECustomerKey=customer))
run('c_head', lambda: s3.head_object(Bucket=B, Key='ssec', SSECustomerAlgorithm='AES256', SSECustomerKey=customer))
run('c_no_key', lambda: s3.get_object(Bucket=B, Key='ssec'))
run('c_head_no_key', lambda: s3.head_object(Bucket=B, Key='ssec'))
run('c_other_key', lambda: s3.get_object(Bucket=B, Key='ssec', SSECustomerAlgorithm='AES256', SSECustomerKey=os.urandom(32)))

run('default_put', lambda: s3.put_bucket_encryption(Bucket=B, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': key}, 'BucketKeyEnabled': True}]}))
run('default_get', lambda: s3.get_bucket_encryption(Bucket=B))
run('defaulted', lambda: s3.put_object(Bucket=B, Key='defaulted', Body=b'defaulted'))
run('defaulted_get', lambda: read(Bucket=B, Key='defaulted'))
run('default_bad', lambda: s3.put_bucket_encryption(Bucket=B, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256', 'KMSMasterKeyID': key}}]}))
run('default_delete', lambda: s3.delete_bucket_encryption(Bucket=B))
run('default_after', lambda: s3.get_bucket_encryption(Bucket=B))
run('plain', lambda: s3.put_object(Bucket=B, Key='plain', Body=b'plain'))

S = 'enc-strict'
s3.create_bucket(Bucket=S)
deny = {'Version': '2012-10-17', 'Statement': [{'Sid': 'DenyUnencrypted', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:PutObject', 'Resource': 'arn:aws:s3:::enc-strict/*', 'Condition': {'Null': {'s3:x-amz-server-side-encryption': 'true'}}}]}
run('policy', lambda: s3.put_bucket_policy(Bucket=S, Policy=json.dumps(deny)))
run('unencrypted', lambda: s3.put_object(Bucket=S, Key='x', Body=b'x'))
run('encrypted', lambda: s3.put_object(Bucket=S, Key='x', Body=b'x', ServerSideEncryption='aws:kms', SSEKMSKeyId=key))
`, env);
    const key = out['key'] as unknown as string;
    kmsKey = key;
    const md5 = out['md5'] as unknown as string;
    assert.match(key, new RegExp(`^arn:aws:kms:us-east-1:${a.accountId}:key/[0-9a-f-]{36}$`));
    const kmsPut = ok(out['kms_put']);
    assert.deepEqual([kmsPut['ServerSideEncryption'], kmsPut['SSEKMSKeyId'], kmsPut['BucketKeyEnabled']], ['aws:kms', key, undefined]);
    const kmsGet = ok(out['kms_get']);
    assert.deepEqual([kmsGet['Body'], kmsGet['ServerSideEncryption'], kmsGet['SSEKMSKeyId']], ['kms bytes', 'aws:kms', key]);
    failed(out['kms_no_header'], 'InvalidArgument', 400, 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');
    failed(out['kms_unknown'], 'KMS.NotFoundException', 400, `Alias arn:aws:kms:us-east-1:${a.accountId}:alias/none is not found.`);

    const cPut = ok(out['c_put']);
    assert.deepEqual([cPut['SSECustomerAlgorithm'], cPut['SSECustomerKeyMD5'], cPut['ServerSideEncryption']], ['AES256', md5, undefined], 'SSE-C objects are not also SSE-S3');
    const cGet = ok(out['c_get']);
    assert.deepEqual([cGet['Body'], cGet['SSECustomerAlgorithm'], cGet['SSECustomerKeyMD5']], ['customer bytes', 'AES256', md5]);
    assert.deepEqual([ok(out['c_head'])['ContentLength'], ok(out['c_head'])['SSECustomerKeyMD5']], [14, md5]);
    failed(out['c_no_key'], 'InvalidRequest', 400, 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
    failed(out['c_head_no_key'], '400', 400, 'Bad Request');
    failed(out['c_other_key'], 'AccessDenied', 403, 'Access Denied');

    ok(out['default_put']);
    assert.deepEqual(ok(out['default_get']), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }] } });
    const defaulted = ok(out['defaulted']);
    assert.deepEqual([defaulted['ServerSideEncryption'], defaulted['SSEKMSKeyId'], defaulted['BucketKeyEnabled']], ['aws:kms', key, true]);
    const defaultedGet = ok(out['defaulted_get']);
    assert.deepEqual([defaultedGet['Body'], defaultedGet['SSEKMSKeyId'], defaultedGet['BucketKeyEnabled']], ['defaulted', key, true]);
    failed(out['default_bad'], 'InvalidArgument', 400, 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse');
    assert.deepEqual(ok(out['default_delete']), {});
    assert.deepEqual(ok(out['default_after']), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } }, 'without a configuration, SSE-S3 (every bucket’s default)');
    assert.equal(ok(out['plain'])['ServerSideEncryption'], 'AES256');

    ok(out['policy']);
    const refused = failed(out['unencrypted'], 'AccessDenied', 403,
      `User: arn:aws:iam::${a.accountId}:root is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::enc-strict/x" with an explicit deny in a resource-based policy`);
    const explained = explain(refused.headers['x-amz-request-id']);
    assert.match(explained, /bucket policy of enc-strict → Deny/);
    assert.match(explained, /\(DenyUnencrypted\) Deny: applies/);
    assert.equal(ok(out['encrypted'])['ServerSideEncryption'], 'aws:kms');
  });

  it('AWS CLI: s3 cp --sse aws:kms and head-object naming the key; s3 cp --sse-c up and down (and refused without the key); put-object refused by the policy without --server-side-encryption', () => {
    // enc-cli and the key were made by the boto3 test above.
    const key = kmsKey;
    const file = join(dir, 'secret.txt');
    writeFileSync(file, 'cli secret bytes');
    const up = awsCli(['s3', 'cp', file, 's3://enc-cli/kms.txt', '--sse', 'aws:kms', '--sse-kms-key-id', key], env);
    assert.equal(up.status, 0, up.stderr);
    assert.match(up.stdout, /upload: .*secret\.txt to s3:\/\/enc-cli\/kms\.txt/);
    const head = cli('s3api', 'head-object', '--bucket', 'enc-cli', '--key', 'kms.txt');
    assert.deepEqual([head['ServerSideEncryption'], head['SSEKMSKeyId'], head['ContentLength']], ['aws:kms', key, 16]);

    const customerKey = join(dir, 'key.bin');
    writeFileSync(customerKey, randomBytes(32));
    const sseC = ['--sse-c', 'AES256', '--sse-c-key', `fileb://${customerKey}`];
    const upC = awsCli(['s3', 'cp', file, 's3://enc-cli/ssec.txt', ...sseC], env);
    assert.equal(upC.status, 0, upC.stderr);
    const back = join(dir, 'back.txt');
    const down = awsCli(['s3', 'cp', 's3://enc-cli/ssec.txt', back, ...sseC], env);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(readFileSync(back, 'utf8'), 'cli secret bytes');
    const keyless = join(dir, 'keyless.txt');
    const refused = awsCli(['s3', 'cp', 's3://enc-cli/ssec.txt', keyless], env);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /fatal error: An error occurred \(400\) when calling the HeadObject operation: Bad Request/);
    assert.equal(existsSync(keyless), false, 'nothing was written');

    // enc-strict's policy (the boto3 test above) denies s3:PutObject without the encryption header.
    cliFails(['s3api', 'put-object', '--bucket', 'enc-strict', '--key', 'cli', '--body', file], 'AccessDenied', 'PutObject',
      `User: arn:aws:iam::${a.accountId}:root is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::enc-strict/cli" with an explicit deny in a resource-based policy`);
    const put = cli('s3api', 'put-object', '--bucket', 'enc-strict', '--key', 'cli', '--body', file, '--server-side-encryption', 'AES256');
    assert.equal(put['ServerSideEncryption'], 'AES256');
  });

  it('boto3 and the AWS CLI: bucket logging kept and answered; refused for a target that does not exist, is another account’s, or is in another region', () => {
    const out = boto(`
s3b = boto3.client('s3', aws_access_key_id='${b.accessKeyId}', aws_secret_access_key='${b.secretAccessKey}', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
s3b.create_bucket(Bucket='log-other-account')
s3eu = boto3.client('s3', region_name='eu-west-1', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
s3eu.create_bucket(Bucket='log-eu', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
B = 'log-source'
s3.create_bucket(Bucket=B)
s3.create_bucket(Bucket='log-target')
run('never', lambda: s3.get_bucket_logging(Bucket=B))
run('put', lambda: s3.put_bucket_logging(Bucket=B, BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'log-target', 'TargetPrefix': 'logs/', 'TargetObjectKeyFormat': {'PartitionedPrefix': {'PartitionDateSource': 'EventTime'}}}}))
run('get', lambda: s3.get_bucket_logging(Bucket=B))
run('missing', lambda: s3.put_bucket_logging(Bucket=B, BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'log-nowhere', 'TargetPrefix': ''}}))
run('other_account', lambda: s3.put_bucket_logging(Bucket=B, BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'log-other-account', 'TargetPrefix': ''}}))
run('other_region', lambda: s3.put_bucket_logging(Bucket=B, BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'log-eu', 'TargetPrefix': ''}}))
run('unchanged', lambda: s3.get_bucket_logging(Bucket=B))
`, env);
    assert.deepEqual(ok(out['never']), {}, 'no LoggingEnabled: logging is off');
    ok(out['put']);
    assert.deepEqual(ok(out['get']), { LoggingEnabled: { TargetBucket: 'log-target', TargetPrefix: 'logs/', TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } } } });
    failed(out['missing'], 'InvalidTargetBucketForLogging', 400, 'The target bucket for logging does not exist');
    failed(out['other_account'], 'InvalidTargetBucketForLogging', 400, 'The owner for the bucket to be logged and the target bucket must be the same.');
    failed(out['other_region'], 'CrossLocationLoggingProhibitted', 403, 'Cross S3 location logging not allowed. ');
    assert.deepEqual(ok(out['unchanged']), ok(out['get']), 'a refused target leaves the configuration as it was');

    cli('s3api', 'put-bucket-logging', '--bucket', 'log-source', '--bucket-logging-status', JSON.stringify({ LoggingEnabled: { TargetBucket: 'log-target', TargetPrefix: 'cli/', TargetObjectKeyFormat: { SimplePrefix: {} } } }));
    assert.deepEqual(cli('s3api', 'get-bucket-logging', '--bucket', 'log-source'), { LoggingEnabled: { TargetBucket: 'log-target', TargetPrefix: 'cli/', TargetObjectKeyFormat: { SimplePrefix: {} } } });
    cliFails(['s3api', 'put-bucket-logging', '--bucket', 'log-source', '--bucket-logging-status', JSON.stringify({ LoggingEnabled: { TargetBucket: 'log-other-account', TargetPrefix: '' } })],
      'InvalidTargetBucketForLogging', 'PutBucketLogging', 'The owner for the bucket to be logged and the target bucket must be the same.');
    cli('s3api', 'put-bucket-logging', '--bucket', 'log-source', '--bucket-logging-status', '{}');
    assert.deepEqual(cli('s3api', 'get-bucket-logging', '--bucket', 'log-source'), {}, 'an empty BucketLoggingStatus turns logging off');
  });

  it('boto3: get_object_attributes on a multipart object, its parts paged by MaxParts and PartNumberMarker; AWS CLI: get-object-attributes', () => {
    const out = boto(`
B = 'attrs'
s3.create_bucket(Bucket=B)
upload = s3.create_multipart_upload(Bucket=B, Key='joined')['UploadId']
parts = []
for number, size in [(1, 5 * 1024 * 1024), (2, 5 * 1024 * 1024), (3, 7)]:
    parts.append({'PartNumber': number, 'ETag': s3.upload_part(Bucket=B, Key='joined', UploadId=upload, PartNumber=number, Body=bytes([number]) * size)['ETag']})
run('complete', lambda: s3.complete_multipart_upload(Bucket=B, Key='joined', UploadId=upload, MultipartUpload={'Parts': parts}))
run('first', lambda: s3.get_object_attributes(Bucket=B, Key='joined', ObjectAttributes=['ETag', 'ObjectParts', 'ObjectSize', 'StorageClass'], MaxParts=2))
run('rest', lambda: s3.get_object_attributes(Bucket=B, Key='joined', ObjectAttributes=['ObjectParts'], MaxParts=2, PartNumberMarker=out['first']['ok']['ObjectParts']['NextPartNumberMarker']))
s3.put_object(Bucket=B, Key='single', Body=b'single')
run('single', lambda: s3.get_object_attributes(Bucket=B, Key='single', ObjectAttributes=['ObjectParts', 'ObjectSize']))
run('unknown', lambda: s3.get_object_attributes(Bucket=B, Key='joined', ObjectAttributes=['Colour']))
run('missing', lambda: s3.get_object_attributes(Bucket=B, Key='nothing', ObjectAttributes=['ETag']))
`, env);
    const etag = (ok(out['complete'])['ETag'] as string).replaceAll('"', '');
    assert.match(etag, /^[0-9a-f]{32}-3$/);
    const { LastModified: _first, ...first } = ok(out['first']);
    assert.deepEqual(first, {
      ETag: etag,
      StorageClass: 'STANDARD',
      ObjectSize: 10 * 1024 * 1024 + 7,
      ObjectParts: { TotalPartsCount: 3, PartNumberMarker: 0, NextPartNumberMarker: 2, MaxParts: 2, IsTruncated: true, Parts: [{ PartNumber: 1, Size: 5 * 1024 * 1024 }, { PartNumber: 2, Size: 5 * 1024 * 1024 }] },
    }, 'the ETag without quotes, as S3 gives it here');
    const { LastModified: _rest, ...rest } = ok(out['rest']);
    assert.deepEqual(rest, { ObjectParts: { TotalPartsCount: 3, PartNumberMarker: 2, MaxParts: 2, IsTruncated: false, Parts: [{ PartNumber: 3, Size: 7 }] } });
    const { LastModified: _single, ...single } = ok(out['single']);
    assert.deepEqual(single, { ObjectSize: 6 }, 'an object not uploaded in parts has no ObjectParts');
    failed(out['unknown'], 'InvalidArgument', 400, 'Invalid attribute name specified: Colour');
    failed(out['missing'], 'NoSuchKey', 404, 'The specified key does not exist.');

    const { LastModified, ...attributes } = cli('s3api', 'get-object-attributes', '--bucket', 'attrs', '--key', 'joined', '--object-attributes', 'ETag', 'ObjectSize', 'StorageClass');
    assert.match(String(LastModified), /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/, 'Last-Modified is a header here, as the CLI prints it');
    assert.deepEqual(attributes, { ETag: etag, StorageClass: 'STANDARD', ObjectSize: 10 * 1024 * 1024 + 7 });
  });

  it('boto3 and the AWS CLI: AWS managed policies beyond the guide’s — read with their versions, attached, enforced (the refusal explained), listed page by page', () => {
    const names = ['IAMReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'ViewOnlyAccess'];
    const packaged = readPackagedPolicies(names);
    const out = boto(`
iam = boto3.client('iam', config=Config(retries={'max_attempts': 1}))
arns = ['arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']
for arn in arns:
    run('policy ' + arn, lambda: iam.get_policy(PolicyArn=arn))
    run('version ' + arn, lambda: iam.get_policy_version(PolicyArn=arn, VersionId=out['policy ' + arn]['ok']['Policy']['DefaultVersionId']))
run('old_version', lambda: iam.get_policy_version(PolicyArn=arns[0], VersionId='v1'))
run('wrong_path', lambda: iam.get_policy(PolicyArn='arn:aws:iam::aws:policy/ViewOnlyAccess'))
iam.create_user(UserName='auditor')
run('attach', lambda: iam.attach_user_policy(UserName='auditor', PolicyArn=arns[0]))
run('attached', lambda: iam.list_attached_user_policies(UserName='auditor'))
run('counted', lambda: iam.get_policy(PolicyArn=arns[0]))
run('change', lambda: iam.create_policy_version(PolicyArn=arns[0], PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]})))
key = iam.create_access_key(UserName='auditor')['AccessKey']
auditor = boto3.client('iam', aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'], config=Config(retries={'max_attempts': 1}))
run('users', lambda: {'names': [u['UserName'] for u in auditor.list_users()['Users']]})
run('read', lambda: auditor.get_policy(PolicyArn=arns[1]))
run('create', lambda: auditor.create_user(UserName='intruder'))
run('first_ten', lambda: iam.list_policies(Scope='AWS', MaxItems=10))
`, env);
    for (const name of names) {
      const p = packaged.get(name)!;
      const policy = ok(out[`policy ${p.arn}`])['Policy'] as Record<string, unknown>;
      assert.deepEqual({ ...policy, PolicyId: undefined, CreateDate: iso(policy['CreateDate']), UpdateDate: iso(policy['UpdateDate']) }, {
        PolicyName: name,
        PolicyId: undefined,
        Arn: p.arn,
        Path: name === 'ViewOnlyAccess' ? '/job-function/' : '/',
        DefaultVersionId: p.latestVersionId,
        AttachmentCount: 0,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: p.createdDate,
        UpdateDate: p.lastUpdatedDate,
      });
      assert.match(policy['PolicyId'] as string, /^ANPA[A-Z2-7]{16}$/);
      const version = ok(out[`version ${p.arn}`])['PolicyVersion'] as Record<string, unknown>;
      assert.deepEqual({ ...version, CreateDate: iso(version['CreateDate']) }, {
        Document: p.versions[p.latestVersionId]!.document, VersionId: p.latestVersionId, IsDefaultVersion: true, CreateDate: p.lastUpdatedDate,
      }, 'boto3 decodes the document IAM sends URL-encoded');
    }
    assert.equal(packaged.get('IAMReadOnlyAccess')!.latestVersionId, 'v4');
    failed(out['old_version'], 'NoSuchEntity', 404, 'Policy arn:aws:iam::aws:policy/IAMReadOnlyAccess version v1 does not exist or is not attachable.');
    failed(out['wrong_path'], 'NoSuchEntity', 404, 'Policy arn:aws:iam::aws:policy/ViewOnlyAccess was not found.');
    ok(out['attach']);
    assert.deepEqual(ok(out['attached']), { AttachedPolicies: [{ PolicyName: 'IAMReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }], IsTruncated: false });
    assert.equal((ok(out['counted'])['Policy'] as { AttachmentCount: number }).AttachmentCount, 1, 'the account’s own attachments');
    failed(out['change'], 'AccessDenied', 403, `User: arn:aws:iam::${a.accountId}:root is not authorized to perform: iam:CreatePolicyVersion on resource: arn:aws:iam::aws:policy/IAMReadOnlyAccess`);
    assert.deepEqual(ok(out['users']), { names: ['auditor'] }, 'iam:List* lets the auditor list users');
    assert.equal((ok(out['read'])['Policy'] as { PolicyName: string }).PolicyName, 'AmazonS3ReadOnlyAccess', 'and iam:Get* read policies');
    const refused = failed(out['create'], 'AccessDenied', 403,
      `User: arn:aws:iam::${a.accountId}:user/auditor is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${a.accountId}:user/intruder because no identity-based policy allows the iam:CreateUser action`);
    assert.match(explain(refused.headers['x-amzn-requestid']), /iam:CreateUser/);

    const firstTen = ok(out['first_ten']) as { Policies: Array<{ Arn: string }>; IsTruncated: boolean; Marker?: string };
    assert.deepEqual([firstTen.Policies.length, firstTen.IsTruncated, typeof firstTen.Marker], [10, true, 'string']);
    const page1 = cli('iam', 'list-policies', '--scope', 'AWS', '--max-items', '5') as { Policies: Array<{ Arn: string }>; NextToken: string };
    assert.equal(typeof page1.NextToken, 'string');
    const page2 = cli('iam', 'list-policies', '--scope', 'AWS', '--max-items', '5', '--starting-token', page1.NextToken) as { Policies: Array<{ Arn: string }>; NextToken: string };
    assert.deepEqual([...page1.Policies, ...page2.Policies].map((p) => p.Arn), firstTen.Policies.map((p) => p.Arn), 'the CLI’s pages are the listing’s first ten, in order');
    assert.ok(page1.Policies.every((p) => p.Arn.startsWith('arn:aws:iam::aws:policy/')));
    assert.equal(typeof page2.NextToken, 'string', 'and there are more');

    const viaCli = cli('iam', 'get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess')['Policy'] as Record<string, unknown>;
    assert.deepEqual([viaCli['PolicyName'], viaCli['Path'], viaCli['DefaultVersionId'], viaCli['AttachmentCount'], viaCli['IsAttachable']], ['IAMReadOnlyAccess', '/', 'v4', 1, true]);
  });

  // Last: it moves the server clock, which every later request would have to sign at.
  it('boto3 and the AWS CLI: an object a rule selects expires once the server clock passes its day (boto3 signing at the moved time)', async () => {
    const before = boto(`
B = 'lc-expire'
s3.create_bucket(Bucket=B)
s3.put_object(Bucket=B, Key='logs/boto', Body=b'boto')
s3.put_object(Bucket=B, Key='keep/boto', Body=b'kept')
run('rule', lambda: s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={'Rules': [{'ID': 'one-day', 'Status': 'Enabled', 'Filter': {'Prefix': 'logs/'}, 'Expiration': {'Days': 1}}]}))
run('head', lambda: s3.head_object(Bucket=B, Key='logs/boto'))
`, env);
    ok(before['rule']);
    const head = ok(before['head']);
    assert.equal(head['Expiration'], expiresAfter(String(head['LastModified']), 1, 'one-day'));
    const file = join(dir, 'cli-log.txt');
    writeFileSync(file, 'cli');
    const up = awsCli(['s3', 'cp', file, 's3://lc-expire/logs/cli.txt'], env);
    assert.equal(up.status, 0, up.stderr);
    assert.equal(cli('s3api', 'head-object', '--bucket', 'lc-expire', '--key', 'logs/cli.txt')['Expiration'], expiresAfter(String(head['LastModified']), 1, 'one-day'));

    // Two days on: every object written today is past its day (at most one day, rounded up to midnight).
    const moved = 2 * DAY;
    await new AdminClient({ endpoint: server.url, credentials: server.operatorKey() }).call('AdvanceClock', { Milliseconds: moved });
    const after = boto(`
import datetime, time, botocore.auth
B = 'lc-expire'
run('skewed', lambda: s3.list_objects_v2(Bucket=B))
# botocore has no clock offset: its signer reads the time through this function.
real_now = botocore.auth.get_current_datetime
botocore.auth.get_current_datetime = lambda: real_now() + datetime.timedelta(milliseconds=${moved})
keys = lambda: [o['Key'] for o in s3.list_objects_v2(Bucket=B).get('Contents', [])]
deadline = time.time() + 60
while keys() != ['keep/boto'] and time.time() < deadline:
    time.sleep(0.1)
run('left', lambda: {'keys': keys()})
run('expired', lambda: s3.get_object(Bucket=B, Key='logs/boto'))
run('kept', lambda: s3.head_object(Bucket=B, Key='keep/boto'))
`, env);
    failed(after['skewed'], 'RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.');
    assert.deepEqual(ok(after['left']), { keys: ['keep/boto'] }, 'boto3’s and the CLI’s logs/ objects expired, keep/ stayed');
    failed(after['expired'], 'NoSuchKey', 404, 'The specified key does not exist.');
    assert.equal(ok(after['kept'])['Expiration'], undefined);
  });
});
