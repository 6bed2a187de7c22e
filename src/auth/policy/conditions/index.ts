/**
 * One condition (operator × key × values) compiled, and AWS's rules for combining:
 * - values under one key are ORed; under a negated operator (…Not…, NotIpAddress) the positive
 *   test is ORed and then negated, i.e. NOR;
 * - a missing key is false, except: negated operators → true, …IfExists → true,
 *   ForAllValues → true (vacuous), ForAnyValue → false; Null reads presence itself;
 * - ForAllValues: every context value passes; ForAnyValue: at least one does;
 * - keys within an operator and operators within a Condition are ANDed (the caller ANDs the
 *   compiled list); key names are case-insensitive.
 */
import type { ConditionAst } from '../ast.js';
import type { ContextReader } from '../context.js';
import { OPERATORS, type OperatorInfo } from './operators.js';
import type { PrepareTest, ScalarValue, ValueTest } from './shared.js';
import { compileString, type StringTest } from './string.js';
import { compileNumeric } from './numeric.js';
import { compileDate } from './date.js';
import { compileBool } from './bool.js';
import { compileBinary } from './binary.js';
import { compileIp } from './ip.js';
import { compileArn } from './arn.js';
import { nullConditionHolds } from './null.js';

export interface CompiledCondition {
  readonly operator: string;
  readonly key: string;
  readonly lowerKey: string;
  readonly values: readonly string[];
  readonly info: OperatorInfo;
  readonly qualifier: ConditionAst['qualifier'];
  readonly ifExists: boolean;
  /** Undefined for Null, which tests presence only. */
  readonly prepare: PrepareTest | undefined;
}

/** How a condition came out; odd values mean it holds. */
export const enum ConditionOutcome {
  NoMatch = 0,
  Match = 1,
  MissingFalse = 2,
  MissingTrue = 3,
}

function prepareFor(ast: ConditionAst, info: OperatorInfo, variables: boolean): PrepareTest | undefined {
  switch (info.family) {
    case 'string': return compileString(info.test as StringTest, ast.values, variables);
    case 'arn': return compileArn(ast.values, variables);
    case 'numeric': return compileNumeric(info.test, ast.values);
    case 'date': return compileDate(info.test, ast.values);
    case 'bool': return compileBool(ast.values);
    case 'binary': return compileBinary(ast.values);
    case 'ip': return compileIp(ast.values);
    case 'null': return undefined;
  }
}

/**
 * Compiles one validated condition. `variables` is true for Version 2012-10-17 documents.
 *
 * @example compileCondition({ operator: 'StringEquals', base: 'StringEquals', qualifier: undefined, ifExists: false, key: 'aws:username', values: ['alice'] }, true)
 */
export function compileCondition(ast: ConditionAst, variables: boolean): CompiledCondition {
  const info = OPERATORS.get(ast.base)!;
  return {
    operator: ast.operator,
    key: ast.key,
    lowerKey: ast.key.toLowerCase(),
    values: ast.values,
    info,
    qualifier: ast.qualifier,
    ifExists: ast.ifExists,
    prepare: prepareFor(ast, info, variables),
  };
}

function passes(test: ValueTest, value: ScalarValue, negated: boolean): boolean {
  return test(value) !== negated;
}

/** Evaluates a condition against the request context. */
export function evaluateCondition(c: CompiledCondition, reader: ContextReader): ConditionOutcome {
  const raw = reader.get(c.key, c.lowerKey);
  const missing = raw === undefined || (Array.isArray(raw) && raw.length === 0);
  if (!c.prepare) return nullConditionHolds(c.values, !missing) ? ConditionOutcome.Match : ConditionOutcome.NoMatch;
  const negated = c.info.negated;
  if (missing) {
    if (c.qualifier === 'ForAllValues') return ConditionOutcome.MissingTrue;
    if (c.qualifier === 'ForAnyValue') return ConditionOutcome.MissingFalse;
    return c.ifExists || negated ? ConditionOutcome.MissingTrue : ConditionOutcome.MissingFalse;
  }
  const test = c.prepare(reader);
  let holds: boolean;
  if (!Array.isArray(raw)) holds = passes(test, raw as ScalarValue, negated);
  else if (c.qualifier === 'ForAllValues') holds = raw.every((v) => passes(test, v, negated));
  else if (c.qualifier === 'ForAnyValue') holds = raw.some((v) => passes(test, v, negated));
  // A multi-valued key under a plain operator: a positive operator needs one value to match; a
  // negated one needs none to (the NOR extends over the context values).
  else holds = negated ? !raw.some((v) => test(v)) : raw.some((v) => test(v));
  return holds ? ConditionOutcome.Match : ConditionOutcome.NoMatch;
}

/** Why a condition came out as it did, for explanations. */
export function describeOutcome(c: CompiledCondition, outcome: ConditionOutcome): string {
  const head = `condition ${c.operator} ${c.key}`;
  switch (outcome) {
    case ConditionOutcome.Match: return `${head}: matched`;
    case ConditionOutcome.NoMatch: return `${head}: value does not match ${JSON.stringify(c.values)}`;
    case ConditionOutcome.MissingFalse: return `${head}: key missing`;
    case ConditionOutcome.MissingTrue: return `${head}: key missing (treated as true)`;
  }
}
