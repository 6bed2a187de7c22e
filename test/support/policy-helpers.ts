/** Shared fixtures for the policy engine's tests: principals, policy builders, a condition probe. */
import { compilePolicy } from '../../src/auth/policy/compile-policy.js';
import { compileCondition, evaluateCondition } from '../../src/auth/policy/conditions/index.js';
import { parseOperator } from '../../src/auth/policy/conditions/operators.js';
import { ContextReader } from '../../src/auth/policy/context.js';
import type { EvalPrincipal, NamedPolicy, PolicyKind, RequestContextKeys } from '../../src/auth/policy/types.js';

export const A = '111122223333';
export const B = '444455556666';

export const alice: EvalPrincipal = { kind: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, uniqueId: 'AIDAALICE0000000000' };
export const bob: EvalPrincipal = { kind: 'user', accountId: B, arn: `arn:aws:iam::${B}:user/bob`, uniqueId: 'AIDABOB000000000000' };
export const rootA: EvalPrincipal = { kind: 'root', accountId: A, arn: `arn:aws:iam::${A}:root` };
/** A session of the pathed role `role/team/Dev`; the session ARN drops the path. */
export const devSession: EvalPrincipal = {
  kind: 'assumed-role',
  accountId: A,
  arn: `arn:aws:sts::${A}:assumed-role/Dev/s1`,
  roleArn: `arn:aws:iam::${A}:role/team/Dev`,
  uniqueId: 'AROADEV000000000000',
};
export const sagemaker: EvalPrincipal = { kind: 'service', accountId: '', arn: '', serviceName: 'sagemaker.amazonaws.com' };
export const anonymous: EvalPrincipal = { kind: 'anonymous', accountId: '', arn: '' };

export type StatementDoc = Record<string, unknown>;

/** Compiles a policy from statements (Version 2012-10-17 unless `version` says otherwise). */
export function policy(kind: PolicyKind, statements: StatementDoc[], version: string | undefined = '2012-10-17'): ReturnType<typeof compilePolicy> {
  return compilePolicy(JSON.stringify({ ...(version ? { Version: version } : {}), Statement: statements }), kind);
}

export function named(name: string, kind: PolicyKind, statements: StatementDoc[], principalBindings?: Record<string, string>): NamedPolicy {
  return { name, policy: policy(kind, statements), ...(principalBindings ? { principalBindings } : {}) };
}

export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: StatementDoc = {}): StatementDoc => ({ Effect: 'Allow', Action, Resource, ...extra });
export const denyStmt = (Action: string | string[], Resource: string | string[] = '*', extra: StatementDoc = {}): StatementDoc => ({ Effect: 'Deny', Action, Resource, ...extra });

/** Evaluates one condition operator/key/values against a context: true when it holds. */
export function conditionHolds(operator: string, key: string, values: string[], context: RequestContextKeys, now?: Date): boolean {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`unknown operator ${operator}`);
  const compiled = compileCondition({ operator, ...parsed, key, values }, true);
  return (evaluateCondition(compiled, new ContextReader(context, now)) & 1) === 1;
}
