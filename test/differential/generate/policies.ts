/** Statements and whole policy documents, and the principal bindings a stored trust policy carries. */
import type { PolicyKind } from '../../../src/auth/policy/types.js';
import { condition, type ConditionBlock } from './conditions.js';
import { actionPatterns, notPrincipalElement, principalElement, resourcePatterns, type PrincipalValue } from './elements.js';
import type { Rng } from './rng.js';
import type { Scenario } from './scenario.js';
import type { GenPolicy } from './types.js';
import { ACTORS, ROLE_IDS } from './world.js';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalValue;
  NotPrincipal?: PrincipalValue;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

function statement(r: Rng, sc: Scenario, kind: PolicyKind, effect: 'Allow' | 'Deny', tags: string[], sid: number): Statement {
  const st: Statement = { Effect: effect };
  if (r.chance(0.3)) st.Sid = `S${sid}`;
  if (kind === 'resource' || kind === 'trust') {
    // NotPrincipal: resource policies only, with Deny ("Using it with Allow is not supported";
    // "You cannot use the NotPrincipal element … in an IAM role trust policy").
    if (kind === 'resource' && effect === 'Deny' && r.chance(0.3)) st.NotPrincipal = notPrincipalElement(r, sc, tags);
    else st.Principal = principalElement(r, sc, tags);
  }
  if (kind === 'trust') {
    const acts = r.some(['sts:AssumeRole', 'sts:AssumeRole', 'sts:TagSession', 'sts:*', 'sts:Assume*'], 2);
    if (r.chance(0.08)) {
      st.NotAction = r.oneOrMany(['sts:TagSession']);
      tags.push('not-action');
    } else st.Action = r.oneOrMany(acts);
  } else {
    const acts = actionPatterns(r, sc.action);
    if (r.chance(0.12)) {
      st.NotAction = r.oneOrMany(acts);
      tags.push('not-action');
    } else st.Action = r.oneOrMany(acts);
    if (r.chance(0.1)) {
      st.NotResource = r.oneOrMany(resourcePatterns(r, sc, tags, false));
      tags.push('not-resource');
    } else st.Resource = r.oneOrMany(resourcePatterns(r, sc, tags, true));
  }
  const pCond = effect === 'Deny' ? 0.6 : 0.45;
  if (r.chance(pCond)) st.Condition = condition(r, sc, tags);
  return st;
}

export function policy(r: Rng, sc: Scenario, kind: PolicyKind, name: string, tags: string[], pDeny: number, maxStatements = 3): GenPolicy {
  const n = 1 + r.int(maxStatements);
  const statements: Statement[] = [];
  for (let i = 0; i < n; i++) statements.push(statement(r, sc, kind, r.chance(pDeny) ? 'Deny' : 'Allow', tags, i));
  // Resource and trust policies may still be written in the 2008 language, where ${…} is text.
  const legacy = (kind === 'resource' || kind === 'trust') && r.chance(0.08);
  if (legacy) tags.push('version-2008');
  const doc: Record<string, unknown> = { Version: legacy ? '2008-10-17' : '2012-10-17' };
  if (r.chance(0.1)) doc['Id'] = `${name}-id`;
  doc['Statement'] = statements.length === 1 && r.chance(0.3) ? statements[0] : statements;
  return { name, kind, text: JSON.stringify(doc, null, r.chance(0.2) ? 2 : undefined) };
}

export function bindingsFor(text: string, r: Rng, tags: string[]): Record<string, string> | undefined {
  const bindings: Record<string, string> = {};
  for (const actor of ACTORS) {
    const p = actor.principal;
    if (p.kind === 'user' && text.includes(`"${p.arn}"`)) bindings[p.arn] = p.uniqueId!;
  }
  for (const [arn, id] of Object.entries(ROLE_IDS)) if (text.includes(`"${arn}"`)) bindings[arn] = id;
  const keys = Object.keys(bindings);
  if (keys.length === 0) return undefined;
  if (r.chance(0.04)) {
    // The named user or role was deleted and recreated: the stored id is stale.
    const k = r.pick(keys);
    bindings[k] = bindings[k]!.slice(0, 4) + 'STALE' + bindings[k]!.slice(9);
    tags.push('stale-binding');
  }
  return bindings;
}
