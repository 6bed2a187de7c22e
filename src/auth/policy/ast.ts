/** The validated shape of a policy document, between validate.ts and compile.ts. */
import type { PolicyKind } from './types.js';

export interface PrincipalAst {
  /** `"*"` or `{"AWS":"*"}`: everyone, including anonymous callers. */
  everyone: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export type ConditionQualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

export interface ConditionAst {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The operator without qualifier and IfExists, e.g. `StringLike`. */
  base: string;
  qualifier: ConditionQualifier;
  ifExists: boolean;
  key: string;
  /** Values as strings (JSON numbers and booleans are read as their text, as AWS does). */
  values: string[];
}

export interface StatementAst {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalAst;
  notPrincipal?: PrincipalAst;
  conditions: ConditionAst[];
}

export interface PolicyAst {
  kind: PolicyKind;
  version: '2012-10-17' | '2008-10-17';
  id?: string;
  statements: StatementAst[];
}
