import { SigV4Error } from './errors.js';
import { ALGORITHM } from './signing-key.js';
import { parseQueryPairs } from './encoding.js';
import { headerValue, type HeaderMap } from './canonical.js';

/** What a request claims about its signature, from the Authorization header or a presigned URL. */
export interface SignatureClaim {
  form: 'header' | 'query';
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  /** The request time as sent (X-Amz-Date basic format, or an HTTP Date). */
  requestDate: string;
  date: Date;
  /** X-Amz-Expires of a presigned URL, in seconds. */
  expires?: number;
  securityToken?: string;
  credential: string;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `20150830T123600Z`; undefined when it is not exactly that form or not a real instant. */
export function parseAmzDate(text: string): Date | undefined {
  // Requests of the same second carry the same text: the last answer is kept (a copy is handed out).
  if (text === lastAmzDate.text) return lastAmzDate.date ? new Date(lastAmzDate.date.getTime()) : undefined;
  const date = parseAmzDateUncached(text);
  lastAmzDate = { text, date };
  return date ? new Date(date.getTime()) : undefined;
}

let lastAmzDate: { text: string; date: Date | undefined } = { text: '', date: undefined };

function parseAmzDateUncached(text: string): Date | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d! ? date : undefined;
}

function requestTime(headers: HeaderMap): { text: string; date: Date | undefined } | undefined {
  const amz = headerValue(headers, 'x-amz-date');
  if (amz !== undefined) return { text: amz, date: parseAmzDate(amz.trim()) };
  const http = headerValue(headers, 'date');
  if (http !== undefined) {
    const ms = Date.parse(http);
    return { text: http, date: Number.isNaN(ms) || !/GMT$/.test(http.trim()) ? undefined : new Date(ms) };
  }
  return undefined;
}

function splitCredential(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5) throw new SigV4Error('MalformedCredential', { credential });
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, scopeDate, region, service, terminator };
}

/**
 * Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` with AWS's checks, in
 * AWS's order: key=value shape, missing parameters and date (one message listing all), then the
 * credential's shape.
 */
export function parseAuthorizationHeader(authorization: string, headers: HeaderMap): SignatureClaim {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) throw new SigV4Error('UnsupportedAlgorithm', { authorization, pair: algorithm });
  const params = new Map<string, string>();
  for (const raw of (space < 0 ? '' : trimmed.slice(space + 1)).split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new SigV4Error('MalformedKeyValue', { authorization, pair: part });
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  }
  const time = requestTime(headers);
  if (!time) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw new SigV4Error('IncompleteSignature', { authorization, missing });
  if (!time!.date) throw new SigV4Error('InvalidDate', { requestDate: time!.text });
  const credential = params.get('Credential')!;
  const token = headerValue(headers, 'x-amz-security-token');
  return {
    form: 'header',
    ...splitCredential(credential),
    credential,
    signedHeaders: params.get('SignedHeaders')!.split(';'),
    signature: params.get('Signature')!,
    requestDate: time!.text,
    date: time!.date,
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}

export const PRESIGN_PARAMETERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;

/** Whether the query string carries SigV4 query authentication at all. */
export function hasPresignParameters(rawQuery: string): boolean {
  return /(^|&)X-Amz-(Algorithm|Credential|Signature)=/.test(rawQuery);
}

/**
 * Parses a presigned URL's X-Amz-* parameters. X-Amz-Expires is 1..604800 seconds; AWS words
 * "not a number", "negative" and "too large" differently, so they are different kinds.
 */
export function parsePresignedQuery(rawQuery: string, requireExpires: boolean): SignatureClaim {
  const params = new Map<string, string>();
  for (const [name, value] of parseQueryPairs(rawQuery)) if (!params.has(name)) params.set(name, value);
  const missing = PRESIGN_PARAMETERS.filter((p) => !params.get(p) && (p !== 'X-Amz-Expires' || requireExpires));
  if (missing.length > 0) throw new SigV4Error('PresignMissingParameters', { missing: [...missing] });
  const algorithm = params.get('X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) throw new SigV4Error('UnsupportedAlgorithm', { pair: algorithm });
  const requestDate = params.get('X-Amz-Date')!;
  const date = parseAmzDate(requestDate);
  if (!date) throw new SigV4Error('PresignInvalidDate', { requestDate });
  let expires: number | undefined;
  const expiresText = params.get('X-Amz-Expires');
  if (expiresText !== undefined) {
    if (!/^-?\d+$/.test(expiresText)) throw new SigV4Error('PresignExpiresNotNumber', { expires: expiresText });
    expires = Number(expiresText);
    if (expires < 0) throw new SigV4Error('PresignExpiresNegative', { expires: expiresText });
    if (expires > 604800) throw new SigV4Error('PresignExpiresTooLarge', { expires: expiresText });
  }
  const credential = params.get('X-Amz-Credential')!;
  const token = params.get('X-Amz-Security-Token');
  return {
    form: 'query',
    ...splitCredential(credential),
    credential,
    signedHeaders: params.get('X-Amz-SignedHeaders')!.split(';'),
    signature: params.get('X-Amz-Signature')!,
    requestDate,
    date,
    ...(expires !== undefined ? { expires } : {}),
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}
