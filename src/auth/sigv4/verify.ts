import type { Clock } from '../../core/clock.js';
import { amzDate } from '../../core/clock.js';
import { canonicalBytes, canonicalRequest, headerValue, sha256Hex, EMPTY_SHA256, type HeaderMap } from './canonical.js';
import { SigV4Error } from './errors.js';
import { hasPresignParameters, parseAuthorizationHeader, parsePresignedQuery, type SignatureClaim } from './parse.js';
import { hmac, SigningKeyCache, signaturesEqual, stringToSign } from './signing-key.js';

export const MAX_SKEW_MS = 15 * 60 * 1000;

/** A request as the verifier sees it: bytes and strings, no transport. */
export interface SignedRequest {
  method: string;
  /** The path exactly as it came on the wire (percent-encoded as the client sent it). */
  rawPath: string;
  /** The query string without `?`, as it came on the wire. */
  rawQuery: string;
  headers: HeaderMap;
  /** The whole body when it has been read; absent for a body that is streamed later. */
  body?: Uint8Array;
}

/** The secret half of a credential, as the credential store holds it. */
export interface StoredSecret {
  secretAccessKey: string;
  /** Present for temporary (ASIA) credentials: the request must carry exactly this token. */
  sessionToken?: string;
  expiresAt?: Date;
}

/** How the payload is protected, from x-amz-content-sha256. */
export type PayloadMode =
  | { kind: 'sha256'; sha256: string }
  | { kind: 'unsigned' }
  | { kind: 'streaming-signed'; trailer: boolean }
  | { kind: 'streaming-unsigned-trailer' };

export interface Verified<C extends StoredSecret> {
  claim: SignatureClaim;
  credential: C;
  payload: PayloadMode;
  /** Needed to verify aws-chunked chunk signatures, which chain from the request's signature. */
  signingKey: Buffer;
  scope: string;
  amzDate: string;
}

export interface VerifyOptions<C extends StoredSecret> {
  clock: Clock;
  /** S3 signs the path once, unnormalized, and insists on x-amz-content-sha256 and signed x-amz-* headers. */
  s3: boolean;
  /** The signing name the resolved service expects in the credential scope. */
  service: string;
  lookup: (accessKeyId: string) => C | undefined;
  keys: SigningKeyCache;
  maxSkewMs?: number;
  /** Defaults to `!s3`, as AWS; false only to check unnormalized conformance vectors. */
  normalizePath?: boolean;
}

const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

function payloadMode(claimed: string): PayloadMode | undefined {
  if (claimed === 'UNSIGNED-PAYLOAD') return { kind: 'unsigned' };
  if (claimed === STREAMING_SIGNED) return { kind: 'streaming-signed', trailer: false };
  if (claimed === STREAMING_SIGNED_TRAILER) return { kind: 'streaming-signed', trailer: true };
  if (claimed === STREAMING_UNSIGNED_TRAILER) return { kind: 'streaming-unsigned-trailer' };
  if (/^[0-9a-f]{64}$/.test(claimed)) return { kind: 'sha256', sha256: claimed };
  return undefined;
}

/** The claim, from whichever of the two mechanisms the request uses (never both). */
export function readClaim(req: SignedRequest, s3: boolean): SignatureClaim {
  const authorization = headerValue(req.headers, 'authorization');
  const presigned = hasPresignParameters(req.rawQuery);
  if (authorization !== undefined && presigned) throw new SigV4Error('BothAuthMechanisms');
  if (authorization !== undefined) return parseAuthorizationHeader(authorization, req.headers);
  if (presigned) return parsePresignedQuery(req.rawQuery, s3);
  throw new SigV4Error('MissingAuthentication');
}

