import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, ListObjectsV2Command, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { s3 } from './s3-objects-helpers.js';
import { errorOf, multipart, postForm, rawPost, signedForm, type Answer } from './s3-post-object-helpers.js';

const BOUNDARY = '----sagelite-hostile';
const FORM = `multipart/form-data; boundary=${BOUNDARY}`;

/** A small deterministic generator (xorshift32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/**
 * POST Object's form parsing under hostile input: truncated and malformed bodies, missing
 * boundaries, oversize fields, streamed bodies cut short, random bytes, mutated forms. Each gets
 * S3's 4xx, never a 500 or a hang, and nothing is stored; the server then still takes a good form.
 * The bucket lets everyone write, so a form that parsed would reach the write.
 */
describe('S3 POST Object: hostile forms get S3’s errors, never a 500 or a hang', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let url: string;

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'post-hostile');
    const owner = s3(server.url, a);
    await owner.send(new CreateBucketCommand({ Bucket: 'post-open' }));
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: 'post-open' }));
    await owner.send(new PutBucketPolicyCommand({
      Bucket: 'post-open',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::post-open/*' }] }),
    }));
    url = server.url;
  });
  after(() => server.stop());

  const refusedWith = (answer: Answer, status: number, code: string, message?: string) => {
    assert.equal(answer.status, status, answer.body);
    assert.equal(errorOf(answer)[0], code, answer.body);
    if (message !== undefined) assert.equal(errorOf(answer)[1], message);
  };
  const stored = async () => (await s3(server.url, a).send(new ListObjectsV2Command({ Bucket: 'post-open' }))).KeyCount;

  it('each malformed form gets S3’s own error', async () => {
    const malformed = 'The body of your POST request is not well-formed multipart/form-data.';
    const notForm = 'At least one of the pre-conditions you specified did not hold';
    refusedWith(await rawPost(url, '/post-open', 'key=k&file=x', { 'content-type': 'application/x-www-form-urlencoded' }), 412, 'PreconditionFailed', notForm);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']])), 412, 'PreconditionFailed', notForm);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']]), { 'content-type': 'multipart/form-data' }), 400, 'MalformedPOSTRequest', malformed);
    refusedWith(await rawPost(url, '/post-open', 'key=k&file=x', { 'content-type': FORM }), 400, 'MalformedPOSTRequest', malformed);
    refusedWith(await rawPost(url, '/post-open', '', { 'content-type': FORM }), 400, 'MalformedPOSTRequest', malformed);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']], false), { 'content-type': FORM }), 400, 'MalformedPOSTRequest', malformed);
    const cutInFile = multipart(BOUNDARY, [['key', 'k'], ['file', 'x'.repeat(500), 'f']]).slice(0, -300);
    refusedWith(await rawPost(url, '/post-open', cutInFile, { 'content-type': FORM }), 400, 'MalformedPOSTRequest', malformed);
    refusedWith(await rawPost(url, '/post-open', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\nX-Long: ${'h'.repeat(20_000)}\r\n\r\nk\r\n--${BOUNDARY}--\r\n`, { 'content-type': FORM }), 400, 'MalformedPOSTRequest', malformed);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k']]), { 'content-type': FORM }), 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['file', 'x', 'f'], ['key', 'k']]), { 'content-type': FORM }), 400, 'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', ''], ['file', 'x', 'f']]), { 'content-type': FORM }), 400, 'InvalidArgument', 'User key must have a length greater than 0.');
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'.repeat(1025)], ['file', 'x', 'f']]), { 'content-type': FORM }), 400, 'KeyTooLongError', 'Your key is too long');
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['tagging', 'a=1'], ['file', 'x', 'f']]), { 'content-type': FORM }), 400, 'MalformedXML');
    refusedWith(await rawPost(url, '/post-open/an/object', multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']]), { 'content-type': FORM }), 405, 'MethodNotAllowed');
    refusedWith(await rawPost(url, '/post-nowhere', multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']]), { 'content-type': FORM }), 404, 'NoSuchBucket');
    assert.equal(await stored(), 0);
  });

  it('oversize fields before the file: MaxPostPreDataLengthExceededError, read no further, buffered or streamed', async () => {
    const tooLarge = 'MaxPostPreDataLengthExceededError';
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['x-ignore-a', 'a'.repeat(20_000)], ['file', 'x', 'f']]), { 'content-type': FORM }), 400, tooLarge);
    const many = Array.from({ length: 400 }, (_, i): [string, string] => [`x-ignore-${i}`, 'v'.repeat(60)]);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ...many, ['file', 'x', 'f']]), { 'content-type': FORM }), 400, tooLarge);
    refusedWith(await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'k'], ['big', 'b'.repeat(30_000), 'as-file.txt'], ['file', 'x', 'f']]), { 'content-type': FORM }), 400, tooLarge);
    refusedWith(await rawPost(url, '/post-open', 'p'.repeat(200_000) + multipart(BOUNDARY, [['key', 'k'], ['file', 'x', 'f']]), { 'content-type': FORM }, true), 400, tooLarge);
    // A field that never ends, streamed: the answer comes after a bounded read, while the client is still sending.
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: new URL(url).port, method: 'POST', path: '/post-open', headers: { 'content-type': FORM, 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
          req.destroy();
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
      req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="endless"\r\n\r\n`);
      const chunk = 'e'.repeat(16 * 1024);
      for (let i = 0; i < 16; i++) req.write(chunk);
    });
    refusedWith(answer, 400, tooLarge);
    assert.equal(await stored(), 0);
  });

  it('random bytes and mutated forms, buffered and streamed: a 4xx each, nothing stored', async () => {
    const next = random(20240506);
    const good = Buffer.from(multipart(BOUNDARY, [['key', 'fuzz/k'], ['Content-Type', 'text/plain'], ['file', 'hello', 'f.txt']]));
    for (let i = 0; i < 60; i++) {
      let body: Buffer;
      if (i % 3 === 0) {
        body = Buffer.from(Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256)));
      } else {
        body = Buffer.from(good);
        // Flip a few bytes (boundaries, part headers, names, values), and cut some bodies short.
        for (let j = 0; j < 1 + Math.floor(next() * 4); j++) body[Math.floor(next() * (body.length - 40))] = Math.floor(next() * 256);
        if (i % 3 === 2) body = body.subarray(0, Math.floor(next() * body.length));
      }
      const answer = await rawPost(url, '/post-open', body, { 'content-type': FORM }, i % 2 === 0);
      assert.ok(answer.status >= 400 && answer.status < 500 || answer.status === 204, `case ${i}: ${answer.status} ${answer.body}`);
    }
    // Whatever a mutation let through was written under a key the form named, never half a file.
    const keys = (await s3(server.url, a).send(new ListObjectsV2Command({ Bucket: 'post-open' }))).Contents ?? [];
    for (const k of keys) assert.ok(k.Size! <= 5, `${k.Key}: ${k.Size}`);
  });

  it('after all that, a good form is taken, anonymous and signed', async () => {
    const anonymous = await rawPost(url, '/post-open', multipart(BOUNDARY, [['key', 'after/anon.txt'], ['file', 'fine', 'f.txt']]), { 'content-type': FORM });
    assert.equal(anonymous.status, 204, anonymous.body);
    const signed = await postForm(`${url}/post-open`, signedForm(a, 'post-open', { key: 'after/signed.txt' }), { data: 'fine' });
    assert.equal(signed.status, 204, signed.body);
  });
});
