import { amzDate } from '../core/clock.js';
import { AwsError } from '../core/errors.js';
import type { SigV4Error, SigV4ErrorDetails } from '../auth/sigv4/errors.js';

/**
 * AWS words the same SigV4 failure differently per protocol family. Sources for each text:
 * docs/research/auth-errors.md. `query` = STS/IAM, `json` = JSON 1.1 and rest-json, `s3` = S3.
 */
export type AuthFamily = 'query' | 'json' | 's3';

const MISMATCH_COMMON =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MISMATCH_S3 = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function fifteenMinutes(now: Date, sign: 1 | -1): string {
  return amzDate(new Date(now.getTime() + sign * 15 * 60 * 1000));
}

function incomplete(d: SigV4ErrorDetails): string {
  return `${(d.missing ?? []).map((s) => s + ' ').join('')}Authorization=${d.authorization ?? ''}`;
}

/** Query and JSON services share their messages and differ in codes and statuses. */
function coral(e: SigV4Error, family: 'query' | 'json'): AwsError {
  const d = e.details;
  const json = family === 'json';
  const incompleteCode = json ? 'IncompleteSignatureException' : 'IncompleteSignature';
  const badSignature = (message: string) => new AwsError(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', json ? 400 : 403, message);
  switch (e.kind) {
    case 'MissingAuthentication':
      return json
        ? new AwsError('MissingAuthenticationTokenException', 400, 'Missing Authentication Token')
        : new AwsError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    case 'BothAuthMechanisms':
      return badSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    case 'UnsupportedAlgorithm':
      return new AwsError(incompleteCode, 400, `Unsupported AWS 'algorithm': '${d.pair ?? ''}'.`);
    case 'IncompleteSignature':
      return new AwsError(incompleteCode, 400, incomplete(d));
    case 'MalformedKeyValue':
      return new AwsError(incompleteCode, 400, `'${d.pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${d.authorization}'.`);
    case 'MalformedCredential':
      return new AwsError(incompleteCode, 400, `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${d.credential}'`);
    case 'PresignMissingParameters':
      return new AwsError(incompleteCode, 400, `${(d.missing ?? []).map((p) => `AWS query-string parameters must include '${p}'. `).join('')}Re-examine the query-string parameters.`);
    case 'InvalidDate':
    case 'PresignInvalidDate':
      return new AwsError(incompleteCode, 400, `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${d.authorization ?? ''}`);
    case 'InvalidRegion':
      return badSignature(`Credential should be scoped to a valid region, not '${d.region}'. `);
    case 'WrongService':
      return badSignature(`Credential should be scoped to correct service: '${d.expectedService}'. `);
    case 'WrongTerminator':
      return badSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${d.terminator}'. `);
    case 'ScopeDateMismatch':
      return badSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${d.scopeDate}' != '${(d.requestDate ?? '').slice(0, 8)}', from '${d.requestDate}'.`,
      );
    case 'HostNotSigned':
      return badSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    case 'SkewedPast':
      return badSignature(`Signature expired: ${d.requestDate} is now earlier than ${fifteenMinutes(d.serverTime!, -1)} (${amzDate(d.serverTime!)} - 15 min.)`);
    case 'PresignExpired':
      return badSignature(`Signature expired: ${amzDate(d.expiresAt!)} is now earlier than ${amzDate(d.serverTime!)}.`);
    case 'SkewedFuture':
    case 'PresignNotYetValid':
      return badSignature(`Signature not yet current: ${d.requestDate} is still later than ${fifteenMinutes(d.serverTime!, 1)} (${amzDate(d.serverTime!)} + 15 min.)`);
    case 'PresignExpiresNotNumber':
    case 'PresignExpiresNegative':
    case 'PresignExpiresTooLarge':
      return new AwsError(incompleteCode, 400, `X-Amz-Expires must be between 1 and 604800 seconds, not '${d.expires}'.`);
    case 'UnknownAccessKey':
      return json ? new AwsError('UnrecognizedClientException', 400, INVALID_TOKEN) : new AwsError('InvalidClientTokenId', 403, INVALID_TOKEN);
    case 'MissingSecurityToken':
    case 'InvalidSecurityToken':
      return json
        ? new AwsError('UnrecognizedClientException', 400, INVALID_TOKEN.slice(0, -1))
        : new AwsError('InvalidClientTokenId', 403, INVALID_TOKEN.slice(0, -1));
    case 'ExpiredToken':
      return json
        ? new AwsError('ExpiredTokenException', 400, 'The security token included in the request is expired')
        : new AwsError('ExpiredToken', 403, 'The security token included in the request is expired');
    case 'SignatureMismatch':
    case 'ContentSha256Mismatch':
    case 'ChunkSignatureMismatch':
      return badSignature(MISMATCH_COMMON);
    default:
      return new AwsError(json ? 'SerializationException' : 'InvalidRequest', 400, `The request body or its framing is invalid (${e.kind}).`);
  }
}

