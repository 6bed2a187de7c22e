/**
 * Every way a SigV4 request can be wrong, one kind each (as MinIO does), with the details a
 * protocol needs to word AWS's error. The verifier never decides wire codes: each protocol maps
 * a kind to its own code, status and message (src/protocols/auth-errors.ts).
 */
export type SigV4ErrorKind =
  | 'MissingAuthentication'
  | 'BothAuthMechanisms'
  | 'UnsupportedAlgorithm'
  | 'IncompleteSignature'
  | 'MalformedKeyValue'
  | 'MalformedCredential'
  | 'InvalidDate'
  | 'ScopeDateMismatch'
  | 'WrongService'
  | 'WrongTerminator'
  | 'InvalidRegion'
  | 'HostNotSigned'
  | 'UnsignedHeaders'
  | 'SkewedPast'
  | 'SkewedFuture'
  | 'UnknownAccessKey'
  | 'MissingSecurityToken'
  | 'InvalidSecurityToken'
  | 'ExpiredToken'
  | 'SignatureMismatch'
  | 'PresignMissingParameters'
  | 'PresignExpiresNotNumber'
  | 'PresignExpiresNegative'
  | 'PresignExpiresTooLarge'
  | 'PresignInvalidDate'
  | 'PresignExpired'
  | 'PresignNotYetValid'
  | 'MissingContentSha256'
  | 'InvalidContentSha256'
  | 'ContentSha256Mismatch'
  | 'MissingDecodedContentLength'
  | 'MalformedChunk'
  | 'ChunkSignatureMismatch'
  | 'DecodedLengthMismatch'
  | 'ChunkTooLarge'
  | 'MalformedTrailer'
  | 'TrailerChecksumMismatch';

export interface SigV4ErrorDetails {
  /** The Authorization header or the credential text, where a message quotes it. */
  authorization?: string;
  credential?: string;
  accessKeyId?: string;
  /** Sentences for IncompleteSignature, in AWS's order. */
  missing?: string[];
  pair?: string;
  requestDate?: string;
  serverTime?: Date;
  expectedService?: string;
  service?: string;
  region?: string;
  terminator?: string;
  scopeDate?: string;
  headers?: string[];
  expires?: string;
  expiresAt?: Date;
  stringToSign?: string;
  canonicalRequest?: string;
  signatureProvided?: string;
  clientSha256?: string;
  computedSha256?: string;
  sessionToken?: string;
  bytesExpected?: number;
  bytesProvided?: number;
  checksumAlgorithm?: string;
}

export class SigV4Error extends Error {
  constructor(readonly kind: SigV4ErrorKind, readonly details: SigV4ErrorDetails = {}) {
    super(kind);
    this.name = 'SigV4Error';
  }
}
