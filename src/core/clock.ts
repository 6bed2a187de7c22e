/** The server's one source of time; injected everywhere so tests can move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

/**
 * Wall-clock time plus an offset that only grows. The offset is what the operator-only
 * `advance` call moves (off unless the server runs with the test clock enabled).
 *
 * @example
 * const clock = new OffsetClock();
 * clock.advance(3_600_000); // one hour later, for expiry tests
 */
export class OffsetClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): Date {
    return new Date(this.base() + this.#offsetMs);
  }
  get offsetMs(): number {
    return this.#offsetMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
  }
  /** Takes on an offset another process reached (a {@link SharedClockOffset}'s); never moves back. */
  catchUp(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && offsetMs > this.#offsetMs) this.#offsetMs = offsetMs;
  }
}

/**
 * Where the test clock's offset lives when several server processes share one state: each
 * process's {@link OffsetClock} catches up with it before serving a request, so a time moved
 * through one process is the time every process answers with.
 */
export interface SharedClockOffset {
  read(): Promise<number>;
  /** Adds `ms` and returns the new offset. */
  advance(ms: number): Promise<number>;
  /** Keeps `clock` caught up from now on (for background work between requests). */
  follow(clock: OffsetClock): Promise<void>;
}

/** A clock stopped at one instant: for pure-function tests. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date): void {
    this.instant = instant;
  }
}

/** ISO 8601 basic format as SigV4 writes it: 20150830T123600Z. */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** ISO 8601 with milliseconds, as AWS's XML timestamps (2011-07-15T23:28:33.359Z). */
export function isoTimestamp(d: Date): string {
  return d.toISOString();
}
