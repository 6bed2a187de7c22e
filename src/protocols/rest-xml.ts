import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../core/errors.js';
import type { MemberRef, ServiceModel } from '../models/model.js';
import { shapeOf } from '../models/model.js';
import { header, type HttpRequest, type HttpResponse, type ProtocolCodec } from './http.js';
import { readBoundMembers } from './rest-input.js';
import { splitRestOutput } from './rest-output.js';
import { routerFor } from './rest-routes.js';
import { element, escapeXml, shapeToXml } from './xml.js';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Root elements S3 names differently from the output shape (`<ListBucketResult>` for ListObjects, …). */
const S3_ROOT_ELEMENTS: Readonly<Record<string, string>> = {
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  DeleteObjects: 'DeleteResult',
  GetObjectAcl: 'AccessControlPolicy',
  GetObjectTagging: 'Tagging',
  GetBucketCors: 'CORSConfiguration',
};
const ATTR = '@_';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: ATTR, parseTagValue: false, trimValues: false, processEntities: true });

/** The bucket a virtual-hosted request names in its Host (`bucket.s3.amazonaws.com`), if any. */
export function virtualHostBucket(host: string | undefined, suffixes: readonly string[]): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const suffix of suffixes) if (name.endsWith('.' + suffix) && name.length > suffix.length + 1) return name.slice(0, -(suffix.length + 1));
  return undefined;
}

function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
}

/** Converts a parsed XML element into a typed value of the shape. */
function fromXml(model: ServiceModel, ref: MemberRef, node: unknown): unknown {
  if (node === undefined || node === null) return undefined;
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure': {
      if (typeof node !== 'object') return {};
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const key = (member.xmlAttribute ? ATTR : '') + (member.locationName ?? name);
        const v = fromXml(model, member, (node as Record<string, unknown>)[key]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      const flattened = ref.flattened || shape.flattened;
      const items = flattened ? node : typeof node === 'object' ? (node as Record<string, unknown>)[shape.member!.locationName ?? 'member'] : undefined;
      const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
      return list.map((item) => fromXml(model, shape.member!, item));
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Number(node);
    case 'boolean':
      return String(node) === 'true';
    case 'timestamp':
      return new Date(String(node));
    default:
      // An element with attributes parses as { '#text', '@_…' }.
      if (typeof node === 'object') return '#text' in (node as object) ? String((node as Record<string, unknown>)['#text']) : '';
      return String(node);
  }
}

/**
 * Whether a parsed XML payload lacks an element its shape requires, at any depth (a CORSRule
 * without AllowedOrigin, a Tag without Key): the document does not validate against S3's schema,
 * which S3 answers MalformedXML, never a model validation error. Attributes are not elements:
 * S3 infers a Grantee's xsi:type from what it holds.
 */
function lacksRequiredElement(model: ServiceModel, ref: MemberRef, value: unknown): boolean {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'list') return Array.isArray(value) && value.some((item) => lacksRequiredElement(model, shape.member!, item));
  if (shape.type !== 'structure' || value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return Object.entries(shape.members ?? {}).some(([name, member]) =>
    record[name] === undefined ? !member.xmlAttribute && shape.required?.includes(name) === true : lacksRequiredElement(model, member, record[name]),
  );
}

function parseXmlPayload(body: Buffer): Record<string, unknown> {
  try {
    const doc = parser.parse(body.toString('utf8')) as Record<string, unknown>;
    const root = Object.keys(doc).find((k) => k !== '?xml');
    return root ? ((doc[root] as Record<string, unknown>) ?? {}) : {};
  } catch {
    throw malformedXml();
  }
}

export interface RestXmlOptions {
  /** Host suffixes under which a leading label is a bucket name (virtual-hosted style). */
  virtualHostSuffixes: readonly string[];
}

/** The path the router sees: virtual-hosted requests get their bucket put in front. */
export function routingPath(req: HttpRequest, opts: RestXmlOptions): string {
  const bucket = virtualHostBucket(header(req, 'host'), opts.virtualHostSuffixes);
  return bucket ? `/${bucket}${req.rawPath === '' ? '/' : req.rawPath}` : req.rawPath;
}

/** REST-XML (S3): routes by method, path and query keys; XML bodies; `<Error>` with RequestId and HostId. */
/** Operations S3 answers 204 No Content although its model states no status (PutBucketPolicy). */
const NO_CONTENT: ReadonlySet<string> = new Set(['PutBucketPolicy']);

/**
 * Reads S3 answers 400 when they carry `x-amz-server-side-encryption` (an object is read with the
 * encryption it was written with): their models have no member for the header, so it is checked here.
 */
const REFUSES_SSE_HEADER: ReadonlySet<string> = new Set(['GetObject', 'HeadObject']);

/** A 304's headers from the error's fields (ETag, Last-Modified), those present. */
function notModifiedHeaders(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (fields['ETag'] !== undefined) out['etag'] = fields['ETag'];
  if (fields['Last-Modified'] !== undefined) out['last-modified'] = fields['Last-Modified'];
  return out;
}

