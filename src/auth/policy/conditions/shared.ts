/** Types shared by the condition families. */
import type { ContextReader } from '../context.js';

export type ScalarValue = string | number | boolean;

/** Whether one context value satisfies the operator's positive test against any policy value. */
export type ValueTest = (value: ScalarValue) => boolean;

/**
 * Readies a family's test for one request: static values return the same precompiled test every
 * time; values with policy variables are substituted first (a variable without a value makes its
 * value null, matching nothing).
 */
export type PrepareTest = (reader: ContextReader) => ValueTest;

export const constant = (test: ValueTest): PrepareTest => () => test;
