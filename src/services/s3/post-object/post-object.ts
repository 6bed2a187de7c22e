import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AwsError } from '../../../core/errors.js';
import type { ServiceModel } from '../../../models/model.js';
import type { BodyStream } from '../../../protocols/http.js';
import { readBoundMembers } from '../../../protocols/rest-input.js';
import { validationMessage } from '../../../protocols/validate.js';
import { escapeXml } from '../../../protocols/xml.js';
import type { Operation, OperationContext } from '../../operation.js';
import { invalidArgument, malformedXml } from '../errors.js';
import { s3Errors } from '../objects/errors.js';
import { MAX_SINGLE_UPLOAD_BYTES } from '../objects/ingest.js';
import { writeRequests } from '../objects/object-access.js';
import { aclContext } from '../objects/ownership.js';
import { putObject, type PutObjectInput } from '../objects/put-object.js';
import { isFormData, readFormHead } from './form.js';
import { checkPolicy, parsePolicy, type LengthRange } from './policy.js';
import { formSigner, missingField } from './signature.js';

/** POST Object's input as the codec reads it: the bucket, a few headers, and the form itself. */
export interface PostObjectInput {
  Bucket: string;
  ContentType?: string;
  ContentLength?: number;
  Host?: string;
  Form?: Buffer | BodyStream;
  /** The form read up to its file, by authenticateBody (it always runs first). */
  upload?: FormUpload;
}

interface FormUpload {
  key: string;
  fields: ReadonlyMap<string, string>;
  file: BodyStream;
  range?: LengthRange;
  /** The PutObject the form stands for, without its body. */
  put: PutObjectInput;
}

/** Form fields that say how to upload, not what the object is; every other field is the header of its name. */
const FORM_ONLY = new Set([
  'key', 'file', 'bucket', 'policy', 'acl', 'tagging', 'success_action_status', 'success_action_redirect', 'redirect',
  'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature', 'x-amz-security-token', 'content-length', 'host',
]);
/** Fields signed as they were sent: `${filename}` is theirs to keep. */
const SIGNATURE_FIELDS = new Set(['policy', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature', 'x-amz-security-token']);

const taggingParser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (name) => name === 'Tag' });

/** The tagging field's XML document as the x-amz-tagging header PutObject reads (`k1=v1&k2=v2`). */
function taggingHeader(xml: string): string {
  if (XMLValidator.validate(xml) !== true) throw malformedXml();
  const doc = taggingParser.parse(xml) as { Tagging?: { TagSet?: { Tag?: Array<{ Key?: unknown; Value?: unknown }> } | '' } };
  const tagSet = doc.Tagging?.TagSet;
  if (tagSet === undefined) throw malformedXml();
  const tags = tagSet === '' ? [] : (tagSet.Tag ?? []);
  if (tags.some((t) => typeof t.Key !== 'string' || typeof t.Value !== 'string')) throw malformedXml();
  return new URLSearchParams(tags.map((t) => [t.Key as string, t.Value as string])).toString();
}

/** The PutObject a form stands for: each field the header it names (acl is x-amz-acl, tagging is XML), read by PutObject's own model. */
function putObjectInput(model: ServiceModel, bucket: string, key: string, fields: ReadonlyMap<string, string>): PutObjectInput {
  const headers = new Map<string, string[]>();
  for (const [name, value] of fields) if (!FORM_ONLY.has(name) && !name.startsWith('x-ignore-')) headers.set(name, [value]);
  if (fields.has('acl')) headers.set('x-amz-acl', [fields.get('acl')!]);
  if (fields.has('tagging')) headers.set('x-amz-tagging', [taggingHeader(fields.get('tagging')!)]);
  const algorithm = fields.get('x-amz-checksum-algorithm');
  if (algorithm !== undefined && !headers.has('x-amz-sdk-checksum-algorithm')) headers.set('x-amz-sdk-checksum-algorithm', [algorithm.toUpperCase()]);
  const req = { method: 'PUT', rawPath: '', rawQuery: '', headers, body: Buffer.alloc(0) };
  const { bound } = readBoundMembers(model, 'PutObjectRequest', req, { Bucket: bucket, Key: key });
  const message = validationMessage(model, 'PutObjectRequest', bound, { checkEnums: false });
  if (message) throw invalidArgument(message);
  return bound as unknown as PutObjectInput;
}

/** `${filename}` in a field's value is the file's name (S3 documents it for key; it applies to any field). */
function withFilename(fields: ReadonlyMap<string, string>, filename: string): Map<string, string> {
  return new Map([...fields].map(([name, value]) => [name, SIGNATURE_FIELDS.has(name) ? value : value.replaceAll('${filename}', filename)]));
}

