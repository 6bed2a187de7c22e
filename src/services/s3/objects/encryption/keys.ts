import { createHash, randomBytes, timingSafeEqual, type Cipher } from 'node:crypto';
import { AwsError } from '../../../../core/errors.js';
import type { Readable } from 'node:stream';
import type { BlobReader, ObjectEncryption, StoredObject } from '../../../../storage/s3-objects.js';
import type { Bucket } from '../../../../storage/s3.js';
import type { OperationContext } from '../../../operation.js';
import { awsManagedKeyArn } from '../../../kms/aws-managed-keys.js';
import { s3Errors } from '../errors.js';
import { decipheredSegments, objectCipher, segmentReadStart, segmentsOf } from './cipher.js';
import { customerKey, type SseCustomerInput, type WriteEncryption } from './request.js';

/**
 * The keys of encrypted objects. SSE-KMS asks KMS — as the caller, through S3 (kms:ViaService
 * `s3.<region>.amazonaws.com`) — for a data key when an object is written and to decrypt it
 * when the object is read, so every read needs the key policy's permission, as on AWS. SSE-C
 * encrypts under the customer's key, which sagelite keeps only as a salted hash.
 */

const IV_BYTES = 16;

/** A refusal from KMS as S3 passes it on: AccessDenied 403 with KMS's text, other errors as `KMS.<code>`. */
function fromKms(e: unknown): unknown {
  if (!(e instanceof AwsError)) return e;
  if (e.code === 'AccessDeniedException') return new AwsError('AccessDenied', 403, e.message);
  return new AwsError(`KMS.${e.code}`, e.status >= 500 ? 500 : 400, e.message);
}

/** Asks KMS in the bucket's region, as the caller, through S3. */
async function callKms<O>(ctx: OperationContext, region: string, operation: string, input: Record<string, unknown>): Promise<O> {
  try {
    return await ctx.state.internal.call<O>(ctx.principal, 'kms', operation, input, { region, viaService: `s3.${region}.amazonaws.com`, requestId: ctx.requestId });
  } catch (e) {
    throw fromKms(e);
  }
}

/** What a new object's bytes go through, what its metadata keeps, and the response members that say so. */
export interface SealedWrite {
  cipher?: Cipher;
  encryption: ObjectEncryption;
  output: Record<string, unknown>;
}

export async function sealForWrite(ctx: OperationContext, bucket: Bucket, enc: WriteEncryption): Promise<SealedWrite> {
  if (enc.type === 'AES256') return { encryption: { type: 'AES256' }, output: { ServerSideEncryption: 'AES256' } };
  const iv = randomBytes(IV_BYTES);
  if (enc.type === 'SSE-C') {
    const salt = randomBytes(16);
    return {
      cipher: objectCipher(enc.key, iv),
      encryption: { type: 'SSE-C', keyMd5: enc.keyMd5, keySalt: salt.toString('base64'), keyHash: keyHash(salt, enc.key), iv: iv.toString('base64') },
      output: { SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: enc.keyMd5 },
    };
  }
  const keyId = enc.keyId ?? (await awsManagedKeyArn(ctx, ctx.principal.accountId, bucket.region, 's3'));
  const dk = await callKms<{ CiphertextBlob: Buffer; Plaintext: Buffer; KeyId: string }>(ctx, bucket.region, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: enc.context });
  const userContext = Object.fromEntries(Object.entries(enc.context).filter(([k]) => k !== 'aws:s3:arn'));
  return {
    cipher: objectCipher(dk.Plaintext, iv),
    encryption: { type: 'aws:kms', keyArn: dk.KeyId, dataKey: dk.CiphertextBlob.toString('base64'), iv: iv.toString('base64'), context: enc.context, bucketKeyEnabled: enc.bucketKeyEnabled },
    output: {
      ServerSideEncryption: 'aws:kms', SSEKMSKeyId: dk.KeyId,
      ...(enc.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
      ...(Object.keys(userContext).length > 0 ? { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(userContext)).toString('base64') } : {}),
    },
  };
}

function keyHash(salt: Buffer, key: Buffer): string {
  return createHash('sha256').update(salt).update(key).digest('base64');
}

