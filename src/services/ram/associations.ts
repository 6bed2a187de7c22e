import type { Operation } from '../operation.js';
import { checkShareArn } from './arns.js';
import { associate, disassociate } from './associate.js';
import { checkRequestSize } from './create-resource-share.js';
import { invalidParameter } from './errors.js';
import { canonicalResourceArn } from './managed-permissions.js';
import { page } from './pages.js';
import { changeShare, checkInvitationBound, checkPrincipals, checkResources, onAny, onShare, ownShare, requireActive, visibleShares } from './share-access.js';
import { associationView } from './views.js';

interface AssociationInput {
  resourceShareArn: string;
  resourceArns?: string[];
  principals?: string[];
  clientToken?: string;
  sources?: string[];
}

const echo = (token: string | undefined) => (token !== undefined ? { clientToken: token } : {});

/** ram:AssociateResourceShare: adds resources (associated at once) and principals (invited) to a share of the caller's. */
export const associateResourceShare: Operation<AssociationInput> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:AssociateResourceShare', input.resourceShareArn),
  async handle(input, ctx) {
    if (input.sources?.length) throw invalidParameter('sources restrict a share with a service principal; sagelite shares with accounts only.');
    checkRequestSize(input.resourceArns, input.principals);
    const resources = await checkResources(ctx, input.resourceArns ?? []);
    const principals = checkPrincipals(ctx, input.principals ?? []);
    const views = await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), async (doc, now) => {
      requireActive(doc);
      await checkInvitationBound(ctx, doc, principals, now);
      return associate(doc, resources, principals, now).map((a) => associationView(doc, a));
    });
    return { resourceShareAssociations: views, ...echo(input.clientToken) };
  },
};

/** ram:DisassociateResourceShare: ends associations; a consumer loses access the moment its principal or the resource is removed. */
export const disassociateResourceShare: Operation<AssociationInput> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:DisassociateResourceShare', input.resourceShareArn),
  async handle(input, ctx) {
    checkRequestSize(input.resourceArns, input.principals);
    const views = await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), (doc, now) => {
      requireActive(doc);
      return disassociate(doc, input.resourceArns ?? [], input.principals ?? [], now).map((a) => associationView(doc, a, 'DISASSOCIATING'));
    });
    return { resourceShareAssociations: views, ...echo(input.clientToken) };
  },
};

interface GetAssociationsInput {
  associationType: string;
  resourceShareArns?: string[];
  resourceArn?: string;
  principal?: string;
  associationStatus?: string;
  nextToken?: string;
  maxResults?: number;
}

/** ram:GetResourceShareAssociations: the resource or principal associations of the caller's shares. */
export const getResourceShareAssociations: Operation<GetAssociationsInput> = {
  authorization: () => onAny('ram:GetResourceShareAssociations'),
  async handle(input, ctx) {
    const type = input.associationType;
    if (type !== 'RESOURCE' && type !== 'PRINCIPAL') throw invalidParameter(`${type} is not a valid association type. Specify either RESOURCE or PRINCIPAL and try again.`);
    if (type === 'RESOURCE' && input.principal !== undefined) throw invalidParameter('principal can be given only with associationType PRINCIPAL.');
    if (type === 'PRINCIPAL' && input.resourceArn !== undefined) throw invalidParameter('resourceArn can be given only with associationType RESOURCE.');
    for (const arn of input.resourceShareArns ?? []) checkShareArn(arn);
    const wanted = input.resourceShareArns ? new Set(input.resourceShareArns) : undefined;
    const entity = type === 'RESOURCE' && input.resourceArn !== undefined ? canonicalResourceArn(input.resourceArn) : input.principal;
    const rows = (await visibleShares(ctx, 'SELF'))
      .filter((d) => !wanted || wanted.has(d.arn))
      .flatMap((d) => d.associations
        .filter((a) => a.type === type && (entity === undefined || a.entity === entity) && (input.associationStatus === undefined || a.status === input.associationStatus))
        .map((a) => associationView(d, a)));
    const p = page(rows, `associations:${type}`, input.nextToken, input.maxResults);
    return { resourceShareAssociations: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};
