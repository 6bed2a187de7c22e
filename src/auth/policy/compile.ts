/**
 * PolicyAst → closures and precomputed matchers. Everything that can be decided without the
 * request is decided here: actions are lowercased once (actions are case-insensitive) and split
 * into an exact-name set plus globs; resources become ARN patterns (case-sensitive), with policy
 * variables kept as templates only where present; principals become lookup sets.
 */
import type { PolicyAst, StatementAst } from './ast.js';
import type { CompiledPolicy, PolicyKind } from './types.js';
import { compileArnPattern, matchArn, type ArnPattern } from './arn-pattern.js';
import { compileCondition, type CompiledCondition } from './conditions/index.js';
import type { ContextReader } from './context.js';
import { compilePrincipal, type CompiledPrincipal } from './principal-match.js';
import { MemoizedTemplate, parseTemplate } from './variables.js';
import { compileGlob, matchGlob, type Glob } from './wildcard.js';

export class ActionMatcher {
  private readonly all: boolean;
  private readonly exact: ReadonlySet<string>;
  private readonly globs: readonly Glob[];
  constructor(readonly listed: readonly string[]) {
    const lower = listed.map((a) => a.toLowerCase());
    this.all = lower.includes('*');
    this.exact = new Set(lower.filter((a) => !a.includes('*') && !a.includes('?')));
    this.globs = lower.filter((a) => a.includes('*') || a.includes('?')).map((a) => compileGlob(a));
  }

  /** `lowerAction` must already be lowercase. */
  matches(lowerAction: string): boolean {
    if (this.all || this.exact.has(lowerAction)) return true;
    for (const g of this.globs) if (matchGlob(g, lowerAction)) return true;
    return false;
  }
}

export const enum ResourceOutcome {
  NoMatch = 0,
  Match = 1,
  /** No match, and a pattern's variable had no value (that pattern is null and matches nothing). */
  Unresolved = 2,
}

export class ResourceMatcher {
  private readonly all: boolean;
  private readonly patterns: readonly ArnPattern[];
  private readonly templates: readonly MemoizedTemplate<ArnPattern>[];
  constructor(readonly listed: readonly string[], variables: boolean) {
    this.all = listed.includes('*');
    const patterns: ArnPattern[] = [];
    const templates: MemoizedTemplate<ArnPattern>[] = [];
    for (const r of listed) {
      const t = variables ? parseTemplate(r) : undefined;
      if (t) templates.push(new MemoizedTemplate(t, true, compileArnPattern));
      else patterns.push(compileArnPattern(r));
    }
    this.patterns = patterns;
    this.templates = templates;
  }

  matches(resource: string, reader: ContextReader): ResourceOutcome {
    if (this.all) return ResourceOutcome.Match;
    for (const p of this.patterns) if (matchArn(p, resource)) return ResourceOutcome.Match;
    let unresolved = false;
    for (const t of this.templates) {
      const pattern = t.get(reader.resolve);
      if (!pattern) unresolved = true;
      else if (matchArn(pattern, resource)) return ResourceOutcome.Match;
    }
    return unresolved ? ResourceOutcome.Unresolved : ResourceOutcome.NoMatch;
  }
}

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly action: ActionMatcher;
  readonly actionNegated: boolean;
  /** Undefined for trust policies, which have no Resource element (they cover the role). */
  readonly resource: ResourceMatcher | undefined;
  readonly resourceNegated: boolean;
  /** Undefined for permission policies, which apply to whoever holds them. */
  readonly principal: CompiledPrincipal | undefined;
  readonly principalNegated: boolean;
  readonly conditions: readonly CompiledCondition[];
}

/** The statements whose Action/NotAction admits one action, split by effect. */
export interface ActionStatements {
  readonly denies: readonly CompiledStatement[];
  readonly allows: readonly CompiledStatement[];
}

const NO_STATEMENTS: ActionStatements = { denies: [], allows: [] };

/**
 * The engine's private view of a CompiledPolicy's `internal`: the statements in document order
 * (for explanations), and for the fast path an index from lowercased action to the statements
 * that action can reach, built per action on first use. A server asks about a few hundred
 * actions, so after warm-up the action test of every statement becomes one Map lookup.
 */
export class PolicyInternals {
  private readonly byAction = new Map<string, ActionStatements>();
  constructor(readonly statements: readonly CompiledStatement[]) {}

  forAction(lowerAction: string): ActionStatements {
    let hit = this.byAction.get(lowerAction);
    if (hit === undefined) {
      const reach = this.statements.filter((st) => st.action.matches(lowerAction) !== st.actionNegated);
      hit = reach.length === 0 ? NO_STATEMENTS : { denies: reach.filter((st) => st.effect === 'Deny'), allows: reach.filter((st) => st.effect === 'Allow') };
      if (this.byAction.size >= 1024) this.byAction.clear();
      this.byAction.set(lowerAction, hit);
    }
    return hit;
  }
}

function compileStatement(st: StatementAst, variables: boolean): CompiledStatement {
  const resources = st.resource ?? st.notResource;
  const principal = st.principal ?? st.notPrincipal;
  return {
    index: st.index,
    sid: st.sid,
    effect: st.effect,
    action: new ActionMatcher(st.action ?? st.notAction ?? []),
    actionNegated: st.action === undefined,
    resource: resources ? new ResourceMatcher(resources, variables) : undefined,
    resourceNegated: st.resource === undefined && st.notResource !== undefined,
    principal: principal ? compilePrincipal(principal) : undefined,
    principalNegated: st.principal === undefined && st.notPrincipal !== undefined,
    conditions: st.conditions.map((c) => compileCondition(c, variables)),
  };
}

/** Compiles a validated AST into the immutable CompiledPolicy the engine evaluates. */
export function compileAst(ast: PolicyAst, kind: PolicyKind): CompiledPolicy {
  const variables = ast.version === '2012-10-17';
  return assemble(ast, kind, ast.statements.map((s) => compileStatement(s, variables)));
}

/**
 * {@link compileAst} a statement at a time, awaiting `pause()` between statements when it asks
 * for a wait: the largest policy takes tens of milliseconds to compile, which a caller on the
 * server's one event loop (the policy simulator) spreads out so other requests run between.
 */
export async function compileAstInSlices(ast: PolicyAst, kind: PolicyKind, pause: () => Promise<void> | undefined): Promise<CompiledPolicy> {
  const variables = ast.version === '2012-10-17';
  const statements: ReturnType<typeof compileStatement>[] = [];
  for (const s of ast.statements) {
    statements.push(compileStatement(s, variables));
    await pause();
  }
  return assemble(ast, kind, statements);
}

function assemble(ast: PolicyAst, kind: PolicyKind, statements: ReturnType<typeof compileStatement>[]): CompiledPolicy {
  const internal = new PolicyInternals(statements);
  const policy: CompiledPolicy = {
    kind,
    version: ast.version,
    statementCount: ast.statements.length,
    internal,
    ...(ast.id !== undefined ? { id: ast.id } : {}),
  };
  return Object.freeze(policy);
}

/** Reads a CompiledPolicy's internals (only policies made by compilePolicy have them). */
export function internalsOf(policy: CompiledPolicy): PolicyInternals {
  return policy.internal as PolicyInternals;
}
