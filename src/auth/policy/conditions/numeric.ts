/**
 * Numeric operators. Policy values and context values are decimal numbers (context values may
 * also be JSON numbers); text that is not a number never compares true.
 */
import { constant, type PrepareTest, type ScalarValue } from './shared.js';

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** The number a value denotes, or NaN. */
export function toNumber(value: ScalarValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean' || !NUMBER.test(value)) return NaN;
  return Number(value);
}

/** @example compileNumeric('lt', ['10'])(reader)!(3) // → true */
export function compileNumeric(test: string, values: readonly string[]): PrepareTest {
  const expected = values.map(toNumber);
  return constant((v) => {
    const actual = toNumber(v);
    for (const e of expected) {
      switch (test) {
        case 'equals': if (actual === e) return true; break;
        case 'lt': if (actual < e) return true; break;
        case 'lte': if (actual <= e) return true; break;
        case 'gt': if (actual > e) return true; break;
        case 'gte': if (actual >= e) return true; break;
      }
    }
    return false;
  });
}
