/**
 * Does one compiled statement apply to the request? Checks run cheapest first (action, resource,
 * principal, conditions) and stop at the first miss. The result is a small code; the words
 * explaining it are built only when an explanation is asked for.
 */
import type { CompiledStatement } from './compile.js';
import { ResourceOutcome } from './compile.js';
import { ConditionOutcome, describeOutcome, evaluateCondition } from './conditions/index.js';
import type { ContextReader } from './context.js';
import { matchPrincipal, notPrincipalExcludes, type PrincipalMatch } from './principal-match.js';
import type { EvalPrincipal } from './types.js';

export const enum StatementCode {
  Applies = 0,
  ActionMiss = 1,
  ResourceMiss = 2,
  ResourceUnresolved = 3,
  PrincipalMiss = 4,
  ConditionMiss = 5,
}

/** Per-request state, shared by every statement evaluated for one request. */
export class RequestState {
  readonly lowerAction: string;
  /** Set by evaluateStatement when a statement applies: how its Principal named the caller. */
  principalMatch: PrincipalMatch = 'none';
  /** Set by evaluatePolicy: the strongest principalMatch among the policy's applying Allows. */
  bestMatch: PrincipalMatch = 'none';
  /** Set on ConditionMiss: which condition failed and how. */
  failedCondition = 0;
  conditionOutcome: ConditionOutcome = ConditionOutcome.NoMatch;

  constructor(
    readonly action: string,
    readonly resource: string,
    readonly principal: EvalPrincipal,
    readonly reader: ContextReader,
    /** The caller has a permissions boundary (changes NotPrincipal+Deny, see below). */
    readonly hasBoundary: boolean,
  ) {
    this.lowerAction = action.toLowerCase();
  }
}

/**
 * Evaluates a statement. `bindings` are the NamedPolicy's principal bindings.
 *
 * @example evaluateStatement(st, state, undefined) === StatementCode.Applies
 */
export function evaluateStatement(st: CompiledStatement, s: RequestState, bindings: Readonly<Record<string, string>> | undefined): StatementCode {
  if (st.action.matches(s.lowerAction) === st.actionNegated) return StatementCode.ActionMiss;
  return evaluateBeyondAction(st, s, bindings);
}

/** evaluateStatement for a statement already known to admit the action (see PolicyInternals.forAction). */
export function evaluateBeyondAction(st: CompiledStatement, s: RequestState, bindings: Readonly<Record<string, string>> | undefined): StatementCode {
  if (st.resource) {
    const r = st.resource.matches(s.resource, s.reader);
    if ((r === ResourceOutcome.Match) === st.resourceNegated) return r === ResourceOutcome.Unresolved ? StatementCode.ResourceUnresolved : StatementCode.ResourceMiss;
  }
  if (st.principal) {
    if (st.principalNegated) {
      // AWS: "The NotPrincipal element with a Deny effect will always deny any IAM principal
      // that has a permissions boundary policy attached, regardless of the values specified".
      const excluded = notPrincipalExcludes(st.principal, s.principal, bindings) && !(st.effect === 'Deny' && s.hasBoundary);
      if (excluded) return StatementCode.PrincipalMiss;
      s.principalMatch = 'everyone';
    } else {
      const m = matchPrincipal(st.principal, s.principal, bindings);
      if (m === 'none') return StatementCode.PrincipalMiss;
      s.principalMatch = m;
    }
  } else s.principalMatch = 'none';
  const conditions = st.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const outcome = evaluateCondition(conditions[i]!, s.reader);
    if ((outcome & 1) === 0) {
      s.failedCondition = i;
      s.conditionOutcome = outcome;
      return StatementCode.ConditionMiss;
    }
  }
  return StatementCode.Applies;
}

const list = (xs: readonly string[]) => JSON.stringify(xs);

/** Words for a statement's code (call right after evaluateStatement, which leaves state behind). */
export function describeStatement(st: CompiledStatement, code: StatementCode, s: RequestState): string {
  switch (code) {
    case StatementCode.Applies: {
      const how = st.principal ? (st.principalNegated ? ', caller not excluded by NotPrincipal' : `, Principal names the caller as ${s.principalMatch}`) : '';
      return `action, resource${st.principal ? ', principal' : ''} and conditions match${how}`;
    }
    case StatementCode.ActionMiss:
      return st.actionNegated ? `action ${s.action} is listed in NotAction ${list(st.action.listed)}` : `action ${s.action} does not match Action ${list(st.action.listed)}`;
    case StatementCode.ResourceMiss:
      return st.resourceNegated
        ? `resource ${s.resource} is listed in NotResource ${list(st.resource!.listed)}`
        : `resource ${s.resource} does not match Resource ${list(st.resource!.listed)}`;
    case StatementCode.ResourceUnresolved:
      return `resource ${s.resource} does not match Resource ${list(st.resource!.listed)} (a policy variable there has no value, so that entry matches nothing)`;
    case StatementCode.PrincipalMiss:
      return st.principalNegated ? `caller ${s.principal.arn} is excluded by NotPrincipal ${list(st.principal!.listed)}` : `caller ${s.principal.arn} is not named by Principal ${list(st.principal!.listed)}`;
    case StatementCode.ConditionMiss:
      return describeOutcome(st.conditions[s.failedCondition]!, s.conditionOutcome);
  }
}
