/**
 * Cooperative time slicing for long CPU work on the server's one event loop: the work calls
 * `maybeYield()` between small steps, and once a slice has run `sliceMs` it waits for a
 * `setImmediate`, so the I/O callbacks of other requests (other accounts) run in between. A
 * request queued behind a simulation then waits about one slice, not the whole simulation.
 */
export class TimeSlicer {
  #sliceStart = performance.now();
  /** Yields taken so far (for tests). */
  yields = 0;
  constructor(private readonly sliceMs = 5) {}

  maybeYield(): Promise<void> | undefined {
    if (performance.now() - this.#sliceStart < this.sliceMs) return undefined;
    this.yields++;
    return new Promise((resolve) => {
      setImmediate(() => {
        this.#sliceStart = performance.now();
        resolve();
      });
    });
  }
}
