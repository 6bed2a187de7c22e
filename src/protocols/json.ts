import { AwsError } from '../core/errors.js';
import { operationNamed } from '../models/model.js';
import { header, type ProtocolCodec } from './http.js';
import { fromJson, parseJsonBody, toJson } from './json-values.js';

/** AWS JSON 1.1 (SageMaker, Glue, Athena): `X-Amz-Target: Prefix.Operation`, JSON both ways, `__type` errors. */
export const jsonCodec: ProtocolCodec = {
  name: 'json',
  validationCode: 'ValidationException',
  validatesEnums: true,

  resolveOperation(req, model) {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    const op = dot > 0 && target.slice(0, dot) === model.metadata.targetPrefix ? operationNamed(model, target.slice(dot + 1)) : undefined;
    if (!op || req.method !== 'POST') throw new AwsError('UnknownOperationException', 400, '');
    return { op, labels: {} };
  },

  parseInput(req, model, { op }) {
    if (!op.input) return {};
    return (fromJson(model, { shape: op.input.shape }, parseJsonBody(req.body), '') ?? {}) as Record<string, unknown>;
  },

  serializeOutput(output, _op, ctx) {
    const version = ctx.model.metadata.jsonVersion ?? '1.1';
    return { status: 200, headers: { 'content-type': `application/x-amz-json-${version}` }, body: JSON.stringify(toJson(output)) };
  },

  serializeError(err, ctx) {
    const version = ctx.model.metadata.jsonVersion ?? '1.1';
    const body: Record<string, string> = { __type: err.code };
    if (err.message !== '') body['message'] = err.message;
    Object.assign(body, err.fields);
    return { status: err.status, headers: { 'content-type': `application/x-amz-json-${version}` }, body: JSON.stringify(body) };
  },
};
