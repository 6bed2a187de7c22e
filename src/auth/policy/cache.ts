/**
 * A bounded LRU of compiled policies keyed by text (compile-policy.ts keeps one per kind), so each stored document is parsed
 * and compiled once however often it is evaluated. Errors are cached too (as the error), because
 * a caller retrying a bad document should not pay for parsing it again either.
 */
import type { CompiledPolicy } from './types.js';
import type { PolicyDocumentError } from './errors.js';

export class PolicyCache {
  private readonly entries = new Map<string, CompiledPolicy | PolicyDocumentError>();
  constructor(private readonly capacity: number) {}

  get(key: string): CompiledPolicy | PolicyDocumentError | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used (Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CompiledPolicy | PolicyDocumentError): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
