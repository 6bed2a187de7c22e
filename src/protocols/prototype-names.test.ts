import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../core/errors.js';
import { ModelLibrary, operationNamed, shapeOf } from '../models/model.js';
import { resolveServiceId } from '../gateway/resolve-service.js';
import type { HttpRequest } from './http.js';
import { jsonCodec } from './json.js';
import { fromJson } from './json-values.js';
import { queryCodec } from './query.js';
import { readBoundMembers } from './rest-input.js';

// Names a client chooses (X-Amz-Target, Action=, map keys, header names) must never reach
// Object.prototype: `hasOwnProperty` as an operation answered 500 (issue 12).

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const models = new ModelLibrary();

function request(parts: Partial<HttpRequest>): HttpRequest {
  return { method: 'POST', rawPath: '/', rawQuery: '', headers: new Map(), body: Buffer.alloc(0), ...parts };
}

const unknown = (code: string) => (e: unknown) => e instanceof AwsError && e.code === code;

describe('client-chosen names cannot reach Object.prototype', () => {
  for (const name of PROTOTYPE_NAMES) {
    it(`X-Amz-Target SageMaker.${name} is UnknownOperationException`, () => {
      const req = request({ headers: new Map([['x-amz-target', [`SageMaker.${name}`]]]) });
      assert.throws(() => jsonCodec.resolveOperation(req, models.get('sagemaker')), unknown('UnknownOperationException'));
    });

    it(`Action=${name} is InvalidAction (STS and IAM)`, () => {
      const req = request({ method: 'GET', rawQuery: `Action=${name}&Version=2011-06-15` });
      assert.throws(() => queryCodec.resolveOperation(req, models.get('sts')), unknown('InvalidAction'));
      assert.throws(() => queryCodec.resolveOperation(request({ method: 'GET', rawQuery: `Action=${name}` }), models.get('iam')), unknown('InvalidAction'));
    });

    it(`operationNamed and shapeOf find nothing for ${name}`, () => {
      assert.equal(operationNamed(models.get('glue'), name), undefined);
      assert.throws(() => shapeOf(models.get('glue'), name), /has no shape/);
    });

    it(`X-Amz-Target ${name}.GetCallerIdentity and a scope naming ${name} resolve to no service of theirs`, () => {
      const byTarget = resolveServiceId(request({ headers: new Map([['x-amz-target', [`${name}.X`]]]) }), new Set());
      assert.equal(byTarget, 's3');
      const auth = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/${name}/aws4_request, SignedHeaders=host, Signature=00`;
      assert.equal(resolveServiceId(request({ headers: new Map([['authorization', [auth]]]) }), new Set()), 's3');
    });
  }

  it('a JSON map key __proto__ becomes an ordinary entry, not the map’s prototype', () => {
    const glue = models.get('glue');
    // DatabaseInput.Parameters is a map of strings to strings.
    const parsed = fromJson(glue, { shape: 'DatabaseInput' }, JSON.parse('{"Name":"d","Parameters":{"__proto__":"x","a":"b"}}'), '') as {
      Parameters: Record<string, unknown>;
    };
    assert.equal(Object.getPrototypeOf(parsed.Parameters), Object.prototype);
    assert.deepEqual(Object.entries(parsed.Parameters), [
      ['__proto__', 'x'],
      ['a', 'b'],
    ]);
  });

  it('a JSON map of structures keyed __proto__ does not give the map a prototype the client wrote', () => {
    const glue = models.get('glue');
    const parsed = fromJson(glue, { shape: 'DatabaseInput' }, JSON.parse('{"Name":"d","Parameters":{"__proto__":"polluted"}}'), '') as {
      Parameters: Record<string, unknown>;
    };
    assert.equal(Object.hasOwn(parsed.Parameters, '__proto__'), true);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('an x-amz-meta-__proto__ header is an ordinary metadata entry', () => {
    const s3 = models.get('s3');
    const req = request({ method: 'PUT', rawPath: '/b/k', headers: new Map([['x-amz-meta-__proto__', ['v']], ['x-amz-meta-a', ['b']]]) });
    const { bound } = readBoundMembers(s3, 'PutObjectRequest', req, { Bucket: 'b', Key: 'k' });
    const metadata = bound['Metadata'] as Record<string, string>;
    assert.equal(Object.getPrototypeOf(metadata), Object.prototype);
    assert.deepEqual(Object.keys(metadata).sort(), ['__proto__', 'a']);
  });
});