/** The response members that describe an object's encryption (GetObject, HeadObject, CopyObject). */
export function encryptionOutput(e: ObjectEncryption | undefined): Record<string, unknown> {
  if (!e || e.type === 'AES256') return { ServerSideEncryption: 'AES256' };
  if (e.type === 'SSE-C') return { SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: e.keyMd5 };
  return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: e.keyArn, ...(e.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}) };
}

/**
 * Checks the customer key headers of a read against the object: an SSE-C object needs its own
 * key (S3: 400 without one, 403 with another); any other object refuses SSE-C headers.
 */
export function checkCustomerKey(object: StoredObject, input: SseCustomerInput): Buffer | undefined {
  return checkCustomerKeyFor(object.encryption, input);
}

/** {@link checkCustomerKey} against an encryption (an object's, or a multipart upload's for its parts). */
export function checkCustomerKeyFor(e: ObjectEncryption | undefined, input: SseCustomerInput): Buffer | undefined {
  const given = customerKey(input);
  if (e?.type !== 'SSE-C') {
    if (given) throw s3Errors.invalidRequest('The encryption parameters are not applicable to this object.');
    return undefined;
  }
  if (!given) throw s3Errors.invalidRequest('The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
  const expected = Buffer.from(e.keyHash, 'base64');
  const actual = Buffer.from(keyHash(Buffer.from(e.keySalt, 'base64'), given.key), 'base64');
  if (!timingSafeEqual(expected, actual)) throw new AwsError('AccessDenied', 403, 'Access Denied');
  return given.key;
}

/**
 * The key and IV an object's stored bytes open with; none for SSE-S3 (which costs no lookup).
 * SSE-KMS asks KMS, in the bucket's region, to decrypt the data key, as the reader.
 */
export async function openForRead(ctx: OperationContext, bucketName: string, object: StoredObject, input: SseCustomerInput): Promise<{ key: Buffer; iv: Buffer } | undefined> {
  const customer = checkCustomerKey(object, input);
  const e = object.encryption;
  if (!e || e.type === 'AES256') return undefined;
  if (e.type === 'SSE-C') return { key: customer!, iv: Buffer.from(e.iv, 'base64') };
  const bucket = await ctx.state.s3Buckets.getBucket(bucketName);
  if (!bucket) throw s3Errors.noSuchKey(object.key);
  const plain = await callKms<{ Plaintext: Buffer }>(ctx, bucket.region, 'Decrypt', { CiphertextBlob: Buffer.from(e.dataKey, 'base64'), EncryptionContext: e.context });
  return { key: plain.Plaintext, iv: Buffer.from(e.iv, 'base64') };
}

/**
 * The key a part of an encrypted multipart upload is enciphered with, and the part's own new IV:
 * the customer's key (every UploadPart carries it, as S3 requires), or the upload's data key as
 * KMS decrypts it for this caller (S3 needs kms:Decrypt for multipart uploads too). None for SSE-S3.
 */
export async function partCipher(ctx: OperationContext, region: string, e: ObjectEncryption | undefined, input: SseCustomerInput): Promise<{ cipher: Cipher; iv: string } | undefined> {
  const customer = checkCustomerKeyFor(e, input);
  if (!e || e.type === 'AES256') return undefined;
  const key = e.type === 'SSE-C'
    ? customer!
    : (await callKms<{ Plaintext: Buffer }>(ctx, region, 'Decrypt', { CiphertextBlob: Buffer.from(e.dataKey, 'base64'), EncryptionContext: e.context })).Plaintext;
  const iv = randomBytes(IV_BYTES);
  return { cipher: objectCipher(key, iv), iv: iv.toString('base64') };
}

/** An encrypted object's bytes (or a range of them), read from its blob and deciphered, part by part where it has parts. */
export function decipheredObject(reader: BlobReader, object: StoredObject, key: Buffer, range?: { start: number; end: number }): Readable {
  const e = object.encryption as Exclude<ObjectEncryption, { type: 'AES256' }>;
  const segments = segmentsOf(object.size, e.iv, e.partIvs, object.partSizes);
  const start = range?.start ?? 0;
  const from = segmentReadStart(segments, start);
  return decipheredSegments(reader.stream({ start: from, end: range?.end ?? object.size - 1 }), key, segments, from, start);
}
