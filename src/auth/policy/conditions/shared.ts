/** Types shared by the condition families. */
import type { ContextReader } from '../context.js';

export type ScalarValue = string | number | boolean;

/** Whether one context value satisfies the operator's positive test against any policy value. */
export type ValueTest = (value: ScalarValue) => boolean;

/**
 * Readies a family's test for one request: static values return the same precompiled test every
 * time; values with policy variables are substituted first. Undefined when a variable cannot be
 * resolved (the condition then fails, so the statement does not apply).
 */
export type PrepareTest = (reader: ContextReader) => ValueTest | undefined;

export const constant = (test: ValueTest): PrepareTest => () => test;
