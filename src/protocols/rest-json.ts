import { AwsError } from '../core/errors.js';
import type { ProtocolCodec } from './http.js';
import { fromJson, isPlainJson, parseJsonBody, toJson } from './json-values.js';
import { readBoundMembers } from './rest-input.js';
import { splitRestOutput } from './rest-output.js';
import { routerFor } from './rest-routes.js';

/**
 * REST-JSON (SageMaker Feature Store runtime): the route names the operation; input from URI,
 * query, headers and a JSON body; errors carry their code in `x-amzn-ErrorType`.
 */
export const restJsonCodec: ProtocolCodec = {
  name: 'rest-json',
  validationCode: 'ValidationException',
  validatesEnums: true,

  resolveOperation(req, model) {
    const match = routerFor(model).match(req.method, req.rawPath, req.rawQuery, req.headers);
    // Decision (docs/DECISIONS.md): an unknown route answers 404 UnknownOperationException.
    if (!match) throw new AwsError('UnknownOperationException', 404, `No operation matches ${req.method} ${req.rawPath.split('?')[0]}.`);
    return match;
  },

  parseInput(req, model, { op, labels }) {
    if (!op.input) return {};
    const { bound, bodyMembers } = readBoundMembers(model, op.input.shape, req, labels);
    if (bodyMembers.length === 0) return bound;
    const json = parseJsonBody(req.body) as Record<string, unknown>;
    const typed = (fromJson(model, { shape: op.input.shape }, json, '') ?? {}) as Record<string, unknown>;
    for (const [name] of bodyMembers) if (typed[name] !== undefined) bound[name] = typed[name];
    return bound;
  },

  serializeOutput(output, op, ctx) {
    const { status, headers, body, payload } = splitRestOutput(ctx.model, op, output);
    const content = (payload !== undefined ? body[payload] : body) ?? {};
    return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(isPlainJson(content) ? content : toJson(content)) };
  },

  serializeError(err) {
    return {
      status: err.status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code },
      body: JSON.stringify({ message: err.message, ...err.fields }),
    };
  },
};

/**
 * REST-JSON as RAM speaks it: RAM's model has no ValidationException, and RAM answers a request
 * that breaks its model with InvalidParameterException; its operations check their enumerated
 * values themselves, in RAM's words ("X is not a valid resource owner. …").
 */
export const ramRestJsonCodec: ProtocolCodec = { ...restJsonCodec, validationCode: 'InvalidParameterException', validatesEnums: false };
