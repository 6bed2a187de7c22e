/**
 * Known divergences between our policy engine and iam-simulate (the dev-only AGPL oracle, see
 * oracle.ts), each justified by AWS documentation. docs/policy-engine-differences.md explains
 * them for readers.
 *
 * A disagreement is accepted only when all three hold:
 * 1. `applies(case, ourDecision)` — the case is of the class (a narrow structural test);
 * 2. the pair (our answer, iam-simulate's answer) is one of `answers`;
 * 3. `repair` — iam-simulate, asked again with the one construct it gets wrong rewritten into
 *    what AWS's documentation says it means, gives our answer. So an entry explains a
 *    disagreement only if its cause is the construct it names; anything else still fails.
 */
import { bareIpAddressIsOneAddress, dateEpochVsIso, emptyMultivaluedKeyIsNull, ipv4PrefixZero } from './divergences/operators.js';
import { notPrincipalDenyNeedsWholeChain, sessionArnInResourcePolicy, stalePrincipalBinding, wildcardPrincipalGrantsTheSession } from './divergences/principals.js';
import type { KnownDivergence } from './divergences/types.js';
import { arnConditionVariableOutsideResource, escapeVariablesInExactStringOperators, negatedOperatorAgainstNullVariable, version2008VariablesAreText } from './divergences/variables.js';

export type { KnownDivergence } from './divergences/types.js';

/** In the order the test reports them. The entries live in divergences/, one file per family. */
export const KNOWN_DIVERGENCES: KnownDivergence[] = [
  sessionArnInResourcePolicy,
  notPrincipalDenyNeedsWholeChain,
  dateEpochVsIso,
  stalePrincipalBinding,
  wildcardPrincipalGrantsTheSession,
  ipv4PrefixZero,
  arnConditionVariableOutsideResource,
  emptyMultivaluedKeyIsNull,
  escapeVariablesInExactStringOperators,
  negatedOperatorAgainstNullVariable,
  version2008VariablesAreText,
  bareIpAddressIsOneAddress,
];
