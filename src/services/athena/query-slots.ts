/**
 * Fair sharing of the machine's Athena query slots between accounts.
 *
 * Two limits hold at once: `global` queries run on the machine, and at most `perAccount` of them
 * belong to one account (AWS: the "Active DML queries" quota is per account and Region; here the
 * key is the account alone, since every Region shares the same two cores). Each account has its
 * own FIFO queue; a freed slot goes to the waiting account served longest ago (round robin), so
 * one account's backlog never stands in front of another account's query: with `perAccount <
 * global` another account's query starts at once, and otherwise it waits for one freed slot.
 */
export interface SlotLimits {
  /** Queries running at once on this machine. */
  global: number;
  /** Queries of one account running at once. */
  perAccount: number;
}

interface Waiter {
  readonly account: string;
  readonly grant: () => void;
}

/**
 * @example
 * const slots = new QuerySlots({ global: 4, perAccount: 2 });
 * if (await slots.acquire('111111111111', signal)) try { run(); } finally { slots.release('111111111111'); }
 */
export class QuerySlots {
  #active = 0;
  readonly #activeBy = new Map<string, number>();
  /** Each account's queue, in arrival order; an account is absent when nothing of it waits. */
  readonly #queues = new Map<string, Waiter[]>();
  /** When each account was last given a slot (a counter, not a clock): the least recent goes first. */
  readonly #lastServed = new Map<string, number>();
  #grants = 0;

  constructor(readonly limits: SlotLimits) {
    if (!(limits.global >= 1 && limits.perAccount >= 1)) throw new RangeError('slot limits are at least 1');
  }

  /** Queries running now (all accounts, or one). */
  active(account?: string): number {
    return account === undefined ? this.#active : (this.#activeBy.get(account) ?? 0);
  }

  /** Queries waiting now (all accounts, or one). */
  waiting(account?: string): number {
    if (account !== undefined) return this.#queues.get(account)?.length ?? 0;
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  /**
   * Takes a slot now when the account may run one without passing anyone waiting; false
   * otherwise (the caller then queues with {@link acquire}).
   */
  tryAcquire(account: string): boolean {
    if (this.#queues.has(account) || !this.#fits(account)) return false;
    this.#take(account);
    return true;
  }

  /**
   * Waits for a slot; false when `signal` aborted first. An aborted waiter leaves its account's
   * queue at once and never takes a slot.
   */
  acquire(account: string, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.tryAcquire(account)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        account,
        grant: () => {
          signal.removeEventListener('abort', aborted);
          resolve(true);
        },
      };
      const aborted = () => {
        this.#leave(waiter);
        resolve(false);
      };
      signal.addEventListener('abort', aborted, { once: true });
      const queue = this.#queues.get(account);
      if (queue) queue.push(waiter);
      else this.#queues.set(account, [waiter]);
    });
  }

  /** Gives back a slot taken by {@link tryAcquire} or a granted {@link acquire}; hands out what is now free. */
  release(account: string): void {
    this.#active--;
    const left = (this.#activeBy.get(account) ?? 1) - 1;
    if (left > 0) this.#activeBy.set(account, left);
    else this.#activeBy.delete(account);
    // An account with nothing running or waiting is forgotten (the map stays as small as the
    // accounts in use); when it comes back it counts as never served, which is its fair turn.
    if (left <= 0 && !this.#queues.has(account)) this.#lastServed.delete(account);
    this.#dispatch();
  }

  #fits(account: string): boolean {
    return this.#active < this.limits.global && (this.#activeBy.get(account) ?? 0) < this.limits.perAccount;
  }

  #take(account: string): void {
    this.#active++;
    this.#activeBy.set(account, (this.#activeBy.get(account) ?? 0) + 1);
    this.#lastServed.set(account, ++this.#grants);
  }

  /** While a slot is free, the waiting account served longest ago (and under its own limit) gets its oldest query started. */
  #dispatch(): void {
    while (this.#active < this.limits.global) {
      let next: string | undefined;
      // Map order is the order queues appeared: among never-served accounts, the one waiting longest wins.
      for (const account of this.#queues.keys()) {
        if (!this.#fits(account)) continue;
        if (next === undefined || (this.#lastServed.get(account) ?? 0) < (this.#lastServed.get(next) ?? 0)) next = account;
      }
      if (next === undefined) return;
      const queue = this.#queues.get(next)!;
      const waiter = queue.shift()!;
      if (queue.length === 0) this.#queues.delete(next);
      this.#take(next);
      waiter.grant();
    }
  }

  #leave(waiter: Waiter): void {
    const queue = this.#queues.get(waiter.account);
    const i = queue?.indexOf(waiter) ?? -1;
    if (!queue || i < 0) return;
    queue.splice(i, 1);
    if (queue.length === 0) this.#queues.delete(waiter.account);
  }
}
