import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AthenaClient, GetSystemTableConfigurationCommand, ListNamedQueriesCommand } from '@aws-sdk/client-athena';
import { GetCrawlersCommand, GetDataQualityResultV2Command, GlueClient } from '@aws-sdk/client-glue';
import { GetScopedCredentialsCommand, STSClient } from '@aws-sdk/client-sts';
import { EnableSharingWithAwsOrganizationCommand, RAMClient } from '@aws-sdk/client-ram';
import { IAMClient, ListSAMLProvidersCommand } from '@aws-sdk/client-iam';
import { CopyObjectCommand, CreateBucketCommand, GetBucketWebsiteCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { DescribeFeatureGroupCommand, ListFeatureGroupsCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetRecordCommand, SageMakerFeatureStoreRuntimeClient } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';

type Failure = { name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string } };

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    return e as Failure;
  }
  throw new Error('expected the call to fail');
}

describe('every protocol answers the real JS SDK in its own shape', () => {
  let server: ServerProcess;
  let keys: AccountKeys;
  let common: { endpoint: string; region: string; credentials: AccountKeys; maxAttempts: number };
  before(async () => {
    server = await ServerProcess.start();
    keys = createAccount(server.dataDir);
    common = { endpoint: server.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 };
    await new S3Client({ ...common, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'bucket-a' }));
  });
  after(() => server.stop());

  const notImplemented = (e: Failure, op: string) => {
    assert.equal(e.name, 'NotImplemented');
    assert.equal(e.$metadata.httpStatusCode, 501);
    assert.match(e.message, new RegExp(`The operation ${op} of service .* is not implemented in sagelite yet\\.`));
    assert.match(e.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  };

  it('query (IAM)', async () => notImplemented(await failure(new IAMClient(common).send(new ListSAMLProvidersCommand({}))), 'ListSAMLProviders'));
  it('JSON 1.1 (SageMaker)', async () => notImplemented(await failure(new SageMakerClient(common).send(new ListModelsCommand({}))), 'ListModels'));
  it('JSON 1.1 (Glue)', async () => notImplemented(await failure(new GlueClient(common).send(new GetCrawlersCommand({}))), 'GetCrawlers'));
  it('JSON 1.1 (Athena)', async () => notImplemented(await failure(new AthenaClient(common).send(new ListNamedQueriesCommand({}))), 'ListNamedQueries'));
  it('rest-json (RAM: organizations are not built)', async () =>
    notImplemented(await failure(new RAMClient(common).send(new EnableSharingWithAwsOrganizationCommand({}))), 'EnableSharingWithAwsOrganization'));
  it('operations the JS SDK sends that botocore’s newest model lacks (added by name from the SDK’s schemas): NotImplemented, not unknown', async () => {
    notImplemented(await failure(new AthenaClient(common).send(new GetSystemTableConfigurationCommand({} as never))), 'GetSystemTableConfiguration');
    notImplemented(await failure(new GlueClient(common).send(new GetDataQualityResultV2Command({ ResultId: 'r' } as never))), 'GetDataQualityResultV2');
    notImplemented(await failure(new STSClient(common).send(new GetScopedCredentialsCommand({} as never))), 'GetScopedCredentials');
  });
  it('rest-json (Feature Store runtime, group named by ARN: double-encoded path)', async () => {
    const client = new SageMakerFeatureStoreRuntimeClient(common);
    const e = await failure(
      client.send(new GetRecordCommand({ FeatureGroupName: `arn:aws:sagemaker:us-east-1:${keys.accountId}:feature-group/customers`, RecordIdentifierValueAsString: 'c 1/2' })),
    );
    // The label arrives decoded to the whole ARN: the operation looks up group `customers` in this account.
    assert.equal(e.name, 'ResourceNotFound');
    assert.match(e.message, /customers/);
  });
  it('rest-xml (S3, path style)', async () =>
    notImplemented(await failure(new S3Client({ ...common, forcePathStyle: true }).send(new GetBucketWebsiteCommand({ Bucket: 'bucket-a' }))), 'GetBucketWebsite'));
  it('rest-xml (S3, key with doubled and dot segments is signed and stored unnormalized)', async () => {
    const client = new S3Client({ ...common, forcePathStyle: true });
    await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'a//b/./c d+e', Body: 'odd key' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'a//b/./c d+e' }));
    assert.equal(await got.Body!.transformToString(), 'odd key');
    await assert.rejects(client.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'a/b/c d+e' })), { name: 'NoSuchKey' });
  });

  it('rest-xml (S3, virtual-hosted: the bucket comes from the Host header)', async () => {
    // *.localhost does not resolve here, so the client's agent sends every host to loopback.
    const agent = new Agent({
      lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
        opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never,
    });
    const port = new URL(server.url).port;
    const client = new S3Client({ ...common, endpoint: `http://localhost:${port}`, forcePathStyle: false, requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
    await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'dir/key.txt', Body: 'virtual' }));
    assert.equal(await (await client.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'dir/key.txt' }))).Body!.transformToString(), 'virtual');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'bucket-a', Prefix: 'dir/' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ['dir/key.txt']);
  });

  it('S3 PutObject: the SDK\'s default aws-chunked body with a CRC32 trailer is decoded, checked and stored', async () => {
    const client = new S3Client({ ...common, forcePathStyle: true });
    const small = await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'small.txt', Body: 'hello world' }));
    assert.equal(small.ChecksumCRC32, 'DUoRhQ==');
    const stream = Readable.from([Buffer.alloc(40_000, 97), Buffer.alloc(30_000, 98)]);
    await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'big.bin', Body: stream, ContentLength: 70_000 }));
    const big = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'big.bin' }))).Body!.transformToByteArray());
    assert.deepEqual(big, Buffer.concat([Buffer.alloc(40_000, 97), Buffer.alloc(30_000, 98)]));
    await client.send(new CopyObjectCommand({ Bucket: 'bucket-a', Key: 'copy.txt', CopySource: 'bucket-a/small.txt' }));
    assert.equal(await (await client.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'copy.txt' }))).Body!.transformToString(), 'hello world');
  });

  it('JSON 1.1 validation: ValidationException with the model constraint', async () => {
    const e = await failure(new SageMakerClient(common).send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'bad name!' })));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.match(e.message, /^1 validation error detected: Value 'bad name!' at 'featureGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
  });

  it('JSON 1.1 unknown key: UnrecognizedClientException', async () => {
    const e = await failure(new SageMakerClient({ ...common, credentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) } }).send(new ListFeatureGroupsCommand({})));
    assert.equal(e.name, 'UnrecognizedClientException');
    assert.equal(e.$metadata.httpStatusCode, 400);
  });

  it('S3 unknown key: InvalidAccessKeyId (403)', async () => {
    const e = await failure(
      new S3Client({ ...common, forcePathStyle: true, credentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) } }).send(new ListBucketsCommand({})),
    );
    assert.equal(e.name, 'InvalidAccessKeyId');
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  it('S3 wrong secret: SignatureDoesNotMatch (403)', async () => {
    const e = await failure(new S3Client({ ...common, forcePathStyle: true, credentials: { ...keys, secretAccessKey: 'y'.repeat(40) } }).send(new ListBucketsCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  it('S3 skewed clock: RequestTimeTooSkewed (403)', async () => {
    const e = await failure(new S3Client({ ...common, forcePathStyle: true, systemClockOffset: -30 * 60_000 }).send(new ListBucketsCommand({})));
    assert.equal(e.name, 'RequestTimeTooSkewed');
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  it('rest-json wrong secret: InvalidSignatureException (400)', async () => {
    const e = await failure(
      new SageMakerFeatureStoreRuntimeClient({ ...common, credentials: { ...keys, secretAccessKey: 'z'.repeat(40) } }).send(
        new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: '1' }),
      ),
    );
    assert.equal(e.name, 'InvalidSignatureException');
    assert.equal(e.$metadata.httpStatusCode, 400);
  });
});