function entityTooSmall(size: number, min: number): AwsError {
  return new AwsError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', { ProposedSize: String(size), MinSizeAllowed: String(min) });
}

/** The file within the policy's content-length-range: too large is refused as soon as it is, too small at its end (before anything is stored). */
function withinRange(file: BodyStream, range: LengthRange | undefined): BodyStream {
  if (!range) return file;
  return {
    trailers: file.trailers,
    async *[Symbol.asyncIterator]() {
      let size = 0;
      for await (const chunk of file) {
        size += chunk.length;
        if (size > range.max) throw s3Errors.entityTooLarge(size, range.max);
        yield chunk;
      }
      if (size < range.min) throw entityTooSmall(size, range.min);
    },
  };
}

/** The object's URL, as the request addressed the bucket (virtual-hosted or path-style); each slash of the key encoded. */
function objectUrl(input: PostObjectInput, key: string, ctx: OperationContext): string {
  const host = input.Host ?? 's3.amazonaws.com';
  const virtual = host.toLowerCase().startsWith(`${input.Bucket}.`);
  return `${ctx.secureTransport ? 'https' : 'http'}://${host}/${virtual ? '' : `${input.Bucket}/`}${encodeURIComponent(key)}`;
}

/** success_action_redirect (or its old name, redirect) when it is an http(s) URL; S3 ignores anything else. */
function redirectTarget(fields: ReadonlyMap<string, string>): string | undefined {
  const raw = fields.get('success_action_redirect') ?? fields.get('redirect');
  if (!raw) return undefined;
  try {
    const protocol = new URL(raw).protocol;
    return protocol === 'http:' || protocol === 'https:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POST Object: a browser form upload to the bucket's URL. The form's fields before the file are
 * read first (20 KB at most) and checked: its SigV4 signature of the policy, as a header-signed
 * request's is checked, then the policy's expiration and conditions. The signer is authorized as
 * PutObject would be for the same object and headers (s3:PutObjectAcl too for an acl field), and
 * only then is the file read, streamed into PutObject's own write, so encryption defaults,
 * versioning and everything else PutObject does apply alike.
 */
export const postObject: Operation<PostObjectInput, Record<string, unknown>> = {
  streamsBody: true,
  async authenticateBody(input, tools) {
    if (!isFormData(input.ContentType)) {
      throw new AwsError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' });
    }
    if (input.ContentLength !== undefined && input.ContentLength > MAX_SINGLE_UPLOAD_BYTES) throw s3Errors.entityTooLarge(input.ContentLength, MAX_SINGLE_UPLOAD_BYTES);
    const head = await readFormHead(input.Form, input.ContentType!);
    const fields = withFilename(head.fields, head.filename);
    const key = fields.get('key');
    if (key === undefined) throw missingField('key');
    if (key === '') throw invalidArgument('User key must have a length greater than 0.', 'key', '');
    const signer = await formSigner(fields, tools);
    const range = signer ? checkPolicy(parsePolicy(fields.get('policy')!), fields, input.Bucket, tools.clock.now()) : undefined;
    input.upload = { key, fields, file: head.file, ...(range ? { range } : {}), put: putObjectInput(tools.model, input.Bucket, key, fields) };
    return signer;
  },
  async authorization(input, ctx) {
    const { put } = input.upload!;
    const rule = putObject.authorization;
    const requests = typeof rule === 'function' ? await rule(put, ctx) : [];
    if (Object.keys(aclContext(put)).length > 0) requests.push(...(await writeRequests(ctx, put, 's3:PutObjectAcl', aclContext(put))));
    return requests;
  },
  async handle(input, ctx) {
    const upload = input.upload!;
    const out = await putObject.handle({ ...upload.put, Body: withinRange(upload.file, upload.range) }, ctx);
    const etag = String(out['ETag']);
    const redirect = redirectTarget(upload.fields);
    if (redirect) {
      const result = new URLSearchParams({ bucket: input.Bucket, key: upload.key, etag }).toString().replaceAll('+', '%20');
      return { ...out, Location: `${redirect}${redirect.includes('?') ? '&' : '?'}${result}`, Status: 303 };
    }
    const location = objectUrl(input, upload.key, ctx);
    const status = upload.fields.get('success_action_status');
    if (status === '201') {
      const document = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(input.Bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><ETag>${escapeXml(etag)}</ETag></PostResponse>`;
      return { ...out, Location: location, Status: 201, ContentType: 'application/xml', Document: document };
    }
    return { ...out, Location: location, Status: status === '200' ? 200 : 204 };
  },
};
