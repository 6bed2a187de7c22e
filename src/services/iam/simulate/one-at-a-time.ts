/**
 * Simulations run one at a time on the server. Each is time-sliced (time-slicer.ts), but slices
 * of several simulations follow each other in one turn of the event loop: four at once made
 * another account's calls wait four slices a turn (p99 250 ms in bench/tenant-isolation.ts).
 * Run one after another, they cost the others one slice a turn. A bounded number wait; past it
 * the caller is throttled, as IAM throttles callers that exceed its request rate.
 */
import { AwsError } from '../../../core/errors.js';

/** Simulations waiting for their turn, beyond the one running, before callers are throttled. */
export const MAX_WAITING_SIMULATIONS = 8;

export class OneAtATime {
  #tail: Promise<unknown> = Promise.resolve();
  /** Calls not finished: the one running and those waiting. */
  #inFlight = 0;

  constructor(private readonly maxWaiting: number) {}

  /** Runs `work` once every earlier one has finished; throws IAM's Throttling when too many wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight > this.maxWaiting) throw new AwsError('Throttling', 400, 'Rate exceeded');
    this.#inFlight++;
    const previous = this.#tail;
    let done!: () => void;
    this.#tail = new Promise<void>((r) => (done = r));
    try {
      await previous;
      return await work();
    } finally {
      this.#inFlight--;
      done();
    }
  }
}

/** The server's simulations (one process serves all accounts). */
export const simulations = new OneAtATime(MAX_WAITING_SIMULATIONS);
