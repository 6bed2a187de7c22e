import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { AwsChunkedDecoder, MAX_CHUNK_BYTES, type ChunkSigning } from './chunked.js';
import { EMPTY_SHA256 } from './canonical.js';
import { SigV4Error } from './errors.js';

// The decoder's cost must grow with the body, not with the square of a chunk: a hostile tenant
// sent one 128 MiB chunk in network-sized pieces and stalled every other tenant (issue 12).

const signing: ChunkSigning = {
  signingKey: Buffer.alloc(32, 7),
  amzDate: '20240101T000000Z',
  scope: '20240101/us-east-1/s3/aws4_request',
  seedSignature: 'a'.repeat(64),
};

function sign(previous: string, data: Buffer): string {
  const sts = ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, previous, EMPTY_SHA256, createHash('sha256').update(data).digest('hex')].join('\n');
  return createHmac('sha256', signing.signingKey).update(sts).digest('hex');
}

/** A signed aws-chunked body of the given chunks, signatures chained from the seed. */
function signedBody(chunks: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let previous = signing.seedSignature;
  for (const data of [...chunks, Buffer.alloc(0)]) {
    previous = sign(previous, data);
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`), data, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const refusedAs = (kind: string) => (e: unknown) => e instanceof SigV4Error && e.kind === kind;

describe('aws-chunked decoding is linear and bounded', () => {
  it('a chunk of the largest size fed in 64 KiB pieces is hashed once and never re-copied', () => {
    const chunk = Buffer.alloc(MAX_CHUNK_BYTES, 0x61);
    const body = signedBody([chunk]);
    const decoder = new AwsChunkedDecoder({ decodedLength: chunk.length, signing });
    let out = 0;
    for (let i = 0; i < body.length; i += 65536) for (const p of decoder.push(body.subarray(i, i + 65536))) out += p.length;
    decoder.end();
    assert.equal(out, MAX_CHUNK_BYTES);
    // Each data byte passes the hash exactly once; only the two header lines are copied.
    assert.equal(decoder.work.hashed, MAX_CHUNK_BYTES);
    assert.ok(decoder.work.copied < 256, `copied ${decoder.work.copied} bytes`);
  });

  it('work stays proportional to the bytes when pieces are tiny (header lines split byte by byte)', () => {
    const chunks = [Buffer.alloc(8192, 1), Buffer.alloc(8192, 2), Buffer.alloc(100, 3)];
    const body = signedBody(chunks);
    const decoder = new AwsChunkedDecoder({ decodedLength: 8192 * 2 + 100, signing });
    const got: Buffer[] = [];
    for (let i = 0; i < body.length; i += 7) got.push(...decoder.push(body.subarray(i, i + 7)));
    decoder.end();
    assert.deepEqual(Buffer.concat(got), Buffer.concat(chunks));
    assert.equal(decoder.work.hashed, 8192 * 2 + 100);
    // Copies are the header lines (each ~80 bytes), however the bytes were split.
    assert.ok(decoder.work.copied < 4 * 100, `copied ${decoder.work.copied} bytes`);
  });

  it('refuses a chunk header announcing more than the bound before any of its data arrives', () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: 128 * 1024 * 1024, signing });
    const header = Buffer.from(`${(128 * 1024 * 1024).toString(16)};chunk-signature=${'b'.repeat(64)}\r\n`);
    assert.throws(() => decoder.push(header), (e: unknown) => refusedAs('ChunkTooLarge')(e) && (e as SigV4Error).details.bytesProvided === 128 * 1024 * 1024);
    assert.equal(decoder.work.hashed, 0);
  });

  it('refuses one byte over the bound, also for unsigned-trailer bodies', () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: MAX_CHUNK_BYTES + 1, trailer: 'x-amz-checksum-crc32' });
    assert.throws(() => decoder.push(Buffer.from(`${(MAX_CHUNK_BYTES + 1).toString(16)}\r\n`)), refusedAs('ChunkTooLarge'));
  });

  it('refuses a 16-hex-digit size without overflowing into a small number', () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: 10 });
    assert.throws(() => decoder.push(Buffer.from('ffffffffffffffff\r\n')), refusedAs('ChunkTooLarge'));
  });

  it('refuses an endless header line once it passes 4 KiB, without waiting for its end', () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: 10, signing });
    assert.throws(() => {
      for (let i = 0; i < 10; i++) decoder.push(Buffer.alloc(1024, 0x30));
    }, refusedAs('MalformedChunk'));
  });

  it('holds a chunk back until its signature checks: a tampered chunk yields nothing', () => {
    const chunk = Buffer.alloc(100_000, 0x61);
    const body = signedBody([chunk]);
    body[200] = 0x62;
    const decoder = new AwsChunkedDecoder({ decodedLength: chunk.length, signing });
    let released = 0;
    assert.throws(() => {
      for (let i = 0; i < body.length; i += 4096) released += decoder.push(body.subarray(i, i + 4096)).reduce((n, p) => n + p.length, 0);
    }, refusedAs('ChunkSignatureMismatch'));
    assert.equal(released, 0);
  });

  it('refuses a chunk whose data is not followed by CRLF, even when the CRLF is split across pushes', () => {
    const ok = signedBody([Buffer.from('hello')]);
    const at = ok.indexOf('hello') + 5;
    const decoder = new AwsChunkedDecoder({ decodedLength: 5, signing });
    decoder.push(ok.subarray(0, at + 1));
    decoder.push(ok.subarray(at + 1));
    decoder.end();
    const bad = Buffer.from(ok);
    bad[at + 1] = 0x20;
    assert.throws(() => new AwsChunkedDecoder({ decodedLength: 5, signing }).push(bad), refusedAs('MalformedChunk'));
  });
});
