import type { ResourceShareDocument } from '../../storage/ram.js';
import type { Operation, OperationContext } from '../operation.js';
import { checkShareArn } from './arns.js';
import { invalidParameter, operationNotPermitted, ORGANIZATION_ONLY } from './errors.js';
import { MAX_SHARE_NAME } from './limits.js';
import { managedPermission } from './managed-permissions.js';
import { page } from './pages.js';
import { changeShare, onAny, onShare, ownShare, requireActive, type Owner, visibleShares } from './share-access.js';
import { shareView } from './views.js';

export function checkOwner(owner: string): Owner {
  if (owner !== 'SELF' && owner !== 'OTHER-ACCOUNTS') throw invalidParameter(`${owner} is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.`);
  return owner;
}

interface GetResourceSharesInput {
  resourceOwner: string;
  resourceShareArns?: string[];
  resourceShareStatus?: string;
  name?: string;
  tagFilters?: Array<{ tagKey?: string; tagValues?: string[] }>;
  permissionArn?: string;
  nextToken?: string;
  maxResults?: number;
}

/** ram:GetResourceShares: the caller's shares or those shared with it, filtered; deleted shares of its own are listed as DELETED. */
export const getResourceShares: Operation<GetResourceSharesInput> = {
  authorization: () => onAny('ram:GetResourceShares'),
  async handle(input, ctx) {
    const owner = checkOwner(input.resourceOwner);
    for (const arn of input.resourceShareArns ?? []) checkShareArn(arn);
    const wanted = input.resourceShareArns ? new Set(input.resourceShareArns) : undefined;
    const permission = input.permissionArn !== undefined ? managedPermission(input.permissionArn)?.arn ?? input.permissionArn : undefined;
    const shares = (await visibleShares(ctx, owner)).filter((d) =>
      (!wanted || wanted.has(d.arn)) &&
      (input.resourceShareStatus === undefined || d.status === input.resourceShareStatus) &&
      (input.name === undefined || d.name === input.name) &&
      (permission === undefined || d.permissions.some((p) => p.arn === permission)) &&
      (input.tagFilters ?? []).every((f) => d.tags.some((t) => t.key === f.tagKey && (!f.tagValues?.length || f.tagValues.includes(t.value)))),
    );
    const p = page(shares, `shares:${owner}`, input.nextToken, input.maxResults);
    return { resourceShares: p.items.map(shareView), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};

/** ram:UpdateResourceShare: renames a share or changes allowExternalPrincipals (false is refused while it has principals: every account is external). */
export const updateResourceShare: Operation<{ resourceShareArn: string; name?: string; allowExternalPrincipals?: boolean; clientToken?: string }> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:UpdateResourceShare', input.resourceShareArn),
  async handle(input, ctx) {
    if (input.name !== undefined && (input.name.length < 1 || input.name.length > MAX_SHARE_NAME)) throw invalidParameter(`The resource share name must be 1 to ${MAX_SHARE_NAME} characters.`);
    const updated = await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), (doc) => {
      requireActive(doc);
      if (input.allowExternalPrincipals === false && doc.associations.some((a) => a.type === 'PRINCIPAL' && a.status !== 'DISASSOCIATED')) {
        throw operationNotPermitted(ORGANIZATION_ONLY);
      }
      if (input.name !== undefined) doc.name = input.name;
      if (input.allowExternalPrincipals !== undefined) doc.allowExternalPrincipals = input.allowExternalPrincipals;
      return doc;
    });
    return { resourceShare: shareView(updated), ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}) };
  },
};

/**
 * ram:DeleteResourceShare: the share becomes DELETED (still listed as such), every association
 * ends and pending invitations lapse; consumers lose access at once.
 */
export const deleteResourceShare: Operation<{ resourceShareArn: string; clientToken?: string }> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:DeleteResourceShare', input.resourceShareArn),
  async handle(input, ctx) {
    await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), (doc, now) => {
      requireActive(doc);
      doc.status = 'DELETED';
      doc.associations = doc.associations.map((a) => (a.status === 'DISASSOCIATED' ? a : { ...a, status: 'DISASSOCIATED', updatedAt: now }));
      doc.invitations = doc.invitations.map((i) => (i.status === 'PENDING' ? { ...i, status: 'EXPIRED' } : i));
    });
    return { returnValue: true, ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}) };
  },
};
