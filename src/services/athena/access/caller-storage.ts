import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { AwsError } from '../../../core/errors.js';
import type { Principal } from '../../../core/principal.js';
import { isIgnoredObject } from '../../../query-engine/execute/table-data.js';
import { ErrorCategory, QueryFailure, type LocalObject, type QueryStorage } from '../../../query-engine/types.js';
import type { ServerState } from '../../operation.js';
import { readFailure, writeFailure } from './access-errors.js';
import { parseS3Uri, prefixOf, s3Uri } from './s3-uri.js';

/** How results and CTAS data are written: Athena's ResultConfiguration as applied to the query. */
export interface WriteOptions {
  /** ResultConfiguration.ExpectedBucketOwner: the write fails unless this account owns the bucket. */
  expectedBucketOwner?: string;
  /** AclConfiguration S3AclOption BUCKET_OWNER_FULL_CONTROL: objects go up with that canned ACL. */
  bucketOwnerFullControl?: boolean;
  /** EncryptionConfiguration: SSE_S3, or SSE_KMS with its KmsKey (KMS then decides, as the caller, via S3). */
  encryption?: { EncryptionOption: string; KmsKey?: string };
}

interface ListedObject {
  Key: string;
  Size: number;
}

/**
 * S3 as a query sees it, every call made through sagelite's own S3 operations as the calling
 * principal: listing needs s3:ListBucket, reading each object s3:GetObject (HeadObject asks
 * exactly that), writing s3:PutObject — so bucket policies, ACLs and ownership rules of another
 * account apply to Athena exactly as to the caller's own requests.
 *
 * @example
 * const storage = new CallerStorage(state, principal, 'us-east-1', { bucketOwnerFullControl: true });
 * const files = await storage.fetchPrefix('s3://offline/table/data', '/tmp/q1/t');
 */
export class CallerStorage implements QueryStorage {
  constructor(
    private readonly state: ServerState,
    private readonly principal: Principal,
    private readonly region: string,
    private readonly write: WriteOptions = {},
  ) {}

  #call<O>(operation: string, input: Record<string, unknown>): Promise<O> {
    return this.state.internal.call<O>(this.principal, 's3', operation, input, { region: this.region });
  }

  async #list(uri: string): Promise<{ bucket: string; prefix: string; objects: ListedObject[] }> {
    const location = parseS3Uri(uri);
    const prefix = prefixOf(location);
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      let page: { Contents?: ListedObject[]; NextContinuationToken?: string };
      try {
        page = await this.#call('ListObjectsV2', { Bucket: location.bucket, Prefix: prefix, MaxKeys: 1000, ...(token ? { ContinuationToken: token } : {}) });
      } catch (e) {
        throw readFailure(e, s3Uri(location.bucket, prefix));
      }
      objects.push(...(page.Contents ?? []));
      token = page.NextContinuationToken;
    } while (token);
    return { bucket: location.bucket, prefix, objects };
  }

  async fetchPrefix(uri: string, localDir: string): Promise<LocalObject[]> {
    const { bucket, prefix, objects } = await this.#list(uri);
    const out: LocalObject[] = [];
    for (const object of objects) {
      const relativeKey = object.Key.slice(prefix.length);
      // Athena never reads hidden objects, so it needs no permission on them either.
      if (isIgnoredObject(relativeKey)) continue;
      // Hidden parts (`.`, `..`) were skipped above, so a key never climbs out of localDir.
      const path = join(localDir, ...relativeKey.split('/'));
      if (await this.#materialize(bucket, object.Key, path)) out.push({ path, relativeKey, size: object.Size });
    }
    return out;
  }

  /** Authorizes the read as the caller, then links the object's bytes into place; false when it vanished meanwhile. */
  async #materialize(bucket: string, key: string, path: string): Promise<boolean> {
    try {
      await this.#call('HeadObject', { Bucket: bucket, Key: key });
    } catch (e) {
      if (e instanceof AwsError && e.code === 'NoSuchKey') return false;
      throw readFailure(e, s3Uri(bucket, key));
    }
    const stored = await this.state.s3Objects.meta.getObject(bucket, key);
    if (!stored) return false;
    await mkdir(dirname(path), { recursive: true });
    const encryption = stored.encryption?.type;
    if (encryption === 'SSE-C') {
      throw new QueryFailure(ErrorCategory.User, 1000, `Athena cannot read objects encrypted with a customer-provided key (SSE-C): ${s3Uri(bucket, key)}`);
    }
    if (encryption !== 'aws:kms') return this.state.s3Objects.blobs.materialize(stored.blobId, path);
    // SSE-KMS: only GetObject deciphers, asking KMS as the caller (the key policy decides, as on AWS).
    let body: Readable;
    try {
      body = (await this.#call<{ Body: Readable | Buffer }>('GetObject', { Bucket: bucket, Key: key })).Body as Readable;
    } catch (e) {
      if (e instanceof AwsError && e.code === 'NoSuchKey') return false;
      throw readFailure(e, s3Uri(bucket, key));
    }
    await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(path, { mode: 0o600 }));
    return true;
  }

  async listPrefix(uri: string): Promise<string[]> {
    const { prefix, objects } = await this.#list(uri);
    return objects.map((o) => o.Key.slice(prefix.length)).filter((k) => !isIgnoredObject(k));
  }

  async putObject(uri: string, body: Buffer, contentType?: string): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      await this.#call('PutObject', {
        Bucket: bucket,
        Key: key,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
        ...(this.write.expectedBucketOwner ? { ExpectedBucketOwner: this.write.expectedBucketOwner } : {}),
        ...(this.write.bucketOwnerFullControl ? { ACL: 'bucket-owner-full-control' } : {}),
        ...(this.write.encryption?.EncryptionOption === 'SSE_S3' ? { ServerSideEncryption: 'AES256' } : {}),
        ...(this.write.encryption?.EncryptionOption === 'SSE_KMS' ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.write.encryption.KmsKey } : {}),
      });
    } catch (e) {
      throw writeFailure(e, uri);
    }
  }

  /** A whole object read as the caller (GetQueryResults reads the result file this way, as Athena does). */
  /**
   * The object's bytes, read as the caller. With `maxBytes`, a larger object is refused (its
   * declared length first, then what arrives), never held whole: a result object is the caller's
   * to overwrite, with anything up to S3's object size.
   */
  async getObject(uri: string, maxBytes = Infinity): Promise<Buffer> {
    const { bucket, key } = parseS3Uri(uri);
    const tooLarge = () =>
      new QueryFailure(ErrorCategory.User, 1000, `The object ${uri} is larger than the ${maxBytes} bytes this server reads as a query result (athenaMaxResultBytes).`);
    let out: { Body?: Buffer | Readable; ContentLength?: number };
    try {
      out = await this.#call('GetObject', { Bucket: bucket, Key: key, ...(this.write.expectedBucketOwner ? { ExpectedBucketOwner: this.write.expectedBucketOwner } : {}) });
    } catch (e) {
      throw readFailure(e, uri);
    }
    const body = out.Body;
    if ((out.ContentLength ?? 0) > maxBytes) {
      if (body instanceof Readable) body.destroy();
      throw tooLarge();
    }
    if (body === undefined) return Buffer.alloc(0);
    if (Buffer.isBuffer(body)) {
      if (body.length > maxBytes) throw tooLarge();
      return body;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size);
  }
}

