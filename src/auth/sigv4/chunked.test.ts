import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '../../core/clock.js';
import { PACKAGE_ROOT } from '../../core/paths.js';
import { AwsChunkedDecoder, decodeAwsChunked } from './chunked.js';
import { SigV4Error, type SigV4ErrorKind } from './errors.js';
import { SigningKeyCache } from './signing-key.js';
import { verifyRequest, type SignedRequest } from './verify.js';

// Worked examples from the S3 documentation (see the file's "source"): AWS's own signatures.
interface Example {
  id: string;
  canonical_request: string;
  seed_signature?: string;
  signature?: string;
  query_string: string;
  path: string;
  method: string;
  chunks?: Array<{ size: number; signature: string }>;
  final_chunk_signature?: string;
  trailer?: { checksum_header_name: string; checksum_header_value: string; signature: string };
}
const fixtures = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 's3-sigv4-examples.json'), 'utf8')) as { examples: Example[] };
const example = (id: string) => fixtures.examples.find((e) => e.id === id)!;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const clock = new FixedClock(new Date('2013-05-24T00:00:00Z'));

/** Rebuilds the signed request from the documented canonical request (its signed headers and values). */
function requestFrom(e: Example): SignedRequest {
  const lines = e.canonical_request.split('\n');
  const signed = lines[lines.length - 2]!;
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(3, lines.length - 3)) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i), [line.slice(i + 1)]);
  }
  const signature = e.seed_signature ?? e.signature!;
  headers.set('authorization', [`AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signed},Signature=${signature}`]);
  return { method: e.method, rawPath: lines[1]!, rawQuery: e.query_string, headers };
}

function verify(req: SignedRequest) {
  return verifyRequest(req, { clock, s3: true, service: 's3', keys: new SigningKeyCache(), lookup: (id) => (id === 'AKIAIOSFODNN7EXAMPLE' ? { secretAccessKey: SECRET } : undefined) });
}

function chunkedBody(e: Example, opts: { swap?: boolean; flipByte?: boolean; dropFinal?: boolean; trailerValue?: string } = {}): Buffer {
  const chunks = e.chunks!.filter((c) => c.size > 0);
  const parts = chunks.map((c) => Buffer.concat([Buffer.from(`${c.size.toString(16)};chunk-signature=${c.signature}\r\n`), Buffer.alloc(c.size, 'a'), Buffer.from('\r\n')]));
  if (opts.flipByte) parts[0]![200] = 0x62;
  if (opts.swap) parts.reverse();
  if (!opts.dropFinal) parts.push(Buffer.from(`0;chunk-signature=${e.final_chunk_signature}\r\n`));
  if (e.trailer && !opts.dropFinal) {
    parts.push(Buffer.from(`${e.trailer.checksum_header_name}:${opts.trailerValue ?? e.trailer.checksum_header_value}\r\nx-amz-trailer-signature:${e.trailer.signature}\r\n\r\n`));
  } else if (!opts.dropFinal) parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function decode(e: Example, body: Buffer) {
  const v = verify(requestFrom(e));
  return decodeAwsChunked(body, {
    decodedLength: 66560,
    ...(e.trailer ? { trailer: e.trailer.checksum_header_name } : {}),
    signing: { signingKey: v.signingKey, amzDate: v.amzDate, scope: v.scope, seedSignature: v.claim.signature },
  });
}

const fails = (kind: SigV4ErrorKind) => (e: unknown) => e instanceof SigV4Error && e.kind === kind;

describe('S3 documentation examples', () => {
  for (const id of ['header-get-object-range', 'header-put-object', 'header-get-bucket-lifecycle', 'header-get-bucket-list-objects']) {
    it(`${id}: AWS's signature verifies`, () => {
      const e = example(id);
      const req = requestFrom(e);
      if (id === 'header-put-object') req.body = Buffer.from('Welcome to Amazon S3.');
      assert.equal(verify(req).claim.signature, e.signature);
    });
  }

  it('presigned GET: AWS signature verifies within its 86400 s and not after', () => {
    const e = example('presigned-get-object');
    const req: SignedRequest = { method: 'GET', rawPath: e.path, rawQuery: e.query_string, headers: new Map([['host', ['examplebucket.s3.amazonaws.com']]]) };
    assert.equal(verify(req).claim.form, 'query');
    const late = new FixedClock(new Date('2013-05-25T00:00:00Z'));
    assert.throws(
      () => verifyRequest(req, { clock: late, s3: true, service: 's3', keys: new SigningKeyCache(), lookup: () => ({ secretAccessKey: SECRET }) }),
      fails('PresignExpired'),
    );
  });

  for (const id of ['streaming-put-object', 'streaming-trailer-put-object']) {
    describe(id, () => {
      const e = example(id);
      it('decodes 66560 bytes, every chunk signature checked', () => {
        const { data, trailers } = decode(e, chunkedBody(e));
        assert.equal(data.length, 66560);
        assert.ok(data.every((b) => b === 0x61));
        if (e.trailer) assert.equal(trailers.get('x-amz-checksum-crc32c'), 'sOO8/Q==');
      });
      it('decodes the same when the body arrives one byte at a time', () => {
        const v = verify(requestFrom(e));
        const d = new AwsChunkedDecoder({
          decodedLength: 66560,
          ...(e.trailer ? { trailer: e.trailer.checksum_header_name } : {}),
          signing: { signingKey: v.signingKey, amzDate: v.amzDate, scope: v.scope, seedSignature: v.claim.signature },
        });
        const body = chunkedBody(e);
        let total = 0;
        for (let i = 0; i < body.length; i += 997) for (const p of d.push(body.subarray(i, i + 997))) total += p.length;
        d.end();
        assert.equal(total, 66560);
      });
      it('rejects a tampered chunk', () => assert.throws(() => decode(e, chunkedBody(e, { flipByte: true })), fails('ChunkSignatureMismatch')));
      it('rejects reordered chunks', () => assert.throws(() => decode(e, chunkedBody(e, { swap: true })), fails('ChunkSignatureMismatch')));
      it('rejects a body without its final chunk', () => assert.throws(() => decode(e, chunkedBody(e, { dropFinal: true })), fails('DecodedLengthMismatch')));
      it('rejects a wrong decoded length', () => {
        const v = verify(requestFrom(e));
        assert.throws(
          () =>
            decodeAwsChunked(chunkedBody(e), {
              decodedLength: 66561,
              ...(e.trailer ? { trailer: e.trailer.checksum_header_name } : {}),
              signing: { signingKey: v.signingKey, amzDate: v.amzDate, scope: v.scope, seedSignature: v.claim.signature },
            }),
          fails('DecodedLengthMismatch'),
        );
      });
      if (e.trailer) {
        it('rejects a changed trailer value', () => assert.throws(() => decode(e, chunkedBody(e, { trailerValue: 'AAAAAA==' })), fails('ChunkSignatureMismatch')));
      }
    });
  }

  it('unsigned trailer: checks the checksum itself', () => {
    const body = Buffer.concat([Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n')]);
    assert.equal(decodeAwsChunked(body, { decodedLength: 5, trailer: 'x-amz-checksum-crc32' }).data.toString(), 'hello');
    const wrong = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    assert.throws(() => decodeAwsChunked(wrong, { decodedLength: 5, trailer: 'x-amz-checksum-crc32' }), fails('TrailerChecksumMismatch'));
  });
});
