/** An AWS error as a report keeps it: the wire code and message. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/** Error codes AWS services use for throttling (the AWS SDKs' list, trimmed to the services here). */
const THROTTLING_CODES = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'BandwidthLimitExceeded',
  'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);
/** Node's socket errors and the SDK's timeouts: the request may never have reached the service. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED', 'EHOSTUNREACH', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** The wire code and message of an SDK error (or of anything thrown). */
export function errorInfo(e: unknown): ErrorInfo {
  if (e && typeof e === 'object') {
    const s = e as SdkErrorShape;
    // A socket error is a plain Error whose `code` (ECONNREFUSED…) says what happened.
    const name = s.name && s.name !== 'Error' ? s.name : undefined;
    return { code: String(s.Code ?? name ?? s.code ?? 'Error'), message: String(s.message ?? '') };
  }
  return { code: 'Error', message: String(e) };
}

/**
 * Whether a failed call is worth repeating: throttling, a 5xx, or a network failure (no HTTP
 * response at all). A 4xx (validation, access denied, not found) is the caller's to fix.
 *
 * @example
 * isRetryable({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }); // true
 * isRetryable({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }); // false
 */
export function isRetryable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const s = e as SdkErrorShape;
  const { code } = errorInfo(e);
  if (THROTTLING_CODES.has(code)) return true;
  const status = s.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  const cause = s.cause as SdkErrorShape | undefined;
  return NETWORK_CODES.has(code) || NETWORK_CODES.has(String(s.code)) || (cause !== undefined && NETWORK_CODES.has(String(cause.code)));
}

export interface RetryOptions {
  /** Attempts after the first. Default 3. */
  retries?: number;
  /** First backoff; it doubles each attempt, with full jitter. Default 100 ms. */
  baseDelayMs?: number;
  /** Longest single backoff. Default 5 s. */
  maxDelayMs?: number;
  /** Decides which errors to repeat; default {@link isRetryable}. */
  retryable?: (e: unknown) => boolean;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: a number in [0, 1) for jitter. */
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn`, repeating it after exponential backoff with full jitter while it fails with a
 * retryable error and attempts remain; the last error is thrown.
 *
 * @example
 * const out = await withRetries(() => runtime.send(new PutRecordCommand(input)), { retries: 5 });
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 3;
  const base = opts.baseDelayMs ?? 100;
  const max = opts.maxDelayMs ?? 5_000;
  const retryable = opts.retryable ?? isRetryable;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt >= retries || !retryable(e)) throw e;
      await sleep(Math.floor(random() * Math.min(max, base * 2 ** attempt)));
    }
  }
}

/**
 * Calls `worker` for every index in [0, count), at most `concurrency` at a time, in index order
 * of starting. Workers handle their own errors; a throw stops nothing else and is rethrown at the end.
 *
 * @example
 * await runPool(rows.length, 8, async (i) => put(rows[i]));
 */
export async function runPool(count: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer; got ${concurrency}`);
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < count) {
      const i = next++;
      try {
        await worker(i);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  if (errors.length > 0) throw errors[0];
}
