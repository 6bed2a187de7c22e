import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { clientEnv, createAccount, python, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { adminUser, userWith } from './iam-helpers.js';
import { bodyBytes, fails, md5Hex, patterned, s3, type Creds } from './s3-objects-helpers.js';
import { elementOf, errorOf, postForm, signedForm, type Answer } from './s3-post-object-helpers.js';

const policy = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const explain = (server: ServerProcess, requestId: string) => sagelite(['explain', requestId, '--endpoint', server.url, '--data-dir', server.dataDir]);

/**
 * POST Object, S3's browser form upload: forms made by the JS SDK's createPresignedPost and by
 * boto3's generate_presigned_post, posted as a browser posts them; the policy, the signature
 * (STS session tokens included), and authorization as PutObject's, across accounts, with every
 * refusal explained.
 */
describe('S3 POST Object: browser form uploads (createPresignedPost, generate_presigned_post)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let b: AccountKeys;
  let bucketUrl: string;
  const absent = async (bucket: string, key: string) => fails(s3(server.url, a).send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound', 404);

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'post-owner-a');
    b = createAccount(server.dataDir, 'post-other-b');
    await s3(server.url, a).send(new CreateBucketCommand({ Bucket: 'post-a' }));
    bucketUrl = `${server.url}/post-a`;
  });
  after(() => server.stop());

  it('createPresignedPost: 204, and the object is what the form said (${filename}, Content-Type, metadata, tagging)', async () => {
    const presigned = await createPresignedPost(s3(server.url, a), {
      Bucket: 'post-a',
      Key: 'uploads/${filename}',
      Conditions: [['content-length-range', 1, 1024], ['starts-with', '$tagging', '']],
      Fields: { 'Content-Type': 'text/plain', 'x-amz-meta-color': 'green' },
      Expires: 600,
    });
    assert.equal(presigned.url, bucketUrl);
    const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>ml</Value></Tag></TagSet></Tagging>';
    const answer = await postForm(presigned.url, { ...presigned.fields, tagging }, { data: 'hello form', name: 'notes.txt', type: 'image/png' });
    assert.equal(answer.status, 204, answer.body);
    assert.deepEqual([answer.body, answer.headers['etag'], answer.headers['location']], ['', `"${md5Hex('hello form')}"`, `${bucketUrl}/uploads%2Fnotes.txt`]);
    assert.equal(answer.headers['x-amz-server-side-encryption'], 'AES256');
    const object = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'post-a', Key: 'uploads/notes.txt' }));
    assert.deepEqual([await object.Body!.transformToString(), object.ContentType, object.Metadata, object.ServerSideEncryption], ['hello form', 'text/plain', { color: 'green' }, 'AES256']);
    assert.deepEqual((await s3(server.url, a).send(new GetObjectTaggingCommand({ Bucket: 'post-a', Key: 'uploads/notes.txt' }))).TagSet, [{ Key: 'team', Value: 'ml' }]);
  });

  it('success_action_status 201 answers the PostResponse document; 200 nothing; success_action_redirect 303 to the page with bucket, key and etag', async () => {
    const fields = (extra: Record<string, string>, key: string) => signedForm(a, 'post-a', { key, ...extra });
    const created = await postForm(bucketUrl, fields({ success_action_status: '201' }, 'status/created.txt'), { data: 'abc' });
    const etag = `"${md5Hex('abc')}"`;
    assert.equal(created.status, 201, created.body);
    assert.equal(created.headers['content-type'], 'application/xml');
    assert.match(created.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<PostResponse><Location>/);
    assert.deepEqual(['Location', 'Bucket', 'Key', 'ETag'].map((n) => elementOf(created.body, n)), [`${bucketUrl}/status%2Fcreated.txt`, 'post-a', 'status/created.txt', '&quot;' + md5Hex('abc') + '&quot;']);
    const ok = await postForm(bucketUrl, fields({ success_action_status: '200' }, 'status/ok.txt'), { data: 'abc' });
    assert.deepEqual([ok.status, ok.body, ok.headers['etag']], [200, '', etag]);
    const redirected = await postForm(bucketUrl, fields({ success_action_redirect: 'https://app.example.com/done?x=1' }, 'status/with space.txt'), { data: 'abc' });
    assert.equal(redirected.status, 303, redirected.body);
    assert.equal(redirected.headers['location'], `https://app.example.com/done?x=1&bucket=post-a&key=status%2Fwith%20space.txt&etag=${encodeURIComponent(etag)}`);
    const notHttp = await postForm(bucketUrl, fields({ success_action_redirect: 'ftp://example.com/' }, 'status/ftp.txt'), { data: 'abc' });
    assert.equal(notHttp.status, 204);
  });

  it('the policy decides: expired, a condition that fails, a field it does not name, content-length-range; nothing is stored', async () => {
    const refused = async (answer: Answer, code: string, status: number, message: string) => {
      assert.deepEqual([answer.status, ...errorOf(answer)], [status, code, message], answer.body);
    };
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/expired' }, { expiration: new Date(Date.now() - 60_000) }), { data: 'x' }),
      'AccessDenied', 403, 'Invalid according to Policy: Policy expired.');
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/typed', 'Content-Type': 'text/html' }, { uncovered: ['Content-Type'], conditions: [['starts-with', '$Content-Type', 'image/']] }), { data: 'x' }),
      'AccessDenied', 403, 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]');
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/other' }, { uncovered: ['key'], conditions: [{ key: 'p/elsewhere' }] }), { data: 'x' }),
      'AccessDenied', 403, 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "p/elsewhere"]');
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/extra', 'x-amz-meta-sneaky': '1' }, { uncovered: ['x-amz-meta-sneaky'] }), { data: 'x' }),
      'AccessDenied', 403, 'Invalid according to Policy: Extra input fields: x-amz-meta-sneaky');
    const tooLarge = await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/large' }, { conditions: [['content-length-range', 1, 100]] }), { data: patterned(101) });
    await refused(tooLarge, 'EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size');
    assert.deepEqual([elementOf(tooLarge.body, 'ProposedSize'), elementOf(tooLarge.body, 'MaxSizeAllowed')], ['101', '100']);
    const tooSmall = await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/small' }, { conditions: [['content-length-range', 10, 100]] }), { data: 'tiny' });
    await refused(tooSmall, 'EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size');
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/bad' }, { policy: Buffer.from('{"conditions": []}').toString('base64') }), { data: 'x' }),
      'InvalidPolicyDocument', 400, 'Invalid Policy: Policy missing expiration.');
    await refused(await postForm(bucketUrl, signedForm(a, 'post-a', { key: 'p/two' }, { conditions: [{ acl: 'private', key: 'k' }] }), { data: 'x' }),
      'InvalidPolicyDocument', 400, 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    for (const key of ['p/expired', 'p/typed', 'p/other', 'p/extra', 'p/large', 'p/small', 'p/bad', 'p/two']) await absent('post-a', key);
  });

  it('the signature: another secret, a missing field, an unknown key are refused; STS session credentials sign with their token', async () => {
    const form = signedForm(a, 'post-a', { key: 'sig/x' });
    const wrong = await postForm(bucketUrl, { ...form, 'x-amz-signature': signedForm({ ...a, secretAccessKey: 'not-the-secret' }, 'post-a', { key: 'sig/x' })['x-amz-signature']! }, { data: 'x' });
    assert.deepEqual([wrong.status, ...errorOf(wrong)], [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.']);
    assert.equal(elementOf(wrong.body, 'StringToSign'), form['policy']);
    const { 'x-amz-date': _date, ...withoutDate } = form;
    const missing = await postForm(bucketUrl, withoutDate, { data: 'x' });
    assert.deepEqual([missing.status, ...errorOf(missing)], [400, 'InvalidArgument', "Bucket POST must contain a field named 'X-Amz-Date'.  If it is specified, please check the order of the fields."]);
    const unknown = await postForm(bucketUrl, signedForm({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 's' }, 'post-a', { key: 'sig/x' }), { data: 'x' });
    assert.deepEqual([unknown.status, ...errorOf(unknown)], [403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.']);
    const { policy: _p, 'x-amz-signature': _s, 'x-amz-algorithm': _al, 'x-amz-credential': _c, 'x-amz-date': _d, ...policyOnly } = form;
    const noSignature = await postForm(bucketUrl, { ...policyOnly, policy: form['policy']! }, { data: 'x' });
    assert.deepEqual([noSignature.status, ...errorOf(noSignature)], [403, 'AccessDenied', 'Access Denied']);
    await absent('post-a', 'sig/x');

    const admin = await adminUser(server.url, a, 'post-admin');
    const session = (await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: admin, maxAttempts: 1 }).send(new GetSessionTokenCommand({}))).Credentials!;
    const temporary: Creds = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };
    const presigned = await createPresignedPost(s3(server.url, temporary), { Bucket: 'post-a', Key: 'sig/session.txt' });
    assert.ok(presigned.fields['X-Amz-Security-Token']);
    assert.equal((await postForm(presigned.url, presigned.fields, { data: 'by session' })).status, 204);
    const { 'X-Amz-Security-Token': _t, ...tokenless } = presigned.fields;
    const noToken = await postForm(presigned.url, tokenless, { data: 'x' });
    assert.deepEqual([noToken.status, errorOf(noToken)[0]], [403, 'InvalidAccessKeyId']);
  });

  it('boto3 generate_presigned_post, posted with requests: 204, 201, and S3’s errors', () => {
    const out = JSON.parse(python(
      `import json, boto3, requests
from botocore.config import Config
s3 = boto3.client('s3', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
out = {}
post = s3.generate_presigned_post('post-a', 'boto/\${filename}', Fields={'success_action_status': '201', 'Content-Type': 'text/csv'},
    Conditions=[{'success_action_status': '201'}, {'Content-Type': 'text/csv'}, ['content-length-range', 1, 64]], ExpiresIn=300)
r = requests.post(post['url'], data=post['fields'], files={'file': ('rows.csv', b'a,b\\n1,2\\n')})
out['created'] = [r.status_code, r.text]
r = requests.post(post['url'], data=post['fields'], files={'file': ('big.csv', b'x' * 65)})
out['too_large'] = [r.status_code, r.text]
plain = s3.generate_presigned_post('post-a', 'boto/plain.bin')
r = requests.post(plain['url'], data=plain['fields'], files={'file': ('plain.bin', b'\\x00\\x01binary')})
out['plain'] = [r.status_code, r.headers.get('ETag')]
print(json.dumps(out))`,
      clientEnv(server.url, a),
    )) as Record<string, [number, string]>;
    assert.equal(out['created']![0], 201, out['created']![1]);
    assert.equal(elementOf(out['created']![1], 'Key'), 'boto/rows.csv');
    assert.deepEqual([out['too_large']![0], errorOf({ status: 0, headers: {}, body: out['too_large']![1] })[0]], [400, 'EntityTooLarge']);
    assert.deepEqual(out['plain'], [204, `"${md5Hex(Buffer.from([0, 1, ...Buffer.from('binary')]))}"`]);
  });

  it('authorization is PutObject’s: s3:PutObject on the key, s3:PutObjectAcl for an acl field; anonymous forms only where the bucket allows everyone', async () => {
    const writer = await userWith(server.url, a, 'form-writer', policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::post-a/allowed/*' }));
    assert.equal((await postForm(bucketUrl, signedForm(writer, 'post-a', { key: 'allowed/a.txt' }), { data: 'x' })).status, 204);
    const outside = await postForm(bucketUrl, signedForm(writer, 'post-a', { key: 'elsewhere/a.txt' }), { data: 'x' });
    assert.deepEqual([outside.status, ...errorOf(outside)], [403, 'AccessDenied',
      `User: arn:aws:iam::${a.accountId}:user/form-writer is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::post-a/elsewhere/a.txt" because no identity-based policy allows the s3:PutObject action`]);
    assert.equal(outside.headers['x-sagelite-decision'], 'denied');
    assert.match(explain(server, outside.headers['x-amz-request-id']!), /s3:PutObject/);
    const withAcl = await postForm(bucketUrl, signedForm(writer, 'post-a', { key: 'allowed/acl.txt', acl: 'bucket-owner-full-control' }), { data: 'x' });
    assert.deepEqual([withAcl.status, errorOf(withAcl)[0]], [403, 'AccessDenied']);
    assert.match(errorOf(withAcl)[1], /s3:PutObjectAcl/);
    assert.match(explain(server, withAcl.headers['x-amz-request-id']!), /s3:PutObjectAcl/);
    const anonymous = await postForm(bucketUrl, { key: 'anon.txt' }, { data: 'x' });
    assert.deepEqual([anonymous.status, ...errorOf(anonymous)], [403, 'AccessDenied', 'Access Denied']);
    for (const key of ['elsewhere/a.txt', 'allowed/acl.txt', 'anon.txt']) await absent('post-a', key);
  });

  it('across accounts: B’s form is refused until A’s bucket policy allows it (here: form uploads only, s3:authType POST); A owns what B wrote', async () => {
    const uploader = await userWith(server.url, b, 'uploader', policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::post-a/*' }));
    const form = async (key: string) => postForm(bucketUrl, signedForm(uploader, 'post-a', { key }), { data: `from b: ${key}` });
    const refused = await form('from-b/1.txt');
    assert.deepEqual([refused.status, ...errorOf(refused)], [403, 'AccessDenied',
      `User: arn:aws:iam::${b.accountId}:user/uploader is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::post-a/from-b/1.txt" because no resource-based policy allows the s3:PutObject action`]);
    const explained = explain(server, refused.headers['x-amz-request-id']!);
    assert.match(explained, /s3:PutObject/);
    assert.match(explained, new RegExp(`user/uploader`));
    await absent('post-a', 'from-b/1.txt');

    await s3(server.url, a).send(new PutBucketPolicyCommand({
      Bucket: 'post-a',
      Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::post-a/from-b/*', Condition: { StringEquals: { 's3:authType': 'POST' } } }),
    }));
    assert.equal((await form('from-b/2.txt')).status, 204);
    const object = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'post-a', Key: 'from-b/2.txt' }));
    assert.equal(await object.Body!.transformToString(), 'from b: from-b/2.txt');
    // The same write signed in a header is not a form upload: the policy's condition does not hold.
    await fails(s3(server.url, uploader).send(new PutObjectCommand({ Bucket: 'post-a', Key: 'from-b/3.txt', Body: 'x' })), 'AccessDenied', 403, /no resource-based policy allows the s3:PutObject action/);
    const elsewhere = await form('other/4.txt');
    assert.equal(elsewhere.status, 403);
    assert.match(explain(server, elsewhere.headers['x-amz-request-id']!), /s3:PutObject/);
  });

  it('a large file streams to the object (3 MiB), virtual-hosted', async () => {
    const data = patterned(3 * 1024 * 1024, 7);
    const fields = signedForm(a, 'post-a', { key: 'big/file.bin' }, { conditions: [['content-length-range', 0, 4 * 1024 * 1024]] });
    const port = new URL(server.url).port;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(data)]), 'file.bin');
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { host: `post-a.localhost:${port}`, 'content-type': encoded.headers.get('content-type')!, 'content-length': String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.status, 204, answer.body);
    assert.equal(answer.headers['location'], `http://post-a.localhost:${port}/big%2Ffile.bin`);
    const stored = await s3(server.url, a).send(new GetObjectCommand({ Bucket: 'post-a', Key: 'big/file.bin' }));
    assert.equal(md5Hex(await bodyBytes(stored)), md5Hex(data));
  });
});
