import type pino from 'pino';

/** pino's asynchronous destination (a SonicBoom). */
type Destination = ReturnType<typeof pino.destination>;

/** How long stopping waits for buffered log lines to reach stdout before it goes on without them. */
export const LOG_FLUSH_WAIT_MS = 2000;

/** Errors of an output whose reader is gone (`sagelite serve | jq` after jq exits, or Ctrl-C killed it). */
const GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

/**
 * Makes the server's log destination safe when stdout is a pipe whose reader has gone: the
 * lines have nowhere to go, so writing stops quietly instead of failing the process. Without
 * this, SonicBoom emits 'error' on EPIPE (uncaught: a crash), and its flushSync retries a write
 * that fails with EPIPE forever — which made `sagelite serve | cat` ignore Ctrl-C and SIGTERM.
 */
export function guardLogOutput(destination: Destination): { readonly gone: boolean } {
  const state = { gone: false };
  // pino flushes synchronously when the process exits, and SonicBoom's flushSync retries a write
  // that fails with EAGAIN (a pipe that is full) forever, sleeping in Atomics.wait: no timer can
  // fire, no signal handler runs, the process never ends (seen with --processes 2 under
  // `sagelite serve | cat` and Ctrl-C). Registered before pino's own exit handler, this bounds
  // that flush to a second and drops what is left.
  const flushSync = destination.flushSync.bind(destination);
  process.once('exit', () => {
    const until = Date.now() + 1000;
    (destination as Destination & { retryEAGAIN: () => boolean }).retryEAGAIN = () => Date.now() < until;
    destination.flushSync = () => {
      try {
        flushSync();
      } catch {
        // The lines that could not be written are dropped: the process is ending.
      }
    };
  });
  destination.on('error', (err: NodeJS.ErrnoException) => {
    if (!GONE.has(err.code ?? '')) throw err;
    state.gone = true;
    // Later lines are dropped: the reader is not coming back.
    destination.write = () => true;
  });
  return state;
}

/**
 * Flushes buffered log lines without ever blocking: asynchronously, giving up after `waitMs`
 * (a reader that stopped reading) or at the first error (a reader that is gone).
 */
export function flushLogOutput(destination: Destination, output: { readonly gone: boolean }, waitMs = LOG_FLUSH_WAIT_MS): Promise<void> {
  if (output.gone) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    timer.unref();
    try {
      destination.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
