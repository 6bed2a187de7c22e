import { percentDecode } from '../../../auth/sigv4/encoding.js';
import { AwsError } from '../../../core/errors.js';
import { header, type HttpRequest, type HttpResponse } from '../../../protocols/http.js';
import { routingPath } from '../../../protocols/rest-xml.js';
import type { BucketReader } from '../../../storage/s3.js';
import { corsResponseHeaders, CORS_METHODS, matchingRule, requestedHeaders } from './rules.js';

/**
 * What S3 answers a browser about CORS, outside any operation: the preflight (`OPTIONS` to a
 * bucket or object URL) and the Access-Control-* headers of an actual request. Neither is
 * authenticated or authorized: what they tell anyone is what S3 tells anyone, whether the bucket
 * exists, whether it has CORS rules, and the Access-Control-* values of the rule a request
 * matches. No object is looked up and no operation runs.
 */

/** The bucket and key a request names, path-style or virtual-hosted; an empty bucket for the service root. */
function s3Address(req: HttpRequest, virtualHostSuffixes: readonly string[]): { bucket: string; key: string } {
  const path = routingPath(req, { virtualHostSuffixes });
  const slash = path.indexOf('/', 1);
  const bucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  return { bucket: percentDecode(bucket), key: slash < 0 ? '' : path.slice(slash + 1) };
}

const NOT_ALLOWED =
  "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/**
 * Answers a CORS preflight as S3 does: 400 without an Origin; 403 AccessForbidden when the
 * bucket does not exist, has no CORS rules, or no rule allows the origin, the requested method
 * and every requested header; otherwise 200 with the matched rule's headers and no body.
 */
export async function answerPreflight(req: HttpRequest, buckets: BucketReader, virtualHostSuffixes: readonly string[]): Promise<HttpResponse> {
  const origin = header(req, 'origin');
  if (!origin) throw new AwsError('BadRequest', 400, 'Insufficient information. Origin request header needed.');
  const method = header(req, 'access-control-request-method');
  const refused = (why: string, resourceType: 'BUCKET' | 'OBJECT') =>
    new AwsError('AccessForbidden', 403, `CORSResponse: ${why}`, { Method: method ?? 'OPTIONS', ResourceType: resourceType });
  const address = s3Address(req, virtualHostSuffixes);
  const bucket = address.bucket === '' ? undefined : await buckets.getBucket(address.bucket);
  if (!bucket) throw refused('Bucket not found', 'BUCKET');
  if (!bucket.cors) throw refused('CORS is not enabled for this bucket.', 'BUCKET');
  if (method === undefined || !CORS_METHODS.includes(method)) throw new AwsError('BadRequest', 400, `Invalid Access-Control-Request-Method: ${method ?? 'null'}`);
  const headers = requestedHeaders(header(req, 'access-control-request-headers'));
  const rule = matchingRule(bucket.cors, origin, method, headers);
  if (!rule) throw refused(NOT_ALLOWED, address.key === '' ? 'BUCKET' : 'OBJECT');
  return { status: 200, headers: corsResponseHeaders(rule, origin, headers), body: '' };
}

/**
 * The Access-Control-* headers for an actual request (any answer, errors included) that carries
 * an Origin its bucket's rules allow for its method, or for the method named in
 * Access-Control-Request-Method when it has one (S3 judges by that header). Empty otherwise.
 */
export async function actualRequestCorsHeaders(req: HttpRequest, buckets: BucketReader, virtualHostSuffixes: readonly string[]): Promise<Record<string, string>> {
  const origin = header(req, 'origin');
  if (!origin) return {};
  const method = header(req, 'access-control-request-method') ?? req.method;
  if (!CORS_METHODS.includes(method)) return {};
  const { bucket: name } = s3Address(req, virtualHostSuffixes);
  const rules = name === '' ? undefined : (await buckets.getBucket(name))?.cors;
  const rule = rules && matchingRule(rules, origin, method, []);
  return rule ? corsResponseHeaders(rule, origin, []) : {};
}
