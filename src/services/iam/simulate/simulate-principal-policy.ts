import type { EvalPrincipal } from '../../../auth/policy/index.js';
import { parseArn } from '../../../core/arn.js';
import type { IamEntityRef, IamStore, ManagedPolicy } from '../../../storage/iam.js';
import type { Operation, OperationContext } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { requireGroup, requireRole, requireUser } from '../lookup.js';
import { callerFromArn, inputBoundary, inputPolicies, resourceOwner, runSimulation, type SimulationPolicy, type SimulationRequest } from './simulate.js';

type Source = { principal: EvalPrincipal; policies: SimulationPolicy[]; boundaryArn?: string };

function managedSource(p: ManagedPolicy): SimulationPolicy['type'] {
  return p.accountId === '' ? 'aws-managed' : 'user-managed';
}

/** An entity's own inline policies (named by policy name) and attached managed policies (by ARN). */
async function policiesOf(iam: IamStore, ref: IamEntityRef): Promise<SimulationPolicy[]> {
  const out: SimulationPolicy[] = (await iam.listInlinePolicies(ref)).map((p) => ({ id: p.policyName, type: ref.type, document: p.document }));
  for (const p of await iam.listAttachedPolicies(ref)) {
    const v = await iam.getPolicyVersion(p.arn, p.defaultVersionId);
    if (v) out.push({ id: p.arn, type: managedSource(p), document: v.document });
  }
  return out;
}

/** The user's, group's or role's policies (a user's include its groups'), and who is simulated by default. */
async function source(ctx: OperationContext, policySourceArn: string): Promise<Source> {
  const iam = ctx.state.iam;
  const arn = parseArn(policySourceArn);
  const m = arn && arn.service === 'iam' && arn.account === ctx.principal.accountId ? /^(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn.resource) : null;
  if (!m) throw invalidInput(`PolicySourceArn ${policySourceArn} is not the ARN of a user, group or role of this account.`);
  const [, kind, name] = m as unknown as [string, 'user' | 'group' | 'role', string];
  if (kind === 'user') {
    const u = await requireUser(ctx, name);
    const policies = await policiesOf(iam, { type: 'user', id: u.userId });
    for (const g of await iam.listGroupsForUser(u.userId)) {
      for (const p of await policiesOf(iam, { type: 'group', id: g.groupId })) if (!policies.some((q) => q.id === p.id && p.id.startsWith('arn:'))) policies.push(p);
    }
    return { principal: { kind: 'user', accountId: u.accountId, arn: u.arn, uniqueId: u.userId }, policies, ...(u.permissionsBoundaryArn ? { boundaryArn: u.permissionsBoundaryArn } : {}) };
  }
  if (kind === 'group') {
    const g = await requireGroup(ctx, name);
    return { principal: { kind: 'user', accountId: g.accountId, arn: `arn:aws:iam::${g.accountId}:user/simulated-caller` }, policies: await policiesOf(iam, { type: 'group', id: g.groupId }) };
  }
  const r = await requireRole(ctx, name);
  return {
    principal: { kind: 'assumed-role', accountId: r.accountId, arn: `arn:aws:sts::${r.accountId}:assumed-role/${r.roleName}/SimulatePrincipalPolicy`, roleArn: r.arn, uniqueId: r.roleId },
    policies: await policiesOf(iam, { type: 'role', id: r.roleId }),
    ...(r.permissionsBoundaryArn ? { boundaryArn: r.permissionsBoundaryArn } : {}),
  };
}

/**
 * iam:SimulatePrincipalPolicy — evaluates a user's (with its groups'), group's or role's stored
 * policies plus any given ones, under its boundary (or the one given, which replaces it).
 */
export const simulatePrincipalPolicy: Operation<SimulationRequest & { PolicySourceArn: string }> = {
  authorization: (input, ctx) => [{ action: 'iam:SimulatePrincipalPolicy', resource: input.PolicySourceArn, resourceAccount: ctx.principal.accountId }],
  async handle(input, ctx) {
    const src = await source(ctx, input.PolicySourceArn);
    const principal = input.CallerArn !== undefined ? await callerFromArn(ctx.state.iam, input.CallerArn) : src.principal;
    const given = inputBoundary(input.PermissionsBoundaryPolicyInputList);
    const storedBoundary = src.boundaryArn ? await ctx.state.iam.getPolicy(src.boundaryArn) : undefined;
    const storedDocument = storedBoundary ? (await ctx.state.iam.getPolicyVersion(storedBoundary.arn, storedBoundary.defaultVersionId))?.document : undefined;
    const boundary =
      given ?? (storedBoundary && storedDocument !== undefined ? { id: storedBoundary.arn, type: managedSource(storedBoundary), document: storedDocument } : undefined);
    return runSimulation(
      {
        principal,
        identity: [...src.policies, ...inputPolicies(input.PolicyInputList, 'PolicyInputList')],
        ...(boundary ? { boundary } : {}),
        ...(input.ResourcePolicy !== undefined ? { resource: { id: 'ResourcePolicy', type: 'resource', document: input.ResourcePolicy } } : {}),
        resourceAccount: resourceOwner(input.ResourceOwner, principal.accountId),
      },
      input,
      ctx.clock.now(),
    );
  },
};
