import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOTO_ERR, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const PRELUDE = `
import hashlib, json, os, urllib.request, boto3, botocore
from botocore.config import Config
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', config=Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}))
out = {}
${BOTO_ERR}def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()
`;

function boto(code: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  return JSON.parse(python(`${PRELUDE}\n${code}\nprint(json.dumps(out, default=str))`, env)) as Record<string, unknown>;
}

describe('S3 objects with boto3', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'boto');
    dir = mkdtempSync(join(tmpdir(), 'sagelite-boto3-'));
    env = { ...clientEnv(server.url, a), WORK: dir };
    boto(`s3.create_bucket(Bucket='boto')`, env);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('put_object, get_object, head_object, ranges, copies, listing and deletes', () => {
    const out = boto(
      `
r = s3.put_object(Bucket='boto', Key='dir/a.txt', Body=b'hello boto', ContentType='text/plain', Metadata={'k': 'v'})
out['etag'] = r['ETag']
g = s3.get_object(Bucket='boto', Key='dir/a.txt')
out['get'] = [g['Body'].read().decode(), g['ContentType'], g['Metadata'], g['ContentLength']]
out['range'] = s3.get_object(Bucket='boto', Key='dir/a.txt', Range='bytes=6-')['Body'].read().decode()
h = s3.head_object(Bucket='boto', Key='dir/a.txt')
out['head'] = [h['ContentLength'], h['ETag']]
s3.copy_object(Bucket='boto', Key='dir/b.txt', CopySource={'Bucket': 'boto', 'Key': 'dir/a.txt'})
pages = s3.get_paginator('list_objects_v2').paginate(Bucket='boto', PaginationConfig={'PageSize': 1})
out['listed'] = [o['Key'] for p in pages for o in p.get('Contents', [])]
out['v1'] = [o['Key'] for o in s3.list_objects(Bucket='boto', Prefix='dir/')['Contents']]
d = s3.delete_objects(Bucket='boto', Delete={'Objects': [{'Key': 'dir/b.txt'}]})
out['deleted'] = [x['Key'] for x in d['Deleted']]
out['missing'] = err(lambda: s3.get_object(Bucket='boto', Key='dir/b.txt'))
out['412'] = err(lambda: s3.get_object(Bucket='boto', Key='dir/a.txt', IfMatch='"nope"'))
out['badmd5'] = err(lambda: s3.put_object(Bucket='boto', Key='x', Body=b'abc', ContentMD5='AAAAAAAAAAAAAAAAAAAAAA=='))
`,
      env,
    );
    assert.equal(out['etag'], `"${createHash('md5').update('hello boto').digest('hex')}"`);
    assert.deepEqual(out['get'], ['hello boto', 'text/plain', { k: 'v' }, 10]);
    assert.equal(out['range'], 'boto');
    assert.deepEqual(out['listed'], ['dir/a.txt', 'dir/b.txt']);
    assert.deepEqual(out['v1'], ['dir/a.txt', 'dir/b.txt']);
    assert.deepEqual(out['deleted'], ['dir/b.txt']);
    assert.deepEqual(out['missing'], ['NoSuchKey', 404, 'The specified key does not exist.']);
    assert.deepEqual(out['412'], ['PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold']);
    assert.deepEqual(out['badmd5'], ['BadDigest', 400, 'The Content-MD5 you specified did not match what we received.']);
  });

  it('upload_file goes multipart above 8 MiB and download_file brings back the same bytes', () => {
    const out = boto(
      `
src = os.path.join(os.environ['WORK'], 'src.bin')
with open(src, 'wb') as f:
    f.write(os.urandom(20 * 1024 * 1024 + 123))
s3.upload_file(src, 'boto', 'big/file.bin', Config=TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024))
h = s3.head_object(Bucket='boto', Key='big/file.bin')
out['etag'] = h['ETag']
out['size'] = h['ContentLength']
dst = os.path.join(os.environ['WORK'], 'dst.bin')
s3.download_file('boto', 'big/file.bin', dst)
out['same'] = sha(src) == sha(dst)
`,
      env,
    );
    assert.match(String(out['etag']), /^"[0-9a-f]{32}-3"$/);
    assert.equal(out['size'], 20 * 1024 * 1024 + 123);
    assert.equal(out['same'], true);
  });

  it('generate_presigned_url for PUT and GET, used with plain HTTP clients', async () => {
    const out = boto(
      `
# sagelite speaks SigV4 only; botocore presigns S3 URLs with SigV2 unless told otherwise (README).
s3 = boto3.client('s3', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
put = s3.generate_presigned_url('put_object', Params={'Bucket': 'boto', 'Key': 'signed.txt'}, ExpiresIn=300)
req = urllib.request.Request(put, data=b'via presigned put', method='PUT')
out['put'] = urllib.request.urlopen(req).status
out['get_url'] = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto', 'Key': 'signed.txt'}, ExpiresIn=300)
out['get'] = urllib.request.urlopen(out['get_url']).read().decode()
`,
      env,
    );
    assert.equal(out['put'], 200);
    assert.equal(out['get'], 'via presigned put');
    const res = await fetch(String(out['get_url']));
    assert.deepEqual([res.status, await res.text()], [200, 'via presigned put']);
  });
});