export function createRestXmlCodec(opts: RestXmlOptions): ProtocolCodec {
  return {
    name: 'rest-xml',
    // S3 has no ValidationException: a value outside a model constraint is InvalidArgument.
    validationCode: 'InvalidArgument',
    validatesEnums: false,

    resolveOperation(req, model) {
      const match = routerFor(model).match(req.method, routingPath(req, opts), req.rawQuery, req.headers);
      if (!match) {
        throw new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
          Method: req.method,
          ResourceType: routingPath(req, opts).split('/').filter(Boolean).length > 1 ? 'OBJECT' : 'BUCKET',
        });
      }
      return match;
    },

    parseInput(req, model, { op, labels }) {
      if (REFUSES_SSE_HEADER.has(op.name) && req.headers.has('x-amz-server-side-encryption')) {
        throw new AwsError('InvalidArgument', 400, 'x-amz-server-side-encryption header is not supported for this operation.');
      }
      if (!op.input) return {};
      const { bound, bodyMembers } = readBoundMembers(model, op.input.shape, req, labels);
      const payload = shapeOf(model, op.input.shape).payload;
      if (payload !== undefined) {
        const member = bodyMembers.find(([name]) => name === payload)?.[1];
        if (member && req.stream && shapeOf(model, member.shape).type === 'blob') {
          // A large body stays a stream for the operation that reads it (S3 PutObject, UploadPart).
          bound[payload] = req.stream;
        } else if (member && req.body.length > 0) {
          const type = shapeOf(model, member.shape).type;
          bound[payload] = type === 'structure' ? fromXml(model, member, parseXmlPayload(req.body)) : type === 'string' ? req.body.toString('utf8') : req.body;
          if (type === 'structure' && lacksRequiredElement(model, member, bound[payload])) throw malformedXml();
        }
      }
      return bound;
    },

    serializeOutput(output, op, ctx) {
      const split = splitRestOutput(ctx.model, op, output);
      const { headers, body, payload } = split;
      // S3 answers a ranged GET/HEAD 206 Partial Content; the model has no status member for it.
      const status = NO_CONTENT.has(op.name) ? 204 : split.status === 200 && headers['content-range'] !== undefined ? 206 : split.status;
      // HEAD answers carry the object's Content-Length with no body: an empty stream keeps the
      // edge from replacing that header with the length of an empty buffer.
      if (op.http.method === 'HEAD') return { status, headers, body: Readable.from([]) };
      if (!op.output) return { status, headers, body: '' };
      const outputShape = shapeOf(ctx.model, op.output.shape);
      if (payload !== undefined) {
        const member = outputShape.members![payload]!;
        const value = body[payload];
        if (value === undefined) return { status, headers, body: '' };
        const type = shapeOf(ctx.model, member.shape).type;
        if (type !== 'structure') return { status, headers, body: Buffer.isBuffer(value) || value instanceof Readable ? value : String(value) };
        const root = member.locationName ?? shapeOf(ctx.model, member.shape).locationName ?? payload;
        const xml = shapeToXml(ctx.model, member, root, value).replace(`<${root}>`, `<${root} xmlns="${S3_NAMESPACE}">`);
        return { status, headers: { 'content-type': 'application/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
      }
      if (op.name === 'GetBucketLocation') {
        // S3 answers the constraint as the root element's text (empty for us-east-1), which is what botocore reads.
        const text = body['LocationConstraint'] ? escapeXml(String(body['LocationConstraint'])) : '';
        return { status, headers: { 'content-type': 'application/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${text}</LocationConstraint>` };
      }
      if (Object.keys(body).length === 0) return { status, headers, body: '' };
      const root = outputShape.locationName ?? S3_ROOT_ELEMENTS[op.name] ?? op.output.shape.replace(/Output$/, 'Result');
      const xml = shapeToXml(ctx.model, { shape: op.output.shape }, root, body).replace(`<${root}>`, `<${root} xmlns="${S3_NAMESPACE}">`);
      return { status, headers: { 'content-type': 'application/xml', ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
    },

    serializeError(err, ctx, req): HttpResponse {
      const hostId = ctx.hostId;
      // 304 says which representation the client already has: its ETag and Last-Modified are headers.
      if (err.status === 304) return { status: 304, headers: notModifiedHeaders(err.fields), body: '' };
      if (req.method === 'HEAD') return { status: err.status, headers: { ...err.headers }, body: '' };
      const fields = Object.entries(err.fields).map(([k, v]) => element(k, escapeXml(v))).join('');
      const body =
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        element('Error', element('Code', escapeXml(err.code)) + element('Message', escapeXml(err.message)) + fields + element('RequestId', ctx.requestId) + element('HostId', escapeXml(hostId)));
      return { status: err.status, headers: { ...err.headers, 'content-type': 'application/xml' }, body };
    },
  };
}
