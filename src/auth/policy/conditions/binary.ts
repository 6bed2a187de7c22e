/** BinaryEquals: the base64 text of the context value equals a policy value, byte for byte. */
import { constant, type PrepareTest, type ScalarValue } from './shared.js';

/** @example compileBinary(['QmluYXJ5']) */
export function compileBinary(values: readonly string[]): PrepareTest {
  return constant((v: ScalarValue) => typeof v === 'string' && values.includes(v));
}
