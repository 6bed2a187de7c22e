import type { StoredObject } from '../../../storage/s3-objects.js';
import { checksumOutput } from './checksum.js';

/** An ETag as S3 writes it in headers and XML: quoted. */
export function quoted(etag: string): string {
  return `"${etag}"`;
}

/** The response-* query overrides of GetObject/HeadObject. */
export interface ResponseOverrides {
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
  ResponseContentLanguage?: string;
  ResponseContentType?: string;
  ResponseExpires?: Date;
}

const OVERRIDES: ReadonlyArray<keyof ResponseOverrides> = [
  'ResponseCacheControl',
  'ResponseContentDisposition',
  'ResponseContentEncoding',
  'ResponseContentLanguage',
  'ResponseContentType',
  'ResponseExpires',
];

/** Whether a request (of which the overrides are a part) asks for any response-* override. */
export function hasOverrides(input: ResponseOverrides): boolean {
  return OVERRIDES.some((k) => input[k] !== undefined);
}

/**
 * The header members GetObject and HeadObject answer with: ETag, Last-Modified, content
 * headers (the response-* overrides win), user metadata, storage class (left out for STANDARD,
 * as S3 does), and the checksum when the caller asked for it with x-amz-checksum-mode.
 */
export function objectHeaders(o: StoredObject, opts: { overrides: ResponseOverrides; checksumMode: boolean }): Record<string, unknown> {
  const h = o.headers;
  const r = opts.overrides;
  const out: Record<string, unknown> = {
    AcceptRanges: 'bytes',
    LastModified: o.lastModified,
    ETag: quoted(o.etag),
    ContentType: r.ResponseContentType ?? h.contentType,
    CacheControl: r.ResponseCacheControl ?? h.cacheControl,
    ContentDisposition: r.ResponseContentDisposition ?? h.contentDisposition,
    ContentEncoding: r.ResponseContentEncoding ?? h.contentEncoding,
    ContentLanguage: r.ResponseContentLanguage ?? h.contentLanguage,
    Expires: r.ResponseExpires?.toUTCString() ?? h.expires,
    WebsiteRedirectLocation: h.websiteRedirectLocation,
    Metadata: Object.keys(o.metadata).length > 0 ? o.metadata : undefined,
    StorageClass: o.storageClass === 'STANDARD' ? undefined : o.storageClass,
    ...(opts.checksumMode ? checksumOutput(o.checksum) : {}),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The byte range of part `n` of a multipart object (GetObject/HeadObject `partNumber`). */
export function partRange(o: StoredObject, partNumber: number): { start: number; end: number } | undefined {
  const sizes = o.partSizes ?? [o.size];
  if (partNumber < 1 || partNumber > sizes.length) return undefined;
  const start = sizes.slice(0, partNumber - 1).reduce((a, b) => a + b, 0);
  return { start, end: start + sizes[partNumber - 1]! - 1 };
}
