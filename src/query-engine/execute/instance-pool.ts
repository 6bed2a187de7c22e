/**
 * One DuckDB instance per account. Everything an instance holds — its catalog of forwarding
 * views, the dialect's macros, its temp files, its allowed directory — is its account's alone, so
 * nothing one account's SQL could redefine or read (were the translator's checks ever bypassed)
 * belongs to another account. Instances open on an account's first statement and the least
 * recently used idle one closes when more than `maxInstances` are open.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EngineInstance, type InstanceOptions } from './instance.js';

export interface PoolOptions extends InstanceOptions {
  /** Instances kept open at once; busy instances are never closed, so more may be open briefly. */
  maxInstances?: number;
}

interface Entry {
  instance: EngineInstance;
  busy: number;
  lastUsed: number;
}

/** A directory name for an account id (12 digits in practice). */
function tenantDir(tenant: string): string {
  return `account-${tenant.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'none'}`;
}

/**
 * @example
 * const pool = new EnginePool({ tmpDir: '/data/athena-tmp' });
 * const lease = pool.acquire('111122223333');
 * try { const conn = await lease.instance.connect(); } finally { lease.release(); }
 */
export class EnginePool {
  readonly #entries = new Map<string, Entry>();
  readonly #closing = new Set<Promise<void>>();
  #wiped = false;
  #clock = 0;

  constructor(readonly options: PoolOptions) {}

  /** The account's instance, held until `release` (an idle instance may be closed to make room). */
  acquire(tenant: string): { instance: EngineInstance; release: () => void } {
    if (!this.#wiped) {
      // Scratch space of accounts from a previous run is never needed again.
      rmSync(this.options.tmpDir, { recursive: true, force: true });
      this.#wiped = true;
    }
    let entry = this.#entries.get(tenant);
    if (!entry) {
      this.#evictIdle(this.options.maxInstances ?? 8);
      const { maxInstances: _unused, ...instanceOptions } = this.options;
      entry = { instance: new EngineInstance({ ...instanceOptions, tmpDir: join(this.options.tmpDir, tenantDir(tenant)) }), busy: 0, lastUsed: 0 };
      this.#entries.set(tenant, entry);
    }
    const held = entry;
    held.busy++;
    held.lastUsed = ++this.#clock;
    let released = false;
    return {
      instance: held.instance,
      release: () => {
        if (released) return;
        released = true;
        held.busy--;
        held.lastUsed = ++this.#clock;
      },
    };
  }

  /** Closes least recently used idle instances until fewer than `limit` are open. */
  #evictIdle(limit: number): void {
    while (this.#entries.size >= limit) {
      let oldest: [string, Entry] | undefined;
      for (const item of this.#entries) if (item[1].busy === 0 && (!oldest || item[1].lastUsed < oldest[1].lastUsed)) oldest = item;
      if (!oldest) return;
      this.#entries.delete(oldest[0]);
      const closing: Promise<void> = oldest[1].instance
        .close()
        .catch(() => undefined)
        .finally(() => this.#closing.delete(closing));
      this.#closing.add(closing);
    }
  }

  /** How many instances are open (for tests and the operator's view). */
  get size(): number {
    return this.#entries.size;
  }

  /** Resolves once every instance's finished statements' scratch files are gone. */
  async removalsDone(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.instance.removalsDone()));
    await Promise.all([...this.#closing]);
  }

  /** Closes every instance; a later statement opens its account's again. */
  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((e) => e.instance.close()));
    await Promise.all([...this.#closing]);
  }
}
