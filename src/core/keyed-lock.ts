/**
 * Serializes work by key: an operation that counts something and then writes (a quota: versions
 * of a policy, policies attached to a role, feature groups of an account) runs its count and its
 * write under the lock of what it counts, so two concurrent requests cannot both take the last
 * place. The stores are asynchronous, so without it another request may run between the two.
 */
export interface KeyedLocks {
  withLock<R>(key: string, fn: () => Promise<R>): Promise<R>;
}

/**
 * {@link KeyedLocks} within one process: each key's holders run one after another, in arrival
 * order. Enough where one process owns the state (the embedded shape); the shared shape adds a
 * lock every process sees (src/storage/postgres/advisory-locks.ts).
 *
 * @example
 * await locks.withLock(`versions:${arn}`, async () => { count(); write(); });
 */
export class LocalLocks implements KeyedLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    // The next holder waits for this one whatever it ends with; the entry goes when nobody follows.
    const tail = run.then(() => undefined, () => undefined);
    this.#tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
