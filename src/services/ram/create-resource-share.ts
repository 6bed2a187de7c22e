import type { ContextValue } from '../../auth/policy/index.js';
import type { ResourceShareDocument } from '../../storage/ram.js';
import type { Operation } from '../operation.js';
import { ramArn } from './arns.js';
import { associate, namedPermissions } from './associate.js';
import { invalidParameter, shareLimitExceeded, tagLimitExceeded } from './errors.js';
import { MAX_ENTITIES_PER_REQUEST, MAX_SHARE_NAME, MAX_SHARES_PER_ACCOUNT, MAX_TAGS } from './limits.js';
import { checkInvitationBound, checkPrincipals, checkResources } from './share-access.js';
import { sharedTypes } from './share-model.js';
import { shareView } from './views.js';

export interface CreateResourceShareInput {
  name: string;
  resourceArns?: string[];
  principals?: string[];
  tags?: Array<{ key?: string; value?: string }>;
  allowExternalPrincipals?: boolean;
  clientToken?: string;
  permissionArns?: string[];
  sources?: string[];
}

export function checkTags(tags: CreateResourceShareInput['tags']): Array<{ key: string; value: string }> {
  const out = (tags ?? []).map((t) => {
    if (!t.key || t.key.length > 128 || t.key.startsWith('aws:')) throw invalidParameter(`Tag key ${JSON.stringify(t.key ?? '')} is not valid: 1 to 128 characters, not starting with aws:.`);
    if ((t.value ?? '').length > 256) throw invalidParameter(`The value of tag ${t.key} is longer than 256 characters.`);
    return { key: t.key, value: t.value ?? '' };
  });
  if (out.length > MAX_TAGS) throw tagLimitExceeded(`A resource share can have at most ${MAX_TAGS} tags.`);
  return out;
}

export function checkRequestSize(...lists: Array<readonly string[] | undefined>): void {
  for (const l of lists) if ((l?.length ?? 0) > MAX_ENTITIES_PER_REQUEST) throw invalidParameter(`A request can name at most ${MAX_ENTITIES_PER_REQUEST} resources or principals.`);
}

/**
 * ram:CreateResourceShare: a share of the caller's resources (feature groups, the feature group
 * catalog) with other accounts, each invited to accept. Asked with the resources, principals and
 * tags as condition keys.
 */
export const createResourceShare: Operation<CreateResourceShareInput> = {
  authorization: (input, ctx) => {
    const context: Record<string, ContextValue> = { 'ram:RequestedAllowsExternalPrincipals': String(input.allowExternalPrincipals ?? true) };
    if (input.resourceArns?.length) context['ram:ResourceArn'] = input.resourceArns;
    if (input.principals?.length) context['ram:Principal'] = input.principals;
    for (const t of input.tags ?? []) if (t.key) context[`aws:RequestTag/${t.key}`] = t.value ?? '';
    if (input.tags?.length) context['aws:TagKeys'] = input.tags.map((t) => t.key ?? '');
    return [{ action: 'ram:CreateResourceShare', resource: `arn:aws:ram:${ctx.region}:${ctx.principal.accountId}:resource-share/*`, resourceAccount: ctx.principal.accountId, context }];
  },
  async handle(input, ctx) {
    if (input.name.length < 1 || input.name.length > MAX_SHARE_NAME) throw invalidParameter(`The resource share name must be 1 to ${MAX_SHARE_NAME} characters.`);
    if (input.sources?.length) throw invalidParameter('sources restrict a share with a service principal; sagelite shares with accounts only.');
    checkRequestSize(input.resourceArns, input.principals, input.permissionArns);
    const tags = checkTags(input.tags);
    const resources = await checkResources(ctx, input.resourceArns ?? []);
    const principals = checkPrincipals(ctx, input.principals ?? []);
    const now = ctx.clock.now().getTime();
    const doc: ResourceShareDocument = {
      arn: ramArn.share(ctx.region, ctx.principal.accountId),
      ownerAccountId: ctx.principal.accountId,
      region: ctx.region,
      name: input.name,
      allowExternalPrincipals: input.allowExternalPrincipals ?? true,
      status: 'ACTIVE',
      tags,
      createdAt: now,
      updatedAt: now,
      permissions: namedPermissions(input.permissionArns ?? [], now),
      associations: [],
      invitations: [],
      revision: 1,
    };
    await checkInvitationBound(ctx, doc, principals, now);
    associate(doc, resources, principals, now);
    const types = sharedTypes(doc);
    for (const p of doc.permissions) {
      if (!types.has(p.resourceType)) throw invalidParameter(`Permission ${p.arn} applies to resource type ${p.resourceType}, and no resource of the share is of that type.`);
    }
    await ctx.state.locks.withLock(`ram-shares:${ctx.principal.accountId}:${ctx.region}`, async () => {
      if ((await ctx.state.resourceShares.countOwnedBy(ctx.principal.accountId, ctx.region)) >= MAX_SHARES_PER_ACCOUNT) {
        throw shareLimitExceeded(`This account has ${MAX_SHARES_PER_ACCOUNT} resource shares in ${ctx.region}, the most it can have.`);
      }
      await ctx.state.resourceShares.saveShare(doc);
    });
    return { resourceShare: shareView(doc), ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}) };
  },
};
