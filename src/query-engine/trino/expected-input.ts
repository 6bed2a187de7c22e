/**
 * What Trino says it expected at a syntax error: "mismatched input 'FROM'. Expecting: '*',
 * <expression>, <identifier>". ANTLR's own message lists raw token names from one decision; Trino
 * instead walks the grammar's ATN from the failing state over the input, as far as any path gets,
 * and lists what could come next at the furthest token reached — naming whole rules where it
 * enters one of its "special" rules (any expression is `<expression>`, not fifty tokens). This is
 * that walk, written for antlr4ng's ATN, so the lists read as Athena's do.
 */
import * as antlr from 'antlr4ng';

export interface ExpectedInputRules {
  /** Rule index → the name shown instead of the tokens the rule could start with. */
  special: Map<number, string>;
  /** Token type → the name shown instead of the token's display name. */
  specialTokens: Map<number, string>;
  /** Rules not entered at all (e.g. non-reserved words, which `<identifier>` already covers). */
  ignored: Set<number>;
  /**
   * The rule of one whole statement: where it can end, the input must end (Trino's grammar reads
   * `statement EOF`), so `<EOF>` is expected there, and the walk goes no further out.
   */
  statement: number;
}

export interface ExpectedInput {
  /** The text of the furthest token any path reached, `<EOF>` at the end. */
  tokenText: string;
  /** What could come there, sorted as Trino sorts them (by UTF-16 code unit). */
  names: string[];
  /** Where that token is: 1-based line and column (Trino's position of the error). */
  line: number;
  column: number;
}

/** Bounds the walk: an error in a hostile statement must not cost more than a fraction of a second. */
const MAX_STEPS = 200_000;

class GaveUp extends Error {}

class Walk {
  readonly #atn: antlr.ATN;
  readonly #stream: antlr.TokenStream;
  #furthest = -1;
  readonly #candidates = new Set<string>();
  /** End token indexes of a rule entered at a state and token, once known. */
  readonly #memo = new Map<string, Set<number>>();
  readonly #entered = new Set<string>();
  #steps = 0;

  constructor(
    private readonly parser: antlr.Parser,
    private readonly rules: ExpectedInputRules,
  ) {
    this.#atn = parser.atn;
    this.#stream = parser.tokenStream;
  }

