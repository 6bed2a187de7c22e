import type { EvalPrincipal } from '../../../auth/policy/index.js';
import type { Operation } from '../../operation.js';
import { callerFromArn, inputBoundary, inputPolicies, resourceOwner, runSimulation, type SimulationRequest } from './simulate.js';

/**
 * iam:SimulateCustomPolicy — evaluates the given identity policies (and boundary, resource
 * policy, context) for each action × resource, without touching any stored entity. Without
 * CallerArn the caller is a placeholder user of the calling account (sagelite's choice, see
 * docs/DECISIONS.md), so only the given policies decide.
 */
export const simulateCustomPolicy: Operation<SimulationRequest> = {
  authorization: () => [{ action: 'iam:SimulateCustomPolicy', resource: '*' }],
  async handle(input, ctx) {
    const account = ctx.principal.accountId;
    const principal: EvalPrincipal =
      input.CallerArn !== undefined
        ? await callerFromArn(ctx.state.iam, input.CallerArn)
        : { kind: 'user', accountId: account, arn: `arn:aws:iam::${account}:user/simulated-caller` };
    const boundary = inputBoundary(input.PermissionsBoundaryPolicyInputList);
    return runSimulation(
      {
        principal,
        identity: inputPolicies(input.PolicyInputList, 'PolicyInputList'),
        ...(boundary ? { boundary } : {}),
        ...(input.ResourcePolicy !== undefined ? { resource: { id: 'ResourcePolicy', type: 'resource', document: input.ResourcePolicy } } : {}),
        resourceAccount: resourceOwner(input.ResourceOwner, principal.accountId),
      },
      input,
      ctx.clock.now(),
    );
  },
};
