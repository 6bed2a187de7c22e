import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';
import { userWith } from './iam-helpers.js';
import { bodyBytes, fails, rejection, s3 } from './s3-objects-helpers.js';

const MiB = 1024 * 1024;
const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
const storedInClear = (dataDir: string, bytes: Buffer) => filesUnder(join(dataDir, 'objects')).some((f) => readFileSync(f).includes(bytes));

/**
 * Multipart uploads under SSE-KMS and SSE-C (issue 16): each part is enciphered as it arrives
 * (with the upload's KMS data key, decrypted as the uploader, or the customer's key every part
 * carries), so nothing lands in the clear; the object reads back whole, by range across parts and
 * by part number — with the JS SDK's own calls and boto3's managed transfer.
 */
describe('S3 multipart uploads under SSE-KMS and SSE-C', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let keyArn: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'sse-multipart');
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'mp-enc' }));
    keyArn = (await new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: a, maxAttempts: 1 }).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  });
  after(() => server.stop());

  /** Three parts (5 MiB, 5 MiB, a tail), each with a marker that shows if stored in the clear. */
  const parts = () => [0, 1, 2].map((i) => Buffer.concat([Buffer.from(`part-${i}-${randomBytes(6).toString('hex')}|`), randomBytes(i < 2 ? 5 * MiB - 20 : 12345)]));

  it('SSE-KMS: parts enciphered as they come, the object read whole, across part boundaries and by part number; UploadPartCopy too', async () => {
    const c = s3(server.url, a);
    const body = parts();
    const created = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mp-enc', Key: 'kms-big', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.deepEqual([created.ServerSideEncryption, created.SSEKMSKeyId], ['aws:kms', keyArn]);
    const etags = [];
    for (const [i, p] of body.slice(0, 2).entries()) {
      const up = await c.send(new UploadPartCommand({ Bucket: 'mp-enc', Key: 'kms-big', UploadId: created.UploadId!, PartNumber: i + 1, Body: p }));
      assert.deepEqual([up.ServerSideEncryption, up.SSEKMSKeyId], ['aws:kms', keyArn]);
      etags.push(up.ETag!);
    }
    // The third part is copied out of a plain object.
    await c.send(new PutObjectCommand({ Bucket: 'mp-enc', Key: 'tail-source', Body: body[2] }));
    const copied = await c.send(new UploadPartCopyCommand({ Bucket: 'mp-enc', Key: 'kms-big', UploadId: created.UploadId!, PartNumber: 3, CopySource: 'mp-enc/tail-source' }));
    etags.push(copied.CopyPartResult!.ETag!);
    for (const p of body.slice(0, 2)) assert.equal(storedInClear(server.dataDir, p.subarray(0, 24)), false, 'a part is never stored in the clear');
    const done = await c.send(new CompleteMultipartUploadCommand({
      Bucket: 'mp-enc', Key: 'kms-big', UploadId: created.UploadId!, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
    }));
    assert.deepEqual([done.ServerSideEncryption, done.SSEKMSKeyId], ['aws:kms', keyArn]);
    const whole = Buffer.concat(body);
    const got = await c.send(new GetObjectCommand({ Bucket: 'mp-enc', Key: 'kms-big' }));
    assert.deepEqual([got.ServerSideEncryption, got.SSEKMSKeyId], ['aws:kms', keyArn]);
    assert.ok((await bodyBytes(got)).equals(whole), 'the whole object');
    const from = 5 * MiB - 100;
    const ranged = await bodyBytes(await c.send(new GetObjectCommand({ Bucket: 'mp-enc', Key: 'kms-big', Range: `bytes=${from}-${from + 5 * MiB + 199}` })));
    assert.ok(ranged.equals(whole.subarray(from, from + 5 * MiB + 200)), 'a range over two part boundaries');
    assert.ok((await bodyBytes(await c.send(new GetObjectCommand({ Bucket: 'mp-enc', Key: 'kms-big', PartNumber: 2 })))).equals(body[1]!), 'part 2 by number');
  });

  it('SSE-KMS multipart needs the uploader’s kms:Decrypt as well as GenerateDataKey, as on AWS', async () => {
    const noDecrypt = await userWith(server.url, a, 'no-decrypt', policy({ Effect: 'Allow', Action: ['s3:*', 'kms:GenerateDataKey'], Resource: '*' }));
    const c = s3(server.url, noDecrypt);
    const created = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mp-enc', Key: 'refused', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    await fails(c.send(new UploadPartCommand({ Bucket: 'mp-enc', Key: 'refused', UploadId: created.UploadId!, PartNumber: 1, Body: 'x' })), 'AccessDenied', 403, /kms:Decrypt/);
  });

  it('SSE-C: every part needs the upload’s key (400 without, 403 with another); the object opens with it', async () => {
    const c = s3(server.url, a);
    const key = randomBytes(32);
    const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') };
    const other = randomBytes(32);
    const wrong = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: other.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(other).digest('base64') };
    const body = parts();
    const created = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mp-enc', Key: 'ssec-big', ...sse }));
    assert.equal(created.SSECustomerKeyMD5, sse.SSECustomerKeyMD5);
    const upload = { Bucket: 'mp-enc', Key: 'ssec-big', UploadId: created.UploadId! };
    await fails(c.send(new UploadPartCommand({ ...upload, PartNumber: 1, Body: body[0] })), 'InvalidRequest', 400);
    await fails(c.send(new UploadPartCommand({ ...upload, PartNumber: 1, Body: body[0], ...wrong })), 'AccessDenied', 403);
    const etags = [];
    for (const [i, p] of body.entries()) etags.push((await c.send(new UploadPartCommand({ ...upload, PartNumber: i + 1, Body: p, ...sse }))).ETag!);
    for (const p of body) assert.equal(storedInClear(server.dataDir, p.subarray(0, 24)), false);
    await c.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
    assert.ok((await bodyBytes(await c.send(new GetObjectCommand({ Bucket: 'mp-enc', Key: 'ssec-big', ...sse })))).equals(Buffer.concat(body)));
    // A HEAD error has no body: the SDK knows only its status.
    assert.equal((await rejection(c.send(new HeadObjectCommand({ Bucket: 'mp-enc', Key: 'ssec-big' })))).$metadata.httpStatusCode, 400);
  });

  it('a Bucket Key puts the bucket’s ARN in the encryption context: a key policy keyed on it allows the bucket’s objects only', async () => {
    const kms = new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: a, maxAttempts: 1 });
    const scoped = (await kms.send(new CreateKeyCommand({
      BypassPolicyLockoutSafetyCheck: true,
      Policy: policy(
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'kms:*', Resource: '*', Condition: { 'Null': { 'kms:EncryptionContext:aws:s3:arn': 'true' } } },
        { Sid: 'BucketOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::mp-enc' } } },
      ),
    }))).KeyMetadata!.Arn!;
    const c = s3(server.url, a);
    const put = await c.send(new PutObjectCommand({ Bucket: 'mp-enc', Key: 'bucket-keyed', Body: 'bk', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: scoped, BucketKeyEnabled: true }));
    assert.equal(put.BucketKeyEnabled, true);
    const got = await c.send(new GetObjectCommand({ Bucket: 'mp-enc', Key: 'bucket-keyed' }));
    assert.deepEqual([got.BucketKeyEnabled, (await bodyBytes(got)).toString()], [true, 'bk']);
    // Without a Bucket Key the context is the object's ARN, which the key policy does not allow.
    await fails(c.send(new PutObjectCommand({ Bucket: 'mp-enc', Key: 'object-keyed', Body: 'ok', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: scoped })), 'AccessDenied', 403, /kms:GenerateDataKey/);
  });

  it('boto3’s managed transfer (upload_file, multipart past its threshold) with SSE-KMS writes and reads back', () => {
    const out = python(`
import json, os, hashlib, boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
s3 = boto3.client('s3', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
data = os.urandom(12 * 1024 * 1024)
open('/tmp/sagelite-mp-enc.bin', 'wb').write(data)
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_file('/tmp/sagelite-mp-enc.bin', 'mp-enc', 'boto-big', ExtraArgs={'ServerSideEncryption': 'aws:kms', 'SSEKMSKeyId': os.environ['KEY']}, Config=cfg)
head = s3.head_object(Bucket='mp-enc', Key='boto-big')
s3.download_file('mp-enc', 'boto-big', '/tmp/sagelite-mp-enc.out', Config=cfg)
back = open('/tmp/sagelite-mp-enc.out', 'rb').read()
print(json.dumps({'etag': head['ETag'], 'sse': [head['ServerSideEncryption'], head['SSEKMSKeyId']], 'same': hashlib.sha256(back).hexdigest() == hashlib.sha256(data).hexdigest()}))
`, { ...clientEnv(server.url, a), KEY: keyArn });
    const r = JSON.parse(out) as { etag: string; sse: string[]; same: boolean };
    assert.match(r.etag, /-3"$/, 'uploaded in three parts');
    assert.deepEqual(r.sse, ['aws:kms', keyArn]);
    assert.equal(r.same, true);
  });
});
