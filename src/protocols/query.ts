import { AwsError } from '../core/errors.js';
import type { MemberRef, OperationModel, ServiceModel } from '../models/model.js';
import { operationNamed, shapeOf } from '../models/model.js';
import { parseQueryPairs } from '../auth/sigv4/encoding.js';
import { header, type CodecContext, type HttpRequest, type HttpResponse, type ProtocolCodec } from './http.js';
import { element, escapeXml, shapeToXml } from './xml.js';
import { putEntry } from './entries.js';

const parsed = new WeakMap<HttpRequest, Map<string, string>>();

/** All parameters of a query-protocol request: the URL's, then a form body's (read once per request). */
export function queryParameters(req: HttpRequest): Map<string, string> {
  const cached = parsed.get(req);
  if (cached) return cached;
  const params = new Map<string, string>();
  parsed.set(req, params);
  for (const [k, v] of parseQueryPairs(req.rawQuery)) params.set(k, v);
  const type = header(req, 'content-type') ?? '';
  if (req.method === 'POST' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of parseQueryPairs(req.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

function invalidValue(key: string, value: string, what: string): AwsError {
  return new AwsError('MalformedInput', 400, `Value '${value}' for parameter ${key} is not ${what}.`);
}

function readScalar(type: string, key: string, raw: string): unknown {
  switch (type) {
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(raw)) throw invalidValue(key, raw, 'a valid integer');
      return Number(raw);
    case 'float':
    case 'double':
      if (raw.trim() === '' || Number.isNaN(Number(raw))) throw invalidValue(key, raw, 'a valid number');
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalidValue(key, raw, 'a valid boolean');
      return raw === 'true';
    case 'timestamp': {
      const t = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(t)) throw invalidValue(key, raw, 'a valid timestamp');
      return new Date(t);
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

function indices(params: Map<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of params.keys()) {
    if (!key.startsWith(prefix)) continue;
    const m = /^(\d+)(\.|$)/.exec(key.slice(prefix.length));
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function hasPrefix(params: Map<string, string>, prefix: string): boolean {
  for (const key of params.keys()) if (key === prefix || key.startsWith(prefix + '.')) return true;
  return false;
}

/** Reads `Name`, `Name.member.N`, `Name.entry.N.key` … into a typed value of the shape. */
function read(model: ServiceModel, ref: MemberRef, key: string, params: Map<string, string>): unknown {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'structure') {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const memberKey = key === '' ? (member.locationName ?? name) : `${key}.${member.locationName ?? name}`;
      const v = read(model, member, memberKey, params);
      if (v !== undefined) out[name] = v;
    }
    return key === '' || Object.keys(out).length > 0 ? out : undefined;
  }
  if (shape.type === 'list') {
    const flattened = ref.flattened || shape.flattened;
    const itemPrefix = flattened ? `${key}.` : `${key}.${shape.member!.locationName ?? 'member'}.`;
    if (!hasPrefix(params, key)) return undefined;
    if (params.get(key) === '' && indices(params, itemPrefix).length === 0) return [];
    return indices(params, itemPrefix).map((i) => read(model, shape.member!, `${itemPrefix}${i}`, params));
  }
  if (shape.type === 'map') {
    const entryPrefix = ref.flattened || shape.flattened ? `${key}.` : `${key}.entry.`;
    if (!hasPrefix(params, key)) return undefined;
    const out: Record<string, unknown> = {};
    for (const i of indices(params, entryPrefix)) {
      const k = params.get(`${entryPrefix}${i}.${shape.key!.locationName ?? 'key'}`);
      if (k !== undefined) putEntry(out, k, read(model, shape.value!, `${entryPrefix}${i}.${shape.value!.locationName ?? 'value'}`, params));
    }
    return out;
  }
  const raw = params.get(key);
  return raw === undefined ? undefined : readScalar(shape.type, key, raw);
}

function errorXml(err: AwsError, ctx: CodecContext): string {
  const ns = ctx.model.metadata.xmlNamespace ?? '';
  const fields = Object.entries(err.fields).map(([k, v]) => element(k, escapeXml(v))).join('');
  return (
    `<ErrorResponse xmlns="${ns}">` +
    element('Error', element('Type', err.fault) + element('Code', escapeXml(err.code)) + element('Message', escapeXml(err.message)) + fields) +
    element('RequestId', ctx.requestId) +
    '</ErrorResponse>\n'
  );
}

/** AWS query protocol (STS, IAM): form-encoded input, XML output wrapped in `<XResult>`. */
export const queryCodec: ProtocolCodec = {
  name: 'query',
  validationCode: 'ValidationError',
  validatesEnums: true,

  resolveOperation(req, model) {
    const action = queryParameters(req).get('Action');
    if (!action) throw new AwsError('MissingAction', 400, 'Missing Action');
    const op = operationNamed(model, action);
    if (!op) throw new AwsError('InvalidAction', 400, `Could not find operation ${action} for version ${model.metadata.apiVersion}`);
    return { op, labels: {} };
  },

  parseInput(req, model, { op }) {
    if (!op.input) return {};
    return read(model, { shape: op.input.shape }, '', queryParameters(req)) as Record<string, unknown>;
  },

  serializeOutput(output, op, ctx): HttpResponse {
    const ns = ctx.model.metadata.xmlNamespace ?? '';
    let result = '';
    if (op.output) {
      const inner = shapeToXml(ctx.model, { shape: op.output.shape }, op.output.resultWrapper ?? `${op.name}Result`, output);
      result = inner === '' ? element(op.output.resultWrapper ?? `${op.name}Result`, '') : inner;
    }
    const body =
      `<${op.name}Response xmlns="${ns}">` + result + element('ResponseMetadata', element('RequestId', ctx.requestId)) + `</${op.name}Response>\n`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  },

  serializeError(err, ctx) {
    return { status: err.status, headers: { 'content-type': 'text/xml' }, body: errorXml(err, ctx) };
  },
};
