/** One queued operation's result: its value, or the error it alone failed with. */
export type Settled<R> = { value: R } | { error: unknown };

interface Waiting<O, R> {
  op: O;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: operations submitted during one event-loop turn are applied together by `run`
 * (one SQLite transaction, so one fsync) in `setImmediate`, after the turn's other requests have
 * queued theirs. Each promise settles only once `run` has returned, that is, after the commit.
 * If `run` throws (the transaction failed as a whole), every operation of the batch rejects.
 */
export class GroupCommit<O, R> {
  #queue: Array<Waiting<O, R>> = [];
  #scheduled = false;

  constructor(private readonly run: (ops: O[]) => Array<Settled<R>>) {}

  submit(op: O): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** How many operations wait for the next commit. */
  get queued(): number {
    return this.#queue.length;
  }

  #flush(): void {
    const batch = this.#queue;
    this.#queue = [];
    this.#scheduled = false;
    let results: Array<Settled<R>>;
    try {
      results = this.run(batch.map((w) => w.op));
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i]!;
      if ('error' in r) w.reject(r.error);
      else w.resolve(r.value);
    });
  }
}
