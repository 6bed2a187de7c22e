import type { Operation } from '../operation.js';
import { checkShareArn } from './arns.js';
import { invalidResourceType } from './errors.js';
import { canonicalResourceArn, SHAREABLE_TYPES, shareableResource } from './managed-permissions.js';
import { page } from './pages.js';
import { checkOwner } from './resource-shares.js';
import { onAny, visibleShares } from './share-access.js';
import { principalView, resourceView } from './views.js';

function checkType(type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  const known = SHAREABLE_TYPES.find((t) => t.resourceType.toLowerCase() === type.toLowerCase());
  if (!known) throw invalidResourceType(`The specified resource type ${type} is not valid. Verify the resource type and try again.`);
  return known.resourceType;
}

interface ListInput {
  resourceOwner: string;
  principal?: string;
  principals?: string[];
  resourceArn?: string;
  resourceType?: string;
  resourceArns?: string[];
  resourceShareArns?: string[];
  nextToken?: string;
  maxResults?: number;
}

/** ram:ListResources: resources the caller shares (SELF) or that are shared with it and accepted (OTHER-ACCOUNTS). */
export const listResources: Operation<ListInput> = {
  authorization: () => onAny('ram:ListResources'),
  async handle(input, ctx) {
    const owner = checkOwner(input.resourceOwner);
    const type = checkType(input.resourceType);
    for (const arn of input.resourceShareArns ?? []) checkShareArn(arn);
    const shares = new Set(input.resourceShareArns ?? []);
    const arns = new Set((input.resourceArns ?? []).map(canonicalResourceArn));
    const rows = (await visibleShares(ctx, owner))
      .filter((d) => d.status === 'ACTIVE' && (shares.size === 0 || shares.has(d.arn)))
      .filter((d) => input.principal === undefined || (owner === 'SELF' ? d.associations.some((a) => a.type === 'PRINCIPAL' && a.entity === input.principal && a.status !== 'DISASSOCIATED') : d.ownerAccountId === input.principal))
      .flatMap((d) => d.associations
        .filter((a) => a.type === 'RESOURCE' && a.status === 'ASSOCIATED')
        .filter((a) => (type === undefined || shareableResource(a.entity)?.type.resourceType === type) && (arns.size === 0 || arns.has(a.entity)))
        .map((a) => resourceView(d, a)));
    const p = page(rows, `resources:${owner}`, input.nextToken, input.maxResults);
    return { resources: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};

/**
 * ram:ListPrincipals: the accounts the caller shares with (SELF), or the accounts that share with
 * it (OTHER-ACCOUNTS: each share's owner).
 */
export const listPrincipals: Operation<ListInput> = {
  authorization: () => onAny('ram:ListPrincipals'),
  async handle(input, ctx) {
    const owner = checkOwner(input.resourceOwner);
    const type = checkType(input.resourceType);
    for (const arn of input.resourceShareArns ?? []) checkShareArn(arn);
    const shares = new Set(input.resourceShareArns ?? []);
    const named = new Set(input.principals ?? []);
    const holds = (d: Awaited<ReturnType<typeof visibleShares>>[number]) => d.associations.some((a) => a.type === 'RESOURCE' && a.status === 'ASSOCIATED' &&
      (input.resourceArn === undefined || a.entity === canonicalResourceArn(input.resourceArn)) &&
      (type === undefined || shareableResource(a.entity)?.type.resourceType === type));
    const rows = (await visibleShares(ctx, owner))
      .filter((d) => d.status === 'ACTIVE' && (shares.size === 0 || shares.has(d.arn)) && (input.resourceArn === undefined && type === undefined ? true : holds(d)))
      .flatMap((d) => owner === 'SELF'
        ? d.associations.filter((a) => a.type === 'PRINCIPAL' && a.status !== 'DISASSOCIATED' && (named.size === 0 || named.has(a.entity))).map((a) => principalView(d, a.entity, a))
        : named.size === 0 || named.has(d.ownerAccountId) ? [principalView(d, d.ownerAccountId, { createdAt: d.createdAt, updatedAt: d.updatedAt, external: true })] : []);
    const p = page(rows, `principals:${owner}`, input.nextToken, input.maxResults);
    return { principals: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};

/** ram:ListResourceTypes: the types sagelite's RAM can share. */
export const listResourceTypes: Operation<{ nextToken?: string; maxResults?: number; resourceRegionScope?: string }> = {
  authorization: () => onAny('ram:ListResourceTypes'),
  handle(input) {
    const rows = SHAREABLE_TYPES.filter(() => input.resourceRegionScope !== 'GLOBAL').map((t) => ({ resourceType: t.resourceType, serviceName: t.serviceName, resourceRegionScope: 'REGIONAL' }));
    const p = page(rows, 'resource-types', input.nextToken, input.maxResults);
    return { resourceTypes: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};
