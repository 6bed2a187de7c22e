/** The condition operators AWS defines, by family, and which of them are negated. */

export type ConditionFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface OperatorInfo {
  family: ConditionFamily;
  /** The comparison inside the family: equals, like, lt, lte, gt, gte, in (IP) … */
  test: 'equals' | 'equalsIgnoreCase' | 'like' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'null';
  /** Negated operators (…NotEquals, …NotLike, NotIpAddress): values NOR, missing key → true. */
  negated: boolean;
}

const op = (family: ConditionFamily, test: OperatorInfo['test'], negated = false): OperatorInfo => ({ family, test, negated });

export const OPERATORS: ReadonlyMap<string, OperatorInfo> = new Map([
  ['StringEquals', op('string', 'equals')],
  ['StringNotEquals', op('string', 'equals', true)],
  ['StringEqualsIgnoreCase', op('string', 'equalsIgnoreCase')],
  ['StringNotEqualsIgnoreCase', op('string', 'equalsIgnoreCase', true)],
  ['StringLike', op('string', 'like')],
  ['StringNotLike', op('string', 'like', true)],
  ['NumericEquals', op('numeric', 'equals')],
  ['NumericNotEquals', op('numeric', 'equals', true)],
  ['NumericLessThan', op('numeric', 'lt')],
  ['NumericLessThanEquals', op('numeric', 'lte')],
  ['NumericGreaterThan', op('numeric', 'gt')],
  ['NumericGreaterThanEquals', op('numeric', 'gte')],
  ['DateEquals', op('date', 'equals')],
  ['DateNotEquals', op('date', 'equals', true)],
  ['DateLessThan', op('date', 'lt')],
  ['DateLessThanEquals', op('date', 'lte')],
  ['DateGreaterThan', op('date', 'gt')],
  ['DateGreaterThanEquals', op('date', 'gte')],
  ['Bool', op('bool', 'equals')],
  ['BinaryEquals', op('binary', 'equals')],
  ['IpAddress', op('ip', 'in')],
  ['NotIpAddress', op('ip', 'in', true)],
  // ArnEquals and ArnLike behave identically in AWS: segment-wise, wildcards allowed in both.
  ['ArnEquals', op('arn', 'like')],
  ['ArnLike', op('arn', 'like')],
  ['ArnNotEquals', op('arn', 'like', true)],
  ['ArnNotLike', op('arn', 'like', true)],
  ['Null', op('null', 'null')],
]);

export interface ParsedOperator {
  base: string;
  qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
}

/**
 * Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when the base operator is
 * not one AWS defines. Names are case-sensitive, as in AWS.
 *
 * @example parseOperator('ForAllValues:StringEquals') // → { base: 'StringEquals', qualifier: 'ForAllValues', ifExists: false }
 */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: ParsedOperator['qualifier'];
  if (rest.startsWith('ForAllValues:')) qualifier = 'ForAllValues';
  else if (rest.startsWith('ForAnyValue:')) qualifier = 'ForAnyValue';
  if (qualifier) rest = rest.slice(qualifier.length + 1);
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  return OPERATORS.has(rest) ? { base: rest, qualifier, ifExists } : undefined;
}
