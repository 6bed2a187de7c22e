/**
 * A seeded generator of authorization cases for the policy engine's differential test
 * (test/differential/differential.test.ts) and benchmark (bench/policy.ts).
 *
 * Each case is one question the engine answers: a caller, an action on a resource, its request
 * context, and the policy documents that apply (identity, resource or trust, boundary, session).
 * Documents are kept small and valid under AWS's grammar, and use only real actions, resource ARNs
 * of the action's own resource type and context keys that apply to the action, so a second engine
 * (iam-simulate, which checks all three) evaluates exactly the same question.
 *
 * Every case carries `tags` naming the features it exercises (`op:StringLike`, `ifexists`,
 * `rbp:session-arn`, `cross-account`, …): the test reports coverage by tag, and the allow-list of
 * known divergences identifies case classes by them.
 *
 * Replayable: the same (count, seed) always yields the same cases.
 *
 * The parts live in generate/: world.ts (accounts, principals, resources, actions), rng.ts,
 * scenario.ts (caller, action, resource and request context), elements.ts (Action, Resource,
 * Principal values), conditions.ts, policies.ts (statements and documents), types.ts.
 */
import type { EvalRequest } from '../../src/auth/policy/types.js';
import { bindingsFor, policy } from './generate/policies.js';
import { caseSeed, Rng } from './generate/rng.js';
import { scenario } from './generate/scenario.js';
import type { DiffCase, GenPolicy } from './generate/types.js';
import { ROOT_POLICY } from './generate/world.js';

export type { DiffCase, GenPolicy } from './generate/types.js';
export { ACCOUNT_A, ACCOUNT_B, ROOT_POLICY } from './generate/world.js';
export { caseSeed } from './generate/rng.js';

/** Generates `count` cases from `seed`. */
export function generateCases(count: number, seed = 20261127): DiffCase[] {
  const cases: DiffCase[] = [];
  for (let id = 0; id < count; id++) {
    const r = new Rng(caseSeed(seed, id));
    const sc = scenario(r);
    const tags = sc.tags;
    const p = sc.actor.principal;
    const identity: GenPolicy[] = [];
    if (p.kind === 'root') identity.push({ name: `root user of account ${p.accountId}`, kind: 'identity', text: ROOT_POLICY });
    else if (p.kind === 'user' || p.kind === 'assumed-role') {
      const n = r.int(4);
      for (let i = 0; i < n; i++) identity.push(policy(r, sc, 'identity', `identity-${i}`, tags, 0.3));
    }
    let resource: GenPolicy | undefined;
    const isTrust = sc.action === 'sts:AssumeRole' || sc.action === 'sts:TagSession';
    if (isTrust) {
      resource = policy(r, sc, 'trust', `trust policy of ${sc.target.arn}`, tags, 0.25, 2);
      const b = bindingsFor(resource.text, r, tags);
      if (b) resource.principalBindings = b;
      tags.push('trust');
    } else if (sc.target.type !== 'role' && sc.target.type !== 'user' && sc.target.type !== 'none' && (r.chance(0.55) || p.kind === 'service' || p.kind === 'anonymous')) {
      resource = policy(r, sc, 'resource', `resource policy of ${sc.target.arn}`, tags, 0.3);
      tags.push('resource-policy');
    }
    let boundary: GenPolicy | undefined;
    if ((p.kind === 'user' || p.kind === 'assumed-role') && r.chance(0.25)) {
      boundary = policy(r, sc, 'boundary', 'boundary', tags, 0.15, 2);
      tags.push('boundary');
    }
    let session: GenPolicy[] | undefined;
    if (p.kind === 'assumed-role' && r.chance(resource ? 0.5 : 0.3)) {
      session = [policy(r, sc, 'session', 'inline session policy', tags, 0.15, 2)];
      if (r.chance(0.3)) session.push(policy(r, sc, 'session', 'managed session policy', tags, 0.1, 1));
      tags.push(session.length > 1 ? 'session-policies-2' : 'session-policy');
    }
    const request: EvalRequest = { principal: p, action: sc.action, resource: sc.target.arn, resourceAccount: sc.resourceAccount, context: sc.context };
    cases.push({
      id,
      tags: [...new Set(tags)],
      request,
      identity,
      ...(resource ? { resource } : {}),
      ...(boundary ? { boundary } : {}),
      ...(session ? { session } : {}),
      now: sc.now,
    });
  }
  return cases;
}
