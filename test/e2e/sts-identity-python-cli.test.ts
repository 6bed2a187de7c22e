import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { awsCli, clientEnv, createAccount, python, ServerProcess, type AccountKeys } from './harness.js';

const BOTO = `
import json, boto3, botocore, sys
from botocore.config import Config
def call(fn):
    try:
        out = fn()
        out.pop('ResponseMetadata', None)
        return {'ok': out}
    except botocore.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'), 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
`;

describe('STS GetCallerIdentity with boto3 and the AWS CLI', () => {
  let server: ServerProcess;
  let root: AccountKeys;
  before(async () => {
    server = await ServerProcess.start();
    root = createAccount(server.dataDir);
  });
  after(() => server.stop());

  it('boto3: right identity, and the right error for a wrong secret and an unknown key', () => {
    const out = JSON.parse(
      python(
        BOTO +
          `
cfg = Config(retries={'max_attempts': 1})
ok = boto3.client('sts', config=cfg)
import os
bad = boto3.client('sts', config=cfg, aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'], aws_secret_access_key='x' * 40)
unknown = boto3.client('sts', config=cfg, aws_access_key_id='AKIAAAAAAAAAAAAAAAAA', aws_secret_access_key=os.environ['AWS_SECRET_ACCESS_KEY'])
print(json.dumps([call(ok.get_caller_identity), call(bad.get_caller_identity), call(unknown.get_caller_identity)]))
`,
        clientEnv(server.url, root),
      ),
    ) as Array<Record<string, unknown>>;
    assert.deepEqual(out[0], { ok: { UserId: root.accountId, Account: root.accountId, Arn: `arn:aws:iam::${root.accountId}:root` } });
    assert.equal(out[1]!['code'], 'SignatureDoesNotMatch');
    assert.equal(out[1]!['status'], 403);
    assert.deepEqual(out[2], { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 });
  });

  it('boto3: a clock 20 minutes behind gets Signature expired', () => {
    const out = JSON.parse(
      python(
        BOTO +
          `
import datetime
from unittest import mock
real = datetime.datetime
class Slow(real):
    @classmethod
    def utcnow(cls): return real.utcnow() - datetime.timedelta(minutes=20)
    @classmethod
    def now(cls, tz=None): return real.now(tz) - datetime.timedelta(minutes=20)
with mock.patch('botocore.auth.datetime.datetime', Slow):
    print(json.dumps(call(boto3.client('sts').get_caller_identity)))
`,
        clientEnv(server.url, root),
      ),
    ) as Record<string, unknown>;
    assert.equal(out['code'], 'SignatureDoesNotMatch');
    assert.match(String(out['message']), /^Signature expired: /);
  });

  it('boto3: a presigned GetCallerIdentity URL works, then expires', () => {
    // botocore signs a presigned URL for the operation's own method (POST for STS) unless told
    // GET, as EKS token generators do; real STS refuses a POST-signed URL fetched with GET too.
    const out = JSON.parse(
      python(
        `
import json, time, urllib.request, urllib.error, boto3
url = boto3.client('sts').generate_presigned_url('get_caller_identity', ExpiresIn=2, HttpMethod='GET')
first = urllib.request.urlopen(url).read().decode()
time.sleep(3.1)
try:
    urllib.request.urlopen(url); late = None
except urllib.error.HTTPError as e:
    late = [e.code, e.read().decode()]
print(json.dumps([first, late]))
`,
        clientEnv(server.url, root),
      ),
    ) as [string, [number, string]];
    assert.match(out[0], new RegExp(`<Account>${root.accountId}</Account>`));
    assert.equal(out[1][0], 403);
    assert.match(out[1][1], /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: /);
  });

  it('boto3: put_object bodies are read, checked and stored (signed 70 kB body; SHA256 checksum)', () => {
    const out = JSON.parse(
      python(BOTO + `
s3 = boto3.client('s3', config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
s3.create_bucket(Bucket='bucket-a')
put1 = call(lambda: s3.put_object(Bucket='bucket-a', Key='k.txt', Body=b'x' * 70000))
put2 = call(lambda: s3.put_object(Bucket='bucket-a', Key='h.txt', Body=b'hi', ChecksumAlgorithm='SHA256'))
got = s3.get_object(Bucket='bucket-a', Key='k.txt')['Body'].read()
print(json.dumps([put1, put2, len(got), got == b'x' * 70000]))
`, clientEnv(server.url, root)),
    ) as [Record<string, Record<string, string>>, Record<string, Record<string, string>>, number, boolean];
    assert.ok(out[0]['ok'], JSON.stringify(out[0]));
    assert.equal(out[1]['ok']?.['ChecksumSHA256'], createHash('sha256').update('hi').digest('base64'));
    assert.deepEqual(out.slice(2), [70000, true]);
  });

  it('AWS CLI: sts get-caller-identity', () => {
    const r = awsCli(['sts', 'get-caller-identity', '--output', 'json'], clientEnv(server.url, root));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { UserId: root.accountId, Account: root.accountId, Arn: `arn:aws:iam::${root.accountId}:root` });
  });

  it('AWS CLI: wrong secret, unknown key, unsigned request', () => {
    const wrong = awsCli(['sts', 'get-caller-identity'], { ...clientEnv(server.url, root), AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /\(SignatureDoesNotMatch\)/);
    const unknown = awsCli(['sts', 'get-caller-identity'], { ...clientEnv(server.url, root), AWS_ACCESS_KEY_ID: 'AKIAAAAAAAAAAAAAAAAA' });
    assert.match(unknown.stderr, /\(InvalidClientTokenId\).*The security token included in the request is invalid\./);
    const unsigned = awsCli(['sts', 'get-caller-identity', '--no-sign-request'], clientEnv(server.url, root));
    assert.match(unsigned.stderr, /\(MissingAuthenticationToken\).*Request is missing Authentication Token/);
  });

  it('AWS CLI: a clock 20 minutes off either way (libfaketime) gets the skew errors', () => {
    const skewed = (offset: string) => {
      const r = spawnSync('faketime', ['-f', offset, 'aws', 'sts', 'get-caller-identity'], { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '', ...clientEnv(server.url, root) }, timeout: 60_000 });
      return r.stderr;
    };
    assert.match(skewed('-20m'), /\(SignatureDoesNotMatch\).*Signature expired: \d{8}T\d{6}Z is now earlier than/);
    assert.match(skewed('+20m'), /\(SignatureDoesNotMatch\).*Signature not yet current: \d{8}T\d{6}Z is still later than/);
  });

  it('AWS CLI: an expired presigned S3 URL is refused as S3 refuses it', async () => {
    // The CLI presigns S3 with SigV2 unless told s3v4; sagelite speaks only SigV4.
    const dir = mkdtempSync(join(tmpdir(), 'awscfg-'));
    writeFileSync(join(dir, 'config'), '[default]\ns3 =\n    signature_version = s3v4\n');
    const r = awsCli(['s3', 'presign', 's3://bucket-a/key.txt', '--expires-in', '1'], { ...clientEnv(server.url, root), AWS_CONFIG_FILE: join(dir, 'config') });
    assert.equal(r.status, 0, r.stderr);
    await new Promise((res) => setTimeout(res, 2100));
    const res = await fetch(r.stdout.trim());
    const body = await res.text();
    assert.equal(res.status, 403);
    assert.match(body, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>1<\/X-Amz-Expires>/);
  });
});
