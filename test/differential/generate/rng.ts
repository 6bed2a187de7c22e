/** Random helpers: a per-case seeded stream and the draws the generator makes from it. */
import { seededRandom } from '../../fuzz/random.js';

/**
 * Each case gets its own stream, seeded by a hash of (seed, case id), so any one case is
 * replayable on its own. This began as a guard against the float LCG seededRandom used to be,
 * which repeated within about 10^4 draws (a few hundred per case); seededRandom is now
 * mulberry32, and the per-case streams stay so that seeds keep their cases.
 */
export function caseSeed(seed: number, id: number): number {
  let h = (seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) & 0x7fffffff) || 1;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
    for (let i = 0; i < 3; i++) this.next();
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  some<T>(xs: readonly T[], max: number): T[] {
    const n = 1 + this.int(max);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  }
  /** One value, or a list of them (IAM accepts both forms). */
  oneOrMany<T>(xs: T[]): T | T[] {
    return xs.length === 1 && this.chance(0.6) ? xs[0]! : xs;
  }
}

export function flipCase(s: string, r: Rng): string {
  if (!/[a-z]/i.test(s)) return s;
  for (;;) {
    let out = '';
    for (const c of s) out += r.chance(0.5) ? c.toUpperCase() : c.toLowerCase();
    if (out !== s) return out;
  }
}

export function replaceOneChar(s: string, r: Rng, from = 0): string {
  if (s.length <= from) return s;
  const i = from + r.int(s.length - from);
  return s.slice(0, i) + '?' + s.slice(i + 1);
}
