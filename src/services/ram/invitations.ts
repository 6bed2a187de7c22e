import { shareKeys, type ResourceShareDocument, type ShareInvitation } from '../../storage/ram.js';
import type { Operation, OperationContext } from '../operation.js';
import { checkInvitationArn, checkShareArn } from './arns.js';
import {
  invitationAlreadyAccepted, invitationAlreadyRejected, invitationExpired, invitationNotFound, invalidParameter,
} from './errors.js';
import { page } from './pages.js';
import { changeShare, onAny } from './share-access.js';
import { invitationStatus, settle } from './share-model.js';
import { invitationView, resourceView } from './views.js';

/**
 * The invitations the caller has received in the request's region, with their shares, settled:
 * those named by ARN whatever their status; otherwise the live ones (pending) and the accepted
 * ones of shares the caller still consumes. Rejected, expired and ended invitations are listed
 * only by ARN, so a listing reads what the caller took part in, not all another account ever
 * sent it (docs/DECISIONS.md, "RAM").
 */
async function received(ctx: OperationContext, invitationArns: readonly string[] | undefined): Promise<Array<{ doc: ResourceShareDocument; inv: ShareInvitation }>> {
  const me = ctx.principal.accountId;
  const now = ctx.clock.now().getTime();
  const store = ctx.state.resourceShares;
  const keys = invitationArns ? invitationArns.map(shareKeys.invitation) : [shareKeys.invited(me), shareKeys.consumer(me)];
  const docs = new Map<string, ResourceShareDocument>();
  for (const key of keys) for (const d of await store.sharesByKey(key, now)) if (d.region === ctx.region) docs.set(d.arn, d);
  const wanted = (inv: ShareInvitation) => invitationArns !== undefined || inv.status === 'PENDING' || inv.status === 'ACCEPTED';
  return [...docs.values()]
    .sort((x, y) => x.createdAt - y.createdAt || (x.arn < y.arn ? -1 : 1))
    .map((d) => settle(d, now))
    .flatMap((doc) => doc.invitations.filter((inv) => inv.receiverAccountId === me && wanted(inv)).map((inv) => ({ doc, inv })));
}

/** The share holding an invitation the caller received; anyone else's invitation is not found. */
async function shareInviting(ctx: OperationContext, arn: string): Promise<ResourceShareDocument> {
  checkInvitationArn(arn);
  const now = ctx.clock.now().getTime();
  const doc = (await ctx.state.resourceShares.sharesByKey(shareKeys.invitation(arn), now)).find((d) => d.region === ctx.region);
  if (!doc || !doc.invitations.some((i) => i.arn === arn && i.receiverAccountId === ctx.principal.accountId)) throw invitationNotFound(arn);
  return settle(doc, now);
}

/** The invitation must still be pending; each other state has its own error. */
function requirePending(inv: ShareInvitation, now: number): void {
  const status = invitationStatus(inv, now);
  if (status === 'ACCEPTED') throw invitationAlreadyAccepted(inv.arn);
  if (status === 'REJECTED') throw invitationAlreadyRejected(inv.arn);
  if (status === 'EXPIRED') throw invitationExpired(inv.arn);
}

/** Accepting or rejecting: the invitation's new status, and the invited principal's association with it. */
function answer(ctx: OperationContext, arn: string, accept: boolean) {
  return changeShare(ctx, () => shareInviting(ctx, arn), (doc, now) => {
    const inv = doc.invitations.find((i) => i.arn === arn)!;
    requirePending(inv, now);
    if (doc.status !== 'ACTIVE') throw invitationExpired(arn);
    const answered: ShareInvitation = { ...inv, status: accept ? 'ACCEPTED' : 'REJECTED' };
    doc.invitations = doc.invitations.map((i) => (i === inv ? answered : i));
    doc.associations = doc.associations.map((a) =>
      a.type === 'PRINCIPAL' && a.entity === inv.receiverAccountId && a.status === 'ASSOCIATING'
        ? accept ? { ...a, status: 'ASSOCIATED', updatedAt: now } : { ...a, status: 'DISASSOCIATED', statusMessage: 'The invitation was rejected.', updatedAt: now }
        : a);
    return invitationView(doc, answered, now);
  });
}

