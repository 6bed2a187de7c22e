/** The shape of a generated case (see ../generate.ts). */
import type { EvalRequest, PolicyKind } from '../../../src/auth/policy/types.js';

/** A policy document as text, with what the engine needs beside it. */
export interface GenPolicy {
  name: string;
  kind: PolicyKind;
  text: string;
  /** Trust policies: principal ARN → unique id bound when the policy was stored. */
  principalBindings?: Record<string, string>;
}

export interface DiffCase {
  id: number;
  /** Features exercised, for coverage counts and for identifying known-divergence classes. */
  tags: string[];
  request: EvalRequest;
  identity: GenPolicy[];
  resource?: GenPolicy;
  boundary?: GenPolicy;
  session?: GenPolicy[];
  now: Date;
}