function checkTime(claim: SignatureClaim, now: Date, maxSkewMs: number, s3: boolean): void {
  const t = claim.date.getTime();
  if (claim.form === 'query') {
    if (t - now.getTime() > maxSkewMs) throw new SigV4Error('PresignNotYetValid', { requestDate: claim.requestDate, serverTime: now });
    if (claim.expires !== undefined && now.getTime() >= t + claim.expires * 1000) {
      throw new SigV4Error('PresignExpired', { expires: String(claim.expires), expiresAt: new Date(t + claim.expires * 1000), serverTime: now });
    }
    // Outside S3, X-Amz-Expires is optional and AWS does not extend a URL's life with it: the
    // request date must be within the skew window, as for a header-signed request (STS answers
    // a presigned URL for 15 minutes whatever X-Amz-Expires says: aws/aws-sdk-go#2167,
    // kubernetes-sigs/aws-iam-authenticator#258). A shorter X-Amz-Expires is honoured above.
    if (!s3 && now.getTime() - t > maxSkewMs) throw new SigV4Error('SkewedPast', { requestDate: claim.requestDate, serverTime: now });
    return;
  }
  if (now.getTime() - t > maxSkewMs) throw new SigV4Error('SkewedPast', { requestDate: claim.requestDate, serverTime: now });
  if (t - now.getTime() > maxSkewMs) throw new SigV4Error('SkewedFuture', { requestDate: claim.requestDate, serverTime: now });
}

/** amzDate() of the last instant asked: a second's requests share their date. */
let lastFormatted = { ms: NaN, text: '' };
function formatAmzDate(d: Date): string {
  const ms = d.getTime();
  if (ms !== lastFormatted.ms) lastFormatted = { ms, text: amzDate(d) };
  return lastFormatted.text;
}

function checkScope(claim: SignatureClaim, expectedService: string): void {
  if (!/^[a-z0-9-]{1,64}$/.test(claim.region)) throw new SigV4Error('InvalidRegion', { region: claim.region, credential: claim.credential });
  if (claim.service !== expectedService) {
    throw new SigV4Error('WrongService', { service: claim.service, expectedService, credential: claim.credential });
  }
  if (claim.terminator !== 'aws4_request') throw new SigV4Error('WrongTerminator', { terminator: claim.terminator, credential: claim.credential });
  const httpDay = formatAmzDate(claim.date).slice(0, 8);
  if (claim.scopeDate !== httpDay) {
    throw new SigV4Error('ScopeDateMismatch', { scopeDate: claim.scopeDate, requestDate: claim.requestDate, credential: claim.credential });
  }
}

function checkSignedHeaders(req: SignedRequest, claim: SignatureClaim, s3: boolean): void {
  if (!claim.signedHeaders.includes('host')) throw new SigV4Error('HostNotSigned');
  if (!s3) return;
  const signed = new Set(claim.signedHeaders);
  const unsigned = [...req.headers.keys()].filter((h) => h.startsWith('x-amz-') && !signed.has(h));
  if (unsigned.length > 0) throw new SigV4Error('UnsignedHeaders', { headers: unsigned.sort() });
}

function checkToken<C extends StoredSecret>(claim: SignatureClaim, credential: C, req: SignedRequest): void {
  const token = claim.securityToken ?? headerValue(req.headers, 'x-amz-security-token');
  if (credential.sessionToken === undefined) {
    if (token !== undefined) throw new SigV4Error('InvalidSecurityToken', { sessionToken: token });
    return;
  }
  if (token === undefined) throw new SigV4Error('MissingSecurityToken', { accessKeyId: claim.accessKeyId });
  if (!signaturesEqual(credential.sessionToken, token)) throw new SigV4Error('InvalidSecurityToken', { sessionToken: token });
}

function resolvePayload(req: SignedRequest, claim: SignatureClaim, s3: boolean): { hash: string; mode: PayloadMode; fromBody?: true } {
  const claimed = claim.form === 'header' ? headerValue(req.headers, 'x-amz-content-sha256') : undefined;
  if (claimed === undefined) {
    if (s3 && claim.form === 'header') throw new SigV4Error('MissingContentSha256');
    if (s3) return { hash: 'UNSIGNED-PAYLOAD', mode: { kind: 'unsigned' } };
    const hash = req.body ? sha256Hex(req.body) : EMPTY_SHA256;
    // Computed from the body itself: nothing to check it against afterwards.
    return { hash, mode: { kind: 'sha256', sha256: hash }, fromBody: true };
  }
  const mode = payloadMode(claimed);
  if (!mode) throw new SigV4Error('InvalidContentSha256', { clientSha256: claimed });
  return { hash: claimed, mode };
}