function s3(e: SigV4Error): AwsError {
  const d = e.details;
  const malformed = (why: string, fields: Record<string, string> = {}) =>
    new AwsError('AuthorizationHeaderMalformed', 400, `The authorization header is malformed; ${why}`, fields);
  const queryError = (message: string) => new AwsError('AuthorizationQueryParametersError', 400, message);
  switch (e.kind) {
    case 'MissingAuthentication':
      return new AwsError('AccessDenied', 403, 'Access Denied');
    case 'BothAuthMechanisms':
      return new AwsError(
        'InvalidArgument',
        400,
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      );
    case 'UnsupportedAlgorithm':
      return new AwsError('InvalidArgument', 400, 'Unsupported Authorization Type');
    case 'IncompleteSignature':
    case 'MalformedKeyValue':
    case 'MalformedCredential':
      return malformed('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
    case 'InvalidDate':
      return new AwsError('AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header');
    case 'InvalidRegion':
      return malformed(`the region '${d.region}' is wrong; expecting 'us-east-1'`);
    case 'WrongService':
      return malformed(`incorrect service "${d.service}". This endpoint belongs to "s3".`);
    case 'WrongTerminator':
      return malformed(`incorrect terminal "${d.terminator}". This endpoint uses "aws4_request".`);
    case 'ScopeDateMismatch':
      return malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
    case 'HostNotSigned':
    case 'UnsignedHeaders':
      return new AwsError('AccessDenied', 403, 'There were headers present in the request which were not signed', {
        HeadersNotSigned: (d.headers ?? ['host']).join(', '),
      });
    case 'SkewedPast':
    case 'SkewedFuture':
      return new AwsError('RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.', {
        RequestTime: d.requestDate ?? '',
        ServerTime: d.serverTime!.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        MaxAllowedSkewMilliseconds: '900000',
      });
    case 'PresignMissingParameters':
      return queryError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    case 'PresignInvalidDate':
      return queryError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
    case 'PresignExpiresNotNumber':
      return queryError('X-Amz-Expires should be a number');
    case 'PresignExpiresNegative':
      return queryError('X-Amz-Expires must be non-negative');
    case 'PresignExpiresTooLarge':
      return queryError('X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than 604800 seconds');
    case 'PresignExpired':
      return new AwsError('AccessDenied', 403, 'Request has expired', {
        'X-Amz-Expires': d.expires ?? '',
        Expires: d.expiresAt!.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ServerTime: d.serverTime!.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    case 'PresignNotYetValid':
      return new AwsError('AccessDenied', 403, 'Request is not yet valid');
    case 'UnknownAccessKey':
      return new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: d.accessKeyId ?? '' });
    case 'MissingSecurityToken':
      return new AwsError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: d.accessKeyId ?? '' });
    case 'InvalidSecurityToken':
      return new AwsError('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.', { 'Token-0': d.sessionToken ?? '' });
    case 'ExpiredToken':
      return new AwsError('ExpiredToken', 400, 'The provided token has expired.', { 'Token-0': d.sessionToken ?? '' });
    case 'SignatureMismatch':
      return new AwsError('SignatureDoesNotMatch', 403, MISMATCH_S3, {
        AWSAccessKeyId: d.accessKeyId ?? '',
        StringToSign: d.stringToSign ?? '',
        SignatureProvided: d.signatureProvided ?? '',
        StringToSignBytes: hexBytes(d.stringToSign ?? ''),
        CanonicalRequest: d.canonicalRequest ?? '',
        CanonicalRequestBytes: hexBytes(d.canonicalRequest ?? ''),
      });
    case 'ChunkSignatureMismatch':
      return new AwsError('SignatureDoesNotMatch', 403, MISMATCH_S3);
    case 'MissingContentSha256':
      return new AwsError('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
    case 'InvalidContentSha256':
      return new AwsError('InvalidArgument', 400, 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.', {
        ArgumentName: 'x-amz-content-sha256',
        ArgumentValue: d.clientSha256 ?? '',
      });
    case 'ContentSha256Mismatch':
      return new AwsError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: d.clientSha256 ?? '',
        S3ComputedContentSHA256: d.computedSha256 ?? '',
      });
    case 'MissingDecodedContentLength':
      return new AwsError('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.');
    case 'DecodedLengthMismatch':
      return new AwsError('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header', {
        NumberBytesExpected: String(d.bytesExpected ?? ''),
        NumberBytesProvided: String(d.bytesProvided ?? ''),
      });
    case 'ChunkTooLarge':
      // S3's own code for a size it will not take; the bound is MinIO's (see chunked.ts).
      return new AwsError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
        ProposedSize: String(d.bytesProvided ?? ''),
        MaxSizeAllowed: String(d.bytesExpected ?? ''),
      });
    case 'MalformedChunk':
    case 'MalformedTrailer':
      return new AwsError('IncompleteBody', 400, 'The request body terminated unexpectedly');
    case 'TrailerChecksumMismatch':
      return new AwsError('BadDigest', 400, `The ${(d.checksumAlgorithm ?? '').replace('x-amz-checksum-', '').toUpperCase()} you specified did not match the calculated checksum.`);
  }
}

/** The AWS error a SigV4 failure becomes in a protocol family. */
export function authError(family: AuthFamily, e: SigV4Error): AwsError {
  return family === 's3' ? s3(e) : coral(e, family);
}

/** AccessDenied in each family's words, naming the principal, action and resource as AWS does. */
export function accessDenied(family: AuthFamily, principalArn: string, action: string, resource: string, reason?: string): AwsError {
  const tail = reason ? ' ' + reason : '';
  // S3 quotes the resource ARN in its messages; the other services do not.
  if (family === 's3') return new AwsError('AccessDenied', 403, `User: ${principalArn} is not authorized to perform: ${action} on resource: "${resource}"${tail}`);
  const message = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}${tail}`;
  if (family === 'json') return new AwsError('AccessDeniedException', 400, message);
  return new AwsError('AccessDenied', 403, message);
}
