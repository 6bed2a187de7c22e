import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { awsCli, clientEnv, createAccount, ServerProcess, type AccountKeys } from './harness.js';

const MiB = 1024 * 1024;

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `size` random bytes a MiB at a time (the test never holds the whole file either). */
async function randomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  for (let left = size; left > 0; left -= MiB) if (!out.write(randomBytes(Math.min(MiB, left)))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The server's peak resident set so far (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

describe('S3 objects with the AWS CLI (aws s3 and aws s3api)', () => {
  let server: ServerProcess;
  let a: AccountKeys;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => {
    const r = awsCli(args, env);
    assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    server = await ServerProcess.start();
    a = createAccount(server.dataDir, 'cli');
    dir = mkdtempSync(join(tmpdir(), 'sagelite-s3-cli-'));
    env = clientEnv(server.url, a);
    cli('s3', 'mb', 's3://cli-objects');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  it('aws s3 cp of a 100 MiB file goes multipart up and comes back byte for byte, the server staying small', { timeout: 240_000 }, async (t) => {
    const src = join(dir, 'hundred.bin');
    await randomFile(src, 100 * MiB);
    const before = peakRssMiB(server.child.pid!);
    const started = Date.now();
    cli('s3', 'cp', src, 's3://cli-objects/big/hundred.bin');
    const upSeconds = (Date.now() - started) / 1000;
    const head = JSON.parse(cli('s3api', 'head-object', '--bucket', 'cli-objects', '--key', 'big/hundred.bin')) as { ETag: string; ContentLength: number };
    assert.match(head.ETag, /^"[0-9a-f]{32}-\d+"$/, 'a multipart ETag');
    assert.equal(head.ContentLength, 100 * MiB);
    const back = join(dir, 'back.bin');
    cli('s3', 'cp', 's3://cli-objects/big/hundred.bin', back);
    assert.equal(await sha256File(back), await sha256File(src));
    const peak = peakRssMiB(server.child.pid!);
    t.diagnostic(`100 MiB up in ${upSeconds.toFixed(1)} s; server peak RSS ${before} MiB before, ${peak} MiB after upload and download`);
    assert.ok(peak - before < 100, `the server's peak RSS grew by ${peak - before} MiB for a 100 MiB object`);
  });

  it('aws s3 sync up, a change, and back down; aws s3 ls shows prefixes and keys', () => {
    const local = join(dir, 'tree');
    mkdirSync(join(local, 'sub'), { recursive: true });
    writeFileSync(join(local, 'one.txt'), 'one');
    writeFileSync(join(local, 'sub', 'two.txt'), 'two');
    // sync re-uploads a file whose mtime is after the object's Last-Modified, kept in whole seconds
    // (as S3 does): written and uploaded within one second, it would look newer next time.
    const earlier = new Date(Date.now() - 10_000);
    utimesSync(join(local, 'sub', 'two.txt'), earlier, earlier);
    cli('s3', 'sync', local, 's3://cli-objects/tree');
    writeFileSync(join(local, 'one.txt'), 'one, changed');
    const second = cli('s3', 'sync', local, 's3://cli-objects/tree');
    assert.match(second, /upload: .*one\.txt to s3:\/\/cli-objects\/tree\/one\.txt/);
    assert.doesNotMatch(second, /two\.txt/);
    const down = join(dir, 'down');
    cli('s3', 'sync', 's3://cli-objects/tree', down);
    assert.equal(readFileSync(join(down, 'one.txt'), 'utf8'), 'one, changed');
    assert.equal(readFileSync(join(down, 'sub', 'two.txt'), 'utf8'), 'two');
    const top = cli('s3', 'ls', 's3://cli-objects/');
    assert.match(top, /PRE big\//);
    assert.match(top, /PRE tree\//);
    const recursive = cli('s3', 'ls', '--recursive', 's3://cli-objects/tree/');
    assert.match(recursive, /\s12 tree\/one\.txt/);
    assert.match(recursive, /\s3 tree\/sub\/two\.txt/);
  });

  it('aws s3api put-object, get-object, head-object, list-objects, list-objects-v2, delete-objects', () => {
    const file = join(dir, 'api.txt');
    writeFileSync(file, 'through s3api');
    const put = JSON.parse(cli('s3api', 'put-object', '--bucket', 'cli-objects', '--key', 'api/x.txt', '--body', file, '--content-type', 'text/plain', '--metadata', 'a=b')) as { ETag: string };
    assert.equal(put.ETag, `"${createHash('md5').update('through s3api').digest('hex')}"`);
    const got = join(dir, 'got.txt');
    const meta = JSON.parse(cli('s3api', 'get-object', '--bucket', 'cli-objects', '--key', 'api/x.txt', got)) as { ContentType: string; Metadata: Record<string, string> };
    assert.deepEqual([meta.ContentType, meta.Metadata, readFileSync(got, 'utf8')], ['text/plain', { a: 'b' }, 'through s3api']);
    const head = JSON.parse(cli('s3api', 'head-object', '--bucket', 'cli-objects', '--key', 'api/x.txt')) as { ContentLength: number };
    assert.equal(head.ContentLength, 13);
    const v1 = JSON.parse(cli('s3api', 'list-objects', '--bucket', 'cli-objects', '--prefix', 'api/')) as { Contents: Array<{ Key: string }> };
    assert.deepEqual(v1.Contents.map((o) => o.Key), ['api/x.txt']);
    const v2 = JSON.parse(cli('s3api', 'list-objects-v2', '--bucket', 'cli-objects', '--delimiter', '/')) as { CommonPrefixes: Array<{ Prefix: string }> };
    assert.deepEqual(v2.CommonPrefixes.map((p) => p.Prefix), ['api/', 'big/', 'tree/']);
    const deleted = JSON.parse(cli('s3api', 'delete-objects', '--bucket', 'cli-objects', '--delete', JSON.stringify({ Objects: [{ Key: 'api/x.txt' }] }))) as { Deleted: Array<{ Key: string }> };
    assert.deepEqual(deleted.Deleted.map((d) => d.Key), ['api/x.txt']);
    const missing = awsCli(['s3api', 'head-object', '--bucket', 'cli-objects', '--key', 'api/x.txt'], env);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /\(404\)/);
  });
});
