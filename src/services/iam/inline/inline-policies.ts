import type { IamEntityRef, IamEntityType } from '../../../storage/iam.js';
import type { Operation, OperationContext, OperationTable } from '../../operation.js';
import { onEntity } from '../arns.js';
import { noSuchEntity } from '../errors.js';
import { requireGroup, requireRole, requireUser } from '../lookup.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { checkInlineDocument } from '../policy-documents.js';
import { encodeDocument } from '../views.js';

/** The request member naming the entity: UserName, GroupName or RoleName. */
type NameKey = 'UserName' | 'GroupName' | 'RoleName';
type Named = Partial<Record<NameKey, string>>;

const NAME_KEY: Record<IamEntityType, NameKey> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const ACTION_NOUN: Record<IamEntityType, string> = { user: 'User', group: 'Group', role: 'Role' };

async function entity(ctx: OperationContext, type: IamEntityType, name: string): Promise<{ ref: IamEntityRef; name: string }> {
  if (type === 'user') {
    const u = await requireUser(ctx, name);
    return { ref: { type, id: u.userId }, name: u.userName };
  }
  if (type === 'group') {
    const g = await requireGroup(ctx, name);
    return { ref: { type, id: g.groupId }, name: g.groupName };
  }
  const r = await requireRole(ctx, name);
  return { ref: { type, id: r.roleId }, name: r.roleName };
}

const notFound = (type: IamEntityType, policyName: string) => noSuchEntity(`The ${type} policy with name ${policyName} cannot be found.`);

/**
 * Put/Get/Delete/List of a user's, group's or role's inline policies: one family, three entity
 * kinds. Documents are compiled as identity policies; the entity's inline total is limited
 * (user 2048, group 5120, role 10240 characters, whitespace not counted).
 */
export function inlinePolicyOperations(type: IamEntityType): OperationTable {
  const key = NAME_KEY[type];
  const noun = ACTION_NOUN[type];
  const nameOf = (input: Named): string => input[key]!;
  const authorize = (action: string) => async (input: Named, ctx: OperationContext) => [await onEntity(ctx, `iam:${action}`, type, nameOf(input))];

  const put: Operation<Named & { PolicyName: string; PolicyDocument: string }> = {
    authorization: authorize(`Put${noun}Policy`),
    async handle(input, ctx) {
      const e = await entity(ctx, type, nameOf(input));
      // The entity's total size is checked and the policy put as one step (the quota): core/keyed-lock.ts.
      await ctx.state.locks.withLock(`inline:${e.ref.type}:${e.ref.id}`, async () => {
        const others = (await ctx.state.iam.listInlinePolicies(e.ref)).filter((p) => p.policyName !== input.PolicyName);
        checkInlineDocument(input.PolicyDocument, { type, name: e.name }, others.map((p) => p.document));
        await ctx.state.iam.putInlinePolicy(e.ref, input.PolicyName, input.PolicyDocument);
      });
      return {};
    },
  };

  const get: Operation<Named & { PolicyName: string }> = {
    authorization: authorize(`Get${noun}Policy`),
    async handle(input, ctx) {
      const e = await entity(ctx, type, nameOf(input));
      const p = await ctx.state.iam.getInlinePolicy(e.ref, input.PolicyName);
      if (!p) throw notFound(type, input.PolicyName);
      return { [key]: e.name, PolicyName: p.policyName, PolicyDocument: encodeDocument(p.document) };
    },
  };

  const remove: Operation<Named & { PolicyName: string }> = {
    authorization: authorize(`Delete${noun}Policy`),
    async handle(input, ctx) {
      const e = await entity(ctx, type, nameOf(input));
      if (!(await ctx.state.iam.deleteInlinePolicy(e.ref, input.PolicyName))) throw notFound(type, input.PolicyName);
      return {};
    },
  };

  const list: Operation<Named & PageRequest> = {
    authorization: authorize(`List${noun}Policies`),
    async handle(input, ctx) {
      const e = await entity(ctx, type, nameOf(input));
      const page = paginate((await ctx.state.iam.listInlinePolicies(e.ref)).map((p) => p.policyName), input);
      return { PolicyNames: page.items, ...pageFields(page) };
    },
  };

  return { [`Put${noun}Policy`]: put, [`Get${noun}Policy`]: get, [`Delete${noun}Policy`]: remove, [`List${noun}Policies`]: list };
}
