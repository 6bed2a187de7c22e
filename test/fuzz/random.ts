/**
 * A seeded generator in [0, 1) (mulberry32): fuzz runs are replayable from their seed. 32-bit
 * integer arithmetic throughout (Math.imul), so its period is 2^32 — a plain LCG in float
 * arithmetic loses precision and starts repeating within about 10,000 draws.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
