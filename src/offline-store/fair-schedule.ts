import type { OutboxGroupRef } from '../storage/feature-store.js';
import { creationEpoch } from './layout.js';

/**
 * Which groups one pass of the offline writer serves, and in what order. The rule (see
 * docs/security/featurestore.md): accounts take turns, least recently served first; each turn
 * serves one group of that account, least recently served first; groups waiting out a backoff
 * are skipped. So a pass reaches every account's next group before it serves any account's
 * second group, and one account's many (or blocked, or huge) groups delay nobody else by more
 * than one bounded batch per account ahead of it.
 */

/** How the writer names a group in its maps: account, region, name and creation epoch. */
export function outboxGroupKey(g: OutboxGroupRef): string {
  return `${g.accountId}/${g.region}/${g.featureGroupName}@${creationEpoch(g.featureGroupCreatedAt)}`;
}

/** Remembers when each account and group was last served (a pass counter, not a clock). */
export class FairSchedule {
  #pass = 0;
  #accountServed = new Map<string, number>();
  #groupServed = new Map<string, number>();

  /**
   * The groups to serve this pass, in order. `waiting(key)` says a group is in backoff. Entries
   * for accounts and groups with nothing pending are forgotten, so the maps stay as small as the
   * outbox's list of groups.
   */
  order(groups: readonly OutboxGroupRef[], waiting: (key: string) => boolean): OutboxGroupRef[] {
    const byAccount = new Map<string, Array<{ key: string; ref: OutboxGroupRef }>>();
    const present = new Set<string>();
    for (const ref of groups) {
      const key = outboxGroupKey(ref);
      present.add(key);
      if (waiting(key)) continue;
      const list = byAccount.get(ref.accountId);
      if (list) list.push({ key, ref });
      else byAccount.set(ref.accountId, [{ key, ref }]);
    }
    for (const key of this.#groupServed.keys()) if (!present.has(key)) this.#groupServed.delete(key);
    const accountsPresent = new Set(groups.map((g) => g.accountId));
    for (const acct of this.#accountServed.keys()) if (!accountsPresent.has(acct)) this.#accountServed.delete(acct);

    const served = (m: Map<string, number>, k: string) => m.get(k) ?? -1;
    const byLeastRecent = (m: Map<string, number>) => (a: string, b: string) => served(m, a) - served(m, b) || (a < b ? -1 : a > b ? 1 : 0);
    const accounts = [...byAccount.keys()].sort(byLeastRecent(this.#accountServed));
    const queues = accounts.map((acct) => {
      const list = byAccount.get(acct)!;
      const order = byLeastRecent(this.#groupServed);
      return list.sort((a, b) => order(a.key, b.key));
    });
    const out: OutboxGroupRef[] = [];
    const rounds = Math.max(0, ...queues.map((q) => q.length));
    for (let round = 0; round < rounds; round++) {
      for (const q of queues) if (q[round]) out.push(q[round]!.ref);
    }
    return out;
  }

  /** Records that `group` was served in the current pass (call as each is served). */
  served(group: OutboxGroupRef): void {
    this.#accountServed.set(group.accountId, this.#pass);
    this.#groupServed.set(outboxGroupKey(group), this.#pass);
  }

  /** Ends a pass: later passes prefer whoever this one did not reach. */
  endPass(): void {
    this.#pass++;
  }
}