  run(state: antlr.ATNState, tokenIndex: number, context: antlr.ParserRuleContext | null): ExpectedInput | undefined {
    // A state reached from its rule's start without reading anything is as good as the start,
    // where a special rule is recognised by name.
    const start = this.#atn.ruleToStartState[state.ruleIndex];
    if (start && epsilonReachable(start, state)) state = start;
    let ends = this.#walk(state, tokenIndex, 0, false);
    // Then out of each enclosing rule, at every place the inner one could have ended.
    for (let ctx = context; ends.size > 0 && ctx && ctx.ruleIndex !== this.rules.statement && ctx.invokingState !== -1; ctx = ctx.parent) {
      const invoking = this.#atn.states[ctx.invokingState]?.transitions[0];
      if (!(invoking instanceof antlr.RuleTransition)) break;
      const next = new Set<number>();
      for (const end of ends) for (const e of this.#walk(invoking.followState, end, 0, false)) next.add(e);
      ends = next;
    }
    if (this.#furthest < 0) return undefined;
    const token = this.#stream.get(this.#furthest);
    return { tokenText: token.text ?? '?', names: [...this.#candidates].sort(), line: token.line, column: token.column + 1 };
  }

  #record(tokenIndex: number, names: Iterable<string>): void {
    if (tokenIndex < this.#furthest) return;
    if (tokenIndex > this.#furthest) {
      this.#candidates.clear();
      this.#furthest = tokenIndex;
    }
    for (const n of names) this.#candidates.add(n);
  }

  #names(labels: antlr.IntervalSet): string[] {
    const vocabulary = this.parser.vocabulary;
    return labels.toArray().map((t) => (t === antlr.Token.EOF ? '<EOF>' : this.rules.specialTokens.get(t) ?? vocabulary.getDisplayName(t) ?? String(t)));
  }

  /** The first token on the default channel at or after `index`. */
  #visible(index: number): number {
    while (index < this.#stream.size - 1 && this.#stream.get(index).channel === antlr.Token.HIDDEN_CHANNEL) index++;
    return index;
  }

  /**
   * Simulates the ATN from `state` at `tokenIndex` like an NFA, consuming matching tokens;
   * returns the token indexes at which the rule could end. `suppressed`: inside a special rule,
   * whose name was recorded instead of its tokens.
   */
  #walk(from: antlr.ATNState, fromIndex: number, precedence: number, fromSuppressed: boolean): Set<number> {
    const key = `${from.stateNumber}:${fromIndex}`;
    const known = this.#memo.get(key);
    if (known) return known;
    if (this.#entered.has(key)) return new Set(); // a rule re-entered at the same token reads nothing new
    this.#entered.add(key);
    const ends = new Set<number>();
    const seen = new Set<string>();
    const active: Array<[antlr.ATNState, number, boolean]> = [[from, fromIndex, fromSuppressed]];
    while (active.length > 0) {
      if (++this.#steps > MAX_STEPS) throw new GaveUp();
      const [state, at, wasSuppressed] = active.pop()!;
      const seenKey = `${state.stateNumber}:${at}:${wasSuppressed}`;
      if (seen.has(seenKey)) continue;
      seen.add(seenKey);
      let suppressed = wasSuppressed;
      const index = this.#visible(at);
      const tokenType = this.#stream.get(index).type;
      if (state instanceof antlr.RuleStartState) {
        const special = this.rules.special.get(state.ruleIndex);
        if (special !== undefined) {
          if (!suppressed) this.#record(index, [special]);
          suppressed = true;
        } else if (this.rules.ignored.has(state.ruleIndex)) continue;
      }
      if (state instanceof antlr.RuleStopState) {
        if (state.ruleIndex === this.rules.statement && !suppressed) this.#record(index, ['<EOF>']);
        ends.add(index);
        continue;
      }
      for (const t of state.transitions) {
        if (t instanceof antlr.RuleTransition) {
          for (const end of this.#walk(t.target, index, t.precedence, suppressed)) {
            // Trino compares the end's token index with the current token's type here, so
            // suppression almost always lifts after a sub-rule: kept, so that the lists match.
            active.push([t.followState, end, suppressed && end === tokenType]);
          }
        } else if (t instanceof antlr.PrecedencePredicateTransition) {
          if (precedence < t.precedence) active.push([t.target, index, suppressed]);
        } else if (t instanceof antlr.PredicateTransition) {
          // The grammar's own predicates (which decide nothing in Trino's grammar) as the parser
          // evaluates them when it only validates.
          if (this.parser.sempred(null, t.ruleIndex, t.predIndex)) active.push([t.target, index, suppressed]);
        } else if (t.isEpsilon) {
          active.push([t.target, index, suppressed]);
        } else if (t instanceof antlr.WildcardTransition) {
          throw new GaveUp();
        } else {
          let labels = t.label;
          // A statement's optional `;` is not Trino's: the input ends there.
          if (!labels || state.ruleIndex === this.rules.statement) continue;
          if (t instanceof antlr.NotSetTransition) labels = labels.complement(antlr.Token.MIN_USER_TOKEN_TYPE, this.#atn.maxTokenType);
          // Only tokens the stream has buffered are read: the parser decided the error is among them.
          if (labels.contains(tokenType) && index < this.#stream.size - 1) active.push([t.target, index + 1, false]);
          else if (!suppressed) this.#record(index, this.#names(labels));
        }
      }
    }
    this.#entered.delete(key);
    this.#memo.set(key, ends);
    return ends;
  }
}

function epsilonReachable(from: antlr.ATNState, target: antlr.ATNState): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (s.stateNumber === target.stateNumber) return true;
    if (seen.has(s.stateNumber)) continue;
    seen.add(s.stateNumber);
    for (const t of s.transitions) if (t.isEpsilon) stack.push(t.target);
  }
  return false;
}

/**
 * What could come at `tokenIndex` when a whole statement was read before it and more input
 * follows: the walk over the statement from its start, as far as any path gets.
 *
 * @example
 * expectedAfterStatement(parser, rules); // { tokenText: 'OFFSET', names: ['<EOF>'] }
 */
export function expectedAfterStatement(parser: antlr.Parser, rules: ExpectedInputRules): ExpectedInput | undefined {
  const start = parser.atn.ruleToStartState[rules.statement];
  if (!start) return undefined;
  try {
    // Non-reserved words are read as identifiers on the way (Trino's walk starts at the error and
    // skips them; from the start, `count(*)` must be read to get past it).
    return new Walk(parser, { ...rules, ignored: new Set() }).run(start, 0, null);
  } catch (error) {
    if (error instanceof GaveUp) return undefined;
    throw error;
  }
}

/**
 * The furthest token a syntax error's paths reach and what could come there, or undefined when
 * the walk cannot tell (then ANTLR's own message stands).
 *
 * @example
 * expectedInput(parser, e, rules); // { tokenText: 'FROM', names: ["'*'", '<expression>', '<identifier>'] }
 */
export function expectedInput(parser: antlr.Parser, e: antlr.RecognitionException | null, rules: ExpectedInputRules): ExpectedInput | undefined {
  const atn = parser.atn;
  const state = atn.states[e ? e.offendingState : parser.state];
  const token = e ? (e instanceof antlr.NoViableAltException ? e.startToken : e.offendingToken) : parser.getCurrentToken();
  const context = e ? (e.ctx as antlr.ParserRuleContext | null) : parser.context;
  if (!state || !token) return undefined;
  try {
    return new Walk(parser, rules).run(state, token.tokenIndex, context);
  } catch (error) {
    if (error instanceof GaveUp) return undefined;
    throw error;
  }
}
