/** Bool: `true`/`false`, compared case-insensitively; context values may be booleans or text. */
import { constant, type PrepareTest, type ScalarValue } from './shared.js';

/** @example compileBool(['true'])(reader)!(true) // → true */
export function compileBool(values: readonly string[]): PrepareTest {
  const expected = values.map((v) => v.toLowerCase());
  return constant((v: ScalarValue) => expected.includes(String(v).toLowerCase()));
}
