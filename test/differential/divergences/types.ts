/** The shape of an allow-list entry (see ../known-divergences.ts for what makes one accepted). */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { Decision, DecisionResult } from '../../../src/auth/policy/types.js';
import type { DiffCase } from '../generate.js';

export interface KnownDivergence {
  id: string;
  summary: string;
  applies(c: DiffCase, ours: Decision): boolean;
  /** [our answer, iam-simulate's answer] pairs this class produces. */
  answers: ReadonlyArray<readonly [DecisionResult, DecisionResult]>;
  /** Rewrites (a deep copy of) the simulation so iam-simulate sees what AWS means. */
  repair(sim: Simulation, c: DiffCase): Simulation;
  doc: { url: string; quote: string };
}

/** For constructs that can flip a statement either way: every pair of different answers. */
export const ANY_PAIR: KnownDivergence['answers'] = [
  ['Allow', 'ImplicitDeny'],
  ['Allow', 'ExplicitDeny'],
  ['ImplicitDeny', 'Allow'],
  ['ImplicitDeny', 'ExplicitDeny'],
  ['ExplicitDeny', 'Allow'],
  ['ExplicitDeny', 'ImplicitDeny'],
];
