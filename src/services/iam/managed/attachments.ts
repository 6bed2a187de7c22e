import type { IamEntityRef, IamEntityType } from '../../../storage/iam.js';
import type { Operation, OperationContext, OperationTable } from '../../operation.js';
import { onEntity, withContext } from '../arns.js';
import { limitExceeded, policyNotAttachable, policyNotFound } from '../errors.js';
import { findPolicy, requireGroup, requireRole, requireUser } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { attachedPolicyView } from '../views.js';

/** IAM's quota of managed policies attached to one user, group or role. */
export const MAX_ATTACHED_POLICIES = 10;

type NameKey = 'UserName' | 'GroupName' | 'RoleName';
type Named = Partial<Record<NameKey, string>>;
const NAME_KEY: Record<IamEntityType, NameKey> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const NOUN: Record<IamEntityType, 'User' | 'Group' | 'Role'> = { user: 'User', group: 'Group', role: 'Role' };

async function entityRef(ctx: OperationContext, type: IamEntityType, name: string): Promise<IamEntityRef> {
  if (type === 'user') return { type, id: (await requireUser(ctx, name)).userId };
  if (type === 'group') return { type, id: (await requireGroup(ctx, name)).groupId };
  return { type, id: (await requireRole(ctx, name)).roleId };
}

/**
 * Attach/Detach/ListAttached…Policies for users, groups and roles: one family. The permission
 * is asked on the entity (as the Service Authorization Reference lists it); the policy is a
 * customer managed policy of the account or an AWS managed one.
 */
export function attachmentOperations(type: IamEntityType): OperationTable {
  const key = NAME_KEY[type];
  const noun = NOUN[type];
  const nameOf = (input: Named): string => input[key]!;
  const authorize = (action: string) => async (input: Named, ctx: OperationContext) => [await onEntity(ctx, `iam:${action}`, type, nameOf(input))];

  const withPolicyArn = (action: string) => async (input: Named & { PolicyArn: string }, ctx: OperationContext) =>
    (await authorize(action)(input, ctx)).map((r) => withContext(r, { 'iam:PolicyARN': input.PolicyArn }));

  const attach: Operation<Named & { PolicyArn: string }> = {
    authorization: withPolicyArn(`Attach${noun}Policy`),
    async handle(input, ctx) {
      const ref = await entityRef(ctx, type, nameOf(input));
      const policy = await findPolicy(ctx, input.PolicyArn);
      if (!policy || !policy.isAttachable) throw policyNotAttachable(input.PolicyArn);
      // Counted and attached as one step (the quota): core/keyed-lock.ts.
      await ctx.state.locks.withLock(`attached:${ref.type}:${ref.id}`, async () => {
        const attached = await ctx.state.iam.listAttachedPolicies(ref);
        if (attached.some((p) => p.arn === policy.arn)) return;
        if (attached.length >= MAX_ATTACHED_POLICIES) throw limitExceeded(`Cannot exceed quota for PoliciesPer${noun}: ${MAX_ATTACHED_POLICIES}`);
        await ctx.state.iam.attachPolicy(ctx.principal.accountId, ref, policy.arn);
      });
      return {};
    },
  };

  const detach: Operation<Named & { PolicyArn: string }> = {
    authorization: withPolicyArn(`Detach${noun}Policy`),
    async handle(input, ctx) {
      const ref = await entityRef(ctx, type, nameOf(input));
      if (!(await ctx.state.iam.detachPolicy(ref, input.PolicyArn))) throw policyNotFound(input.PolicyArn);
      return {};
    },
  };

  const list: Operation<Named & { PathPrefix?: string } & PageRequest> = {
    authorization: authorize(`ListAttached${noun}Policies`),
    async handle(input, ctx) {
      const ref = await entityRef(ctx, type, nameOf(input));
      const all = (await ctx.state.iam.listAttachedPolicies(ref)).filter((p) => input.PathPrefix === undefined || p.path.startsWith(input.PathPrefix));
      const page = paginate(all, input);
      return { AttachedPolicies: page.items.map(attachedPolicyView), ...pageFields(page) };
    },
  };

  return { [`Attach${noun}Policy`]: attach, [`Detach${noun}Policy`]: detach, [`ListAttached${noun}Policies`]: list };
}