/**
 * Every check that needs no body, in AWS's order: one mechanism, parse, time, scope, signed
 * headers, a known key, its token. A caller that fails here can be refused before a byte of its
 * body is read (the signature itself covers the payload hash, so it must wait for the body).
 */
export function checkBeforeBody<C extends StoredSecret>(req: SignedRequest, opts: VerifyOptions<C>): { claim: SignatureClaim; credential: C; now: Date } {
  const claim = readClaim(req, opts.s3);
  const now = opts.clock.now();
  checkTime(claim, now, opts.maxSkewMs ?? MAX_SKEW_MS, opts.s3);
  checkScope(claim, opts.service);
  checkSignedHeaders(req, claim, opts.s3);
  const credential = opts.lookup(claim.accessKeyId);
  if (!credential) throw new SigV4Error('UnknownAccessKey', { accessKeyId: claim.accessKeyId });
  checkToken(claim, credential, req);
  return { claim, credential, now };
}

/**
 * Verifies a SigV4-signed request and returns who signed it. Checks run in AWS's order: one
 * mechanism, parse, time, scope, signed headers, key, token, signature, token expiry, payload.
 * Each failure is a {@link SigV4Error} of its own kind.
 *
 * @example
 * const v = verifyRequest(req, { clock, s3: false, service: 'sts', lookup, keys: new SigningKeyCache() });
 * v.credential; // what `lookup` returned for the access key
 */
export function verifyRequest<C extends StoredSecret>(req: SignedRequest, opts: VerifyOptions<C>): Verified<C> {
  const { claim, credential, now } = checkBeforeBody(req, opts);
  const { hash, mode, fromBody } = resolvePayload(req, claim, opts.s3);
  const scope = `${claim.scopeDate}/${claim.region}/${claim.service}/${claim.terminator}`;
  const date = claim.form === 'query' ? claim.requestDate : formatAmzDate(claim.date);
  const signingKey = opts.keys.get(credential.secretAccessKey, claim.scopeDate, claim.region, claim.service);
  const attempt = (omit: readonly string[]) => {
    const creq = canonicalRequest({
      method: req.method,
      rawPath: req.rawPath,
      rawQuery: req.rawQuery,
      headers: req.headers,
      signedHeaders: claim.signedHeaders,
      payloadHash: hash,
      s3: opts.s3,
      normalize: opts.normalizePath ?? !opts.s3,
      omitQueryParameters: omit,
    });
    const sts = stringToSign(date, scope, sha256Hex(canonicalBytes(creq)));
    return { creq, sts, ok: signaturesEqual(hmac(signingKey, sts).toString('hex'), claim.signature) };
  };
  const first = attempt(claim.form === 'query' ? ['X-Amz-Signature'] : []);
  // Outside S3 a presigner may add the session token after signing (aws-c-auth's
  // post-sts-header-after case); the token itself is still checked above.
  const matched =
    first.ok ||
    (claim.form === 'query' && !opts.s3 && claim.securityToken !== undefined && attempt(['X-Amz-Signature', 'X-Amz-Security-Token']).ok);
  if (!matched) {
    throw new SigV4Error('SignatureMismatch', {
      accessKeyId: claim.accessKeyId,
      stringToSign: first.sts,
      canonicalRequest: first.creq,
      signatureProvided: claim.signature,
    });
  }
  if (credential.expiresAt && now.getTime() >= credential.expiresAt.getTime()) {
    throw new SigV4Error('ExpiredToken', { ...(claim.securityToken ? { sessionToken: claim.securityToken } : {}) });
  }
  if (mode.kind === 'sha256' && req.body && !fromBody) {
    const actual = sha256Hex(req.body);
    if (actual !== mode.sha256) throw new SigV4Error('ContentSha256Mismatch', { clientSha256: mode.sha256, computedSha256: actual });
  }
  return { claim, credential, payload: mode, signingKey, scope, amzDate: date };
}
