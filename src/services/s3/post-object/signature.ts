import { SigV4Error } from '../../../auth/sigv4/errors.js';
import { parseAmzDate } from '../../../auth/sigv4/parse.js';
import { ALGORITHM, hmac, signaturesEqual } from '../../../auth/sigv4/signing-key.js';
import { AwsError } from '../../../core/errors.js';
import type { BodyAuthenticationTools, BodySigner } from '../../operation.js';
import { s3AccessDenied } from '../errors.js';

/**
 * The SigV4 signature of a browser form (S3 API reference, "Authenticating Requests in
 * Browser-Based Uploads Using POST"): x-amz-signature is the HMAC of the base64 policy field
 * under the signing key of the x-amz-credential scope. The key, its secret and an STS session's
 * token are found and checked as for a header-signed request (the same lookup and key cache);
 * errors are S3's, through the same SigV4 error kinds where S3 words them alike.
 */

const V4_FIELDS: ReadonlyArray<[string, string]> = [
  ['x-amz-algorithm', 'X-Amz-Algorithm'],
  ['x-amz-credential', 'X-Amz-Credential'],
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-signature', 'X-Amz-Signature'],
];

/** A field the form lacks, once it has started a signature: S3 names the field as it documents it. */
export function missingField(name: string): AwsError {
  return new AwsError('InvalidArgument', 400, `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, {
    ArgumentName: name,
    ArgumentValue: '',
  });
}

function parameterError(message: string, fields: Record<string, string> = {}): AwsError {
  return new AwsError('AuthorizationQueryParametersError', 400, message, fields);
}

function credentialError(why: string, fields: Record<string, string> = {}): AwsError {
  return parameterError(`Error parsing the X-Amz-Credential parameter; ${why}`, fields);
}

function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Who signed the form, or undefined for a form that carries no signature (an anonymous upload,
 * allowed only where the bucket lets everyone write). A policy without a signature is refused.
 */
export async function formSigner(fields: ReadonlyMap<string, string>, tools: BodyAuthenticationTools): Promise<BodySigner | undefined> {
  if (fields.has('signature') || fields.has('awsaccesskeyid')) {
    if (!fields.has('awsaccesskeyid')) throw missingField('AWSAccessKeyId');
    throw new AwsError('InvalidRequest', 400, 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  if (!V4_FIELDS.some(([name]) => fields.has(name))) {
    if (fields.has('policy')) throw s3AccessDenied();
    return undefined;
  }
  if (!fields.has('policy')) throw missingField('policy');
  for (const [name, shown] of V4_FIELDS) if (!fields.has(name)) throw missingField(shown);
  const policy = fields.get('policy')!;
  const provided = fields.get('x-amz-signature')!;
  if (fields.get('x-amz-algorithm') !== ALGORITHM) throw parameterError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const date = parseAmzDate(fields.get('x-amz-date')!);
  if (!date) throw parameterError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  const parts = fields.get('x-amz-credential')!.split('/');
  if (parts.length !== 5) throw credentialError('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw credentialError(`the region '${region}' is wrong; expecting 'us-east-1'`, { Region: 'us-east-1' });
  if (service !== 's3') throw credentialError(`incorrect service "${service}". This endpoint belongs to "s3".`);
  if (terminator !== 'aws4_request') throw credentialError(`incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
  if (scopeDate !== fields.get('x-amz-date')!.slice(0, 8)) throw credentialError('Invalid credential date. Date is not the same as X-Amz-Date.');

  const credential = await tools.lookup(accessKeyId);
  if (!credential) throw new SigV4Error('UnknownAccessKey', { accessKeyId });
  const token = fields.get('x-amz-security-token');
  if (credential.sessionToken === undefined) {
    if (token !== undefined) throw new SigV4Error('InvalidSecurityToken', { sessionToken: token });
  } else {
    if (token === undefined) throw new SigV4Error('MissingSecurityToken', { accessKeyId });
    if (!signaturesEqual(credential.sessionToken, token)) throw new SigV4Error('InvalidSecurityToken', { sessionToken: token });
  }
  const expected = hmac(tools.keys.get(credential.secretAccessKey, scopeDate, region, service), policy).toString('hex');
  if (!signaturesEqual(expected, provided)) {
    throw new AwsError('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: accessKeyId,
      StringToSign: policy,
      SignatureProvided: provided,
      StringToSignBytes: hexBytes(policy),
    });
  }
  if (credential.expiresAt && tools.clock.now().getTime() >= credential.expiresAt.getTime()) {
    throw new SigV4Error('ExpiredToken', token !== undefined ? { sessionToken: token } : {});
  }
  return { principal: credential.principal, region, signedAt: date };
}
