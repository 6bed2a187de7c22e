import { createHash } from 'node:crypto';
import type { ContextValue } from '../../../../auth/policy/index.js';
import type { Bucket } from '../../../../storage/s3.js';
import { defaultEncryption } from '../../buckets/bucket-encryption.js';
import { s3Errors } from '../errors.js';

/** The SSE members of a write (PutObject, CreateMultipartUpload, CopyObject's destination). */
export interface SseWriteInput {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
}

/** The customer key members of a read (GetObject, HeadObject). */
export type SseCustomerInput = Pick<SseWriteInput, 'SSECustomerAlgorithm' | 'SSECustomerKey' | 'SSECustomerKeyMD5'>;

/** How a write will be encrypted, decided from its headers and the bucket's default encryption. */
export type WriteEncryption =
  | { type: 'AES256' }
  | { type: 'aws:kms'; keyId?: string; context: Record<string, string>; bucketKeyEnabled: boolean }
  | { type: 'SSE-C'; key: Buffer; keyMd5: string };

const arg = (message: string, name?: string, value?: string) => s3Errors.invalidArgument(message, name, value);

/**
 * The customer key a request carries, checked as S3 checks it (all three headers, AES256, a
 * 256-bit key whose MD5 the request states); undefined when it carries none.
 */
export function customerKey(input: SseCustomerInput): { key: Buffer; keyMd5: string } | undefined {
  const { SSECustomerAlgorithm: algorithm, SSECustomerKey: key, SSECustomerKeyMD5: md5 } = input;
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
  if (algorithm !== 'AES256') {
    throw arg('Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.', 'x-amz-server-side-encryption', algorithm ?? 'null');
  }
  const bytes = key === undefined ? Buffer.alloc(0) : Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw arg('The secret key was invalid for the specified algorithm.', 'x-amz-server-side-encryption-customer-key', '');
  const actual = createHash('md5').update(bytes).digest('base64');
  if (md5 === undefined) throw arg('Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.', 'x-amz-server-side-encryption-customer-key-MD5', 'null');
  if (md5 !== actual) throw arg('The calculated MD5 hash of the key did not match the hash that was provided.', 'x-amz-server-side-encryption-customer-key-MD5', md5);
  return { key: bytes, keyMd5: actual };
}

/** x-amz-server-side-encryption-context: base64 of a JSON object of strings. */
function encryptionContext(header: string | undefined): Record<string, string> {
  if (header === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw arg('The header \'x-amz-server-side-encryption-context\' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map', 'x-amz-server-side-encryption-context', header);
  }
  return parsed as Record<string, string>;
}

/**
 * How a write is encrypted: what its headers ask, else the bucket's default encryption (SSE-S3
 * unless PutBucketEncryption chose SSE-KMS). SSE-KMS writes bind the object's ARN into the
 * encryption context (`aws:s3:arn`) — the bucket's with a Bucket Key — as S3 does.
 */
export function writeEncryption(input: SseWriteInput, bucket: Bucket, key: string): WriteEncryption {
  const sse = input.ServerSideEncryption;
  const customer = customerKey(input);
  if (sse !== undefined && sse !== 'AES256' && sse !== 'aws:kms') {
    throw arg(sse === 'aws:kms:dsse' ? 'sagelite does not do dual-layer encryption (aws:kms:dsse).' : 'The encryption method specified is not supported', 'x-amz-server-side-encryption', sse);
  }
  if (customer && sse !== undefined) throw arg('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', 'x-amz-server-side-encryption', sse);
  if ((input.SSEKMSKeyId !== undefined || input.SSEKMSEncryptionContext !== undefined) && sse !== 'aws:kms') {
    throw arg('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', 'x-amz-server-side-encryption', sse ?? 'null');
  }
  if (customer) return { type: 'SSE-C', ...customer };
  const fallback = defaultEncryption(bucket.encryption);
  const type = sse ?? fallback.sseAlgorithm;
  if (type === 'AES256') return { type: 'AES256' };
  const keyId = input.SSEKMSKeyId ?? (sse === undefined ? fallback.kmsMasterKeyId : undefined);
  const bucketKeyEnabled = input.BucketKeyEnabled ?? (sse === undefined ? fallback.bucketKeyEnabled : false);
  return {
    type: 'aws:kms',
    ...(keyId !== undefined ? { keyId } : {}),
    // With an S3 Bucket Key the encryption context names the bucket, not the object (as on AWS): key policies see the bucket's ARN.
    context: { ...encryptionContext(input.SSEKMSEncryptionContext), 'aws:s3:arn': bucketKeyEnabled ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${key}` },
    bucketKeyEnabled,
  };
}

/** The condition keys S3 sets from a write's encryption headers (as sent: a bucket default sets none). */
export function encryptionConditionKeys(input: SseWriteInput): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (input.ServerSideEncryption !== undefined) out['s3:x-amz-server-side-encryption'] = input.ServerSideEncryption;
  if (input.SSEKMSKeyId !== undefined) out['s3:x-amz-server-side-encryption-aws-kms-key-id'] = input.SSEKMSKeyId;
  if (input.SSECustomerAlgorithm !== undefined) out['s3:x-amz-server-side-encryption-customer-algorithm'] = input.SSECustomerAlgorithm;
  return out;
}
