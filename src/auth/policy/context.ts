/**
 * Reading the request context during an evaluation. Keys are case-insensitive; the exact key as
 * written in the policy is tried first (the usual case, no allocation), then a lowercased index
 * built once per context object and kept in a WeakMap, so repeated evaluations of one request
 * share it.
 */
import type { ContextValue, RequestContextKeys } from './types.js';

const lowercased = new WeakMap<RequestContextKeys, Map<string, ContextValue>>();

function lowerIndex(keys: RequestContextKeys): Map<string, ContextValue> {
  let index = lowercased.get(keys);
  if (!index) {
    index = new Map();
    for (const k of Object.keys(keys)) index.set(k.toLowerCase(), keys[k]!);
    lowercased.set(keys, index);
  }
  return index;
}

/** The request's context keys plus the evaluation clock (for aws:CurrentTime / aws:EpochTime). */
export class ContextReader {
  constructor(
    readonly keys: RequestContextKeys,
    /** The evaluation instant; read from the wall clock on first need when not given, then fixed. */
    public now: Date | undefined,
  ) {}

  /** The value of a key (policy spelling and its lowercase form), or undefined when absent. */
  get(key: string, lowerKey: string): ContextValue | undefined {
    if (Object.hasOwn(this.keys, key)) return this.keys[key];
    const found = lowerIndex(this.keys).get(lowerKey);
    if (found !== undefined) return found;
    if (lowerKey === 'aws:currenttime') return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (lowerKey === 'aws:epochtime') return Math.floor(this.clock().getTime() / 1000);
    return undefined;
  }

  private clock(): Date {
    return (this.now ??= new Date());
  }

  /** A single value as text (for policy variables); multi-valued or absent keys give undefined. */
  text(key: string, lowerKey: string): string | undefined {
    const v = this.get(key, lowerKey);
    if (v === undefined || Array.isArray(v)) return undefined;
    return String(v);
  }

  #resolve: ((key: string, lowerKey: string) => string | undefined) | undefined;

  /** `text`, bound for passing to variables.ts; made on first use (most requests never need it). */
  get resolve(): (key: string, lowerKey: string) => string | undefined {
    return (this.#resolve ??= (key, lowerKey) => this.text(key, lowerKey));
  }
}
