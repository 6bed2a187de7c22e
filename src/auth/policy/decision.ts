/**
 * The Decision the engine returns. `result` and `deniedBy` come from the fast evaluation;
 * `policies` and `notes` (the explanation) are computed on first access by evaluating again with
 * a trace, at the same instant and from the same input, so the hot path allocates no trace at
 * all. Inputs are treated as immutable: do not change an EvaluationInput after evaluating it.
 */
import { ContextReader } from './context.js';
import { runEvaluation, type Explain, type Verdict } from './evaluate.js';
import type { Decision, DecisionResult, EvaluationInput, PolicyTrace, PolicyType } from './types.js';

export class EngineDecision implements Decision {
  readonly result: DecisionResult;
  readonly deniedBy?: { type: PolicyType; explicit: boolean };
  #explain: Explain | undefined;
  readonly #input: EvaluationInput;
  readonly #at: Date | undefined;

  constructor(verdict: Verdict, input: EvaluationInput, at: Date | undefined) {
    this.#input = input;
    this.#at = at;
    this.result = verdict.result;
    if (verdict.deniedBy) this.deniedBy = verdict.deniedBy; // a frozen, shared constant
  }

  get policies(): PolicyTrace[] {
    return this.explain().policies;
  }

  get notes(): string[] {
    return this.explain().notes;
  }

  toJSON(): Decision {
    return { result: this.result, ...(this.deniedBy ? { deniedBy: this.deniedBy } : {}), policies: this.policies, notes: this.notes };
  }

  private explain(): Explain {
    if (!this.#explain) {
      const explain: Explain = { policies: [], notes: [] };
      runEvaluation(this.#input, new ContextReader(this.#input.request.context, this.#at), explain);
      this.#explain = explain;
    }
    return this.#explain;
  }
}

/**
 * Evaluates one request with AWS's logic (see evaluate.ts for the rules).
 *
 * @example
 * const d = evaluate({
 *   request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::bkt/k', context: {} },
 *   identityPolicies: [{ name: 'inline:user/alice/read', policy: compilePolicy(text, 'identity') }],
 * });
 * d.result // → 'Allow'
 */
export function evaluate(input: EvaluationInput): Decision {
  const reader = new ContextReader(input.request.context, input.now);
  const verdict = runEvaluation(input, reader, undefined);
  return new EngineDecision(verdict, input, reader.now);
}
