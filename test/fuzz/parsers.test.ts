import { seededRandom } from './random.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAwsChunked } from '../../src/auth/sigv4/chunked.js';
import { SigV4Error } from '../../src/auth/sigv4/errors.js';
import { SigningKeyCache } from '../../src/auth/sigv4/signing-key.js';
import { verifyRequest } from '../../src/auth/sigv4/verify.js';
import { FixedClock } from '../../src/core/clock.js';
import { AwsError } from '../../src/core/errors.js';
import { ModelLibrary } from '../../src/models/model.js';
import { jsonCodec } from '../../src/protocols/json.js';
import { queryCodec } from '../../src/protocols/query.js';
import { restJsonCodec } from '../../src/protocols/rest-json.js';
import { createRestXmlCodec } from '../../src/protocols/rest-xml.js';
import { validationMessage } from '../../src/protocols/validate.js';
import type { HttpRequest, ProtocolCodec } from '../../src/protocols/http.js';
import type { ServiceModel } from '../../src/models/model.js';

// Bounded fuzzing: a fixed seed and count, and a time cap, so it always ends and can be replayed.
const ITERATIONS = 4000;
const TIME_CAP_MS = 8000;


const PIECES = ['AWS4-HMAC-SHA256', 'Credential=', 'SignedHeaders=', 'Signature=', '/', ',', ';', '=', ' ', '%', '%ZZ', '%E1%88', 'ሴ', '\u0000', '\r\n', 'aws4_request', '20150830', 'T123600Z', 'AKIDEXAMPLE', 'host', 'x-amz-date', '0;chunk-signature=', 'ffffffffffffffff', '{', '}', '[', '"', '<a>', '</a>', '&', 'Action=', 'X-Amz-Expires=', '-1', '999999999', '.', '..', 'x'.repeat(300)];

function junk(next: () => number, max = 12): string {
  let s = '';
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) s += next() < 0.8 ? PIECES[Math.floor(next() * PIECES.length)] : String.fromCharCode(Math.floor(next() * 256));
  return s;
}

function expected(e: unknown): boolean {
  return e instanceof SigV4Error || e instanceof AwsError;
}

function fuzz(name: string, seed: number, body: (next: () => number) => void): void {
  it(name, () => {
    const next = seededRandom(seed);
    const deadline = Date.now() + TIME_CAP_MS;
    for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) {
      try {
        body(next);
      } catch (e) {
        if (!expected(e)) assert.fail(`iteration ${i} threw ${(e as Error)?.stack ?? e}`);
      }
    }
  });
}

describe('fuzz: nothing but AWS errors come out of the parsers', () => {
  const clock = new FixedClock(new Date('2015-08-30T12:36:00Z'));
  const keys = new SigningKeyCache();

  fuzz('SigV4 verifier: headers, query strings and bodies', 1, (next) => {
    const headers = new Map<string, string[]>([
      ['host', [junk(next, 3)]],
      ['x-amz-date', [next() < 0.5 ? '20150830T123600Z' : junk(next, 3)]],
      ['authorization', [`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/${next() < 0.5 ? 'sts' : junk(next, 2)}/aws4_request, ${junk(next)}`]],
    ]);
    if (next() < 0.3) headers.set('x-amz-content-sha256', [junk(next, 3)]);
    if (next() < 0.3) headers.delete('authorization');
    verifyRequest(
      { method: 'POST', rawPath: '/' + junk(next, 4), rawQuery: junk(next, 6), headers, body: Buffer.from(junk(next)) },
      { clock, s3: next() < 0.5, service: 'sts', keys, lookup: () => ({ secretAccessKey: 'secret' }) },
    );
  });

  fuzz('aws-chunked decoder: framing, sizes and trailers', 2, (next) => {
    const body = Buffer.from(`${next() < 0.5 ? '5' : junk(next, 2)}\r\n${junk(next, 4)}\r\n${junk(next, 6)}`, 'latin1');
    decodeAwsChunked(body, { decodedLength: Math.floor(next() * 20), ...(next() < 0.5 ? { trailer: next() < 0.5 ? 'x-amz-checksum-crc32' : junk(next, 2) } : {}) });
  });

  const models = new ModelLibrary();
  const codecs: Array<[ProtocolCodec, ServiceModel]> = [
    [queryCodec, models.get('sts')],
    [queryCodec, models.get('iam')],
    [jsonCodec, models.get('sagemaker')],
    [restJsonCodec, models.get('sagemaker-featurestore-runtime')],
    [createRestXmlCodec({ virtualHostSuffixes: ['localhost'] }), models.get('s3')],
  ];
  const opNames = codecs.map(([, m]) => Object.keys(m.operations));
  fuzz('protocol codecs: resolve, parse and validate any request', 3, (next) => {
    const k = Math.floor(next() * codecs.length);
    const [codec, model] = codecs[k]!;
    const op = opNames[k]![Math.floor(next() * opNames[k]!.length)]!;
    const req: HttpRequest = {
      method: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'][Math.floor(next() * 5)]!,
      rawPath: next() < 0.5 ? `/FeatureGroup/${junk(next, 3)}` : `/${junk(next, 3)}/${junk(next, 3)}`,
      rawQuery: next() < 0.5 ? `Action=${op}&${junk(next, 6)}` : junk(next, 6),
      headers: new Map([
        ['x-amz-target', [`${model.metadata.targetPrefix ?? ''}.${op}`]],
        ['content-type', ['application/x-www-form-urlencoded']],
        ['host', [next() < 0.5 ? 'b.localhost' : 'localhost']],
      ]),
      body: Buffer.from(next() < 0.5 ? `{"${junk(next, 2)}": ${junk(next, 4)}}` : junk(next, 8)),
    };
    const resolved = codec.resolveOperation(req, model);
    const input = codec.parseInput(req, model, resolved);
    if (resolved.op.input) validationMessage(model, resolved.op.input.shape, input);
  });
});
