/**
 * Null: `"true"` asks that the key be absent (or empty), `"false"` that it be present. It is the
 * only operator that looks at presence itself, so conditions/index.ts calls it before the
 * missing-key rules.
 */

/** @example nullConditionHolds(['true'], false) // → true: key absent, as required */
export function nullConditionHolds(values: readonly string[], present: boolean): boolean {
  for (const v of values) {
    const wantsAbsent = v.toLowerCase() === 'true';
    if (wantsAbsent !== present) return true;
  }
  return false;
}