const echo = (token: string | undefined) => (token !== undefined ? { clientToken: token } : {});

/** ram:AcceptResourceShareInvitation: the invited account becomes a consumer of the share. */
export const acceptResourceShareInvitation: Operation<{ resourceShareInvitationArn: string; clientToken?: string }> = {
  authorization: (input, ctx) => [{ action: 'ram:AcceptResourceShareInvitation', resource: input.resourceShareInvitationArn, resourceAccount: ctx.principal.accountId }],
  async handle(input, ctx) {
    return { resourceShareInvitation: await answer(ctx, input.resourceShareInvitationArn, true), ...echo(input.clientToken) };
  },
};

/** ram:RejectResourceShareInvitation: the invitation ends, and with it the principal's association. */
export const rejectResourceShareInvitation: Operation<{ resourceShareInvitationArn: string; clientToken?: string }> = {
  authorization: (input, ctx) => [{ action: 'ram:RejectResourceShareInvitation', resource: input.resourceShareInvitationArn, resourceAccount: ctx.principal.accountId }],
  async handle(input, ctx) {
    return { resourceShareInvitation: await answer(ctx, input.resourceShareInvitationArn, false), ...echo(input.clientToken) };
  },
};

/** ram:GetResourceShareInvitations: the invitations the caller received, filtered by invitation or share ARN. */
export const getResourceShareInvitations: Operation<{ resourceShareInvitationArns?: string[]; resourceShareArns?: string[]; nextToken?: string; maxResults?: number }> = {
  authorization: () => onAny('ram:GetResourceShareInvitations'),
  async handle(input, ctx) {
    for (const arn of input.resourceShareInvitationArns ?? []) checkInvitationArn(arn);
    for (const arn of input.resourceShareArns ?? []) checkShareArn(arn);
    const all = await received(ctx, input.resourceShareInvitationArns);
    for (const arn of input.resourceShareInvitationArns ?? []) if (!all.some((x) => x.inv.arn === arn)) throw invitationNotFound(arn);
    const byInvitation = input.resourceShareInvitationArns ? new Set(input.resourceShareInvitationArns) : undefined;
    const byShare = input.resourceShareArns ? new Set(input.resourceShareArns) : undefined;
    const now = ctx.clock.now().getTime();
    const rows = all.filter((x) => (!byInvitation || byInvitation.has(x.inv.arn)) && (!byShare || byShare.has(x.doc.arn))).map((x) => invitationView(x.doc, x.inv, now));
    const p = page(rows, 'invitations', input.nextToken, input.maxResults);
    return { resourceShareInvitations: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};

/** ram:ListPendingInvitationResources: what a pending invitation would share, so the receiver can decide. */
export const listPendingInvitationResources: Operation<{ resourceShareInvitationArn: string; nextToken?: string; maxResults?: number; resourceRegionScope?: string }> = {
  authorization: () => onAny('ram:ListPendingInvitationResources'),
  async handle(input, ctx) {
    const doc = await shareInviting(ctx, input.resourceShareInvitationArn);
    const inv = doc.invitations.find((i) => i.arn === input.resourceShareInvitationArn)!;
    const now = ctx.clock.now().getTime();
    const status = invitationStatus(inv, now);
    if (status === 'REJECTED') throw invitationAlreadyRejected(inv.arn);
    if (status === 'EXPIRED') throw invitationExpired(inv.arn);
    if (status !== 'PENDING') throw invalidParameter(`ResourceShareInvitation ${inv.arn} is not pending: it was ${status.toLowerCase()}.`);
    const rows = doc.associations.filter((a) => a.type === 'RESOURCE' && a.status === 'ASSOCIATED').map((a) => resourceView(doc, a));
    const p = page(rows, `pending:${inv.arn}`, input.nextToken, input.maxResults);
    return { resources: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },
};
