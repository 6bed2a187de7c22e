/**
 * The one error type every layer throws. A protocol codec turns it into AWS's wire shape
 * (XML ErrorResponse, JSON `__type`, S3 `<Error>`), so operations never think about HTTP.
 *
 * @example
 * throw new AwsError('ValidationError', 400, "1 validation error detected: ...");
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra fields some protocols carry beside Code and Message (S3's `<StringToSign>`, …). */
    readonly fields: Readonly<Record<string, string>> = {},
    /** Query protocol's `<Type>`: Sender for the caller's fault, Receiver for ours. */
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
    /** Response headers the error carries where the protocol has them (S3's x-amz-delete-marker on a 404, …), lower-case names. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** An operation that AWS has and sagelite does not implement yet (documented in docs/COMPATIBILITY.md). */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError(
    'NotImplemented',
    501,
    `The operation ${operation} of service ${service} is not implemented in sagelite yet.`,
  );
}

export function internalFailure(): AwsError {
  return new AwsError('InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.');
}

/**
 * A store's server (PostgreSQL, Redis) could not be reached or dropped the connection: the
 * request may succeed if sent again, so it is answered 503 ServiceUnavailable, which every AWS
 * SDK retries, never 500 with a stack in the log.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly store: string, cause: unknown) {
    super(`${store} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A store cannot keep a value the request carries, which the other shape keeps: PostgreSQL's text
 * and jsonb hold no U+0000 character (SQLite's do, but Node 22's node:sqlite reads it back cut
 * short). `store` names the store in the answer. Answered 400 with the service's validation
 * error, saying why (docs/DEPLOYMENT.md), never 500.
 */
export class StoreValueError extends Error {
  constructor(readonly store: string, cause: unknown) {
    super(`${store} cannot store a value of this request: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreValueError';
  }
}

export function serviceUnavailable(): AwsError {
  return new AwsError('ServiceUnavailable', 503, 'Service is unable to handle request.');
}
