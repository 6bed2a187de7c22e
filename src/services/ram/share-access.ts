import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue } from '../../auth/policy/index.js';
import { AwsError } from '../../core/errors.js';
import { ShareConflictError, shareKeys, type ResourceShareDocument } from '../../storage/ram.js';
import type { OperationContext } from '../operation.js';
import { ACCOUNT_ID, checkShareArn } from './arns.js';
import { invalidParameter, malformedArn, operationNotPermitted, shareLimitExceeded, shareNotFound, unknownResource } from './errors.js';
import { MAX_LIVE_INVITATIONS_PER_RECEIVER, SAVE_ATTEMPTS } from './limits.js';
import { canonicalResourceArn, FEATURE_GROUP_TYPE, shareableResource } from './managed-permissions.js';
import { association, isConsumer, settle } from './share-model.js';

/** The share an ARN names, settled at the request's time, if the caller owns it in the request's region. */
export async function ownShare(ctx: OperationContext, arn: string): Promise<ResourceShareDocument> {
  const { region, accountId } = checkShareArn(arn);
  const doc = region === ctx.region && accountId === ctx.principal.accountId ? await ctx.state.resourceShares.getShare(arn) : undefined;
  if (!doc || doc.ownerAccountId !== ctx.principal.accountId) throw shareNotFound(arn);
  return settle(doc, ctx.clock.now().getTime());
}

/**
 * Reads a share, lets `change` decide and edit a copy, and saves it; when another writer saved
 * the share in between, reads and decides again. `load` finds and checks the share (ownership,
 * or an invitation's receiver); `change` returns the operation's answer.
 */
export async function changeShare<R>(
  ctx: OperationContext,
  load: () => Promise<ResourceShareDocument>,
  change: (doc: ResourceShareDocument, now: number) => R | Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const read = await load();
    const now = ctx.clock.now().getTime();
    const doc: ResourceShareDocument = { ...structuredClone(read), updatedAt: now, revision: read.revision + 1 };
    const result = await change(doc, now);
    try {
      await ctx.state.resourceShares.saveShare(doc);
      return result;
    } catch (e) {
      if (!(e instanceof ShareConflictError) || attempt >= SAVE_ATTEMPTS) {
        throw e instanceof ShareConflictError ? new AwsError('ServiceUnavailableException', 503, 'The resource share is being changed by another request. Try again.') : e;
      }
    }
  }
}

export type Owner = 'SELF' | 'OTHER-ACCOUNTS';

/** The shares the caller owns (SELF) or has accepted from other accounts (OTHER-ACCOUNTS), in the request's region, settled. */
export async function visibleShares(ctx: OperationContext, owner: Owner): Promise<ResourceShareDocument[]> {
  const me = ctx.principal.accountId;
  const now = ctx.clock.now().getTime();
  if (owner === 'SELF') return (await ctx.state.resourceShares.sharesOwnedBy(me, ctx.region)).map((d) => settle(d, now));
  return (await ctx.state.resourceShares.sharesByKey(shareKeys.consumer(me), now))
    .map((d) => settle(d, now))
    .filter((d) => d.region === ctx.region && d.ownerAccountId !== me && isConsumer(d, me));
}

/**
 * Refuses to invite a principal that already has MAX_LIVE_INVITATIONS_PER_RECEIVER live
 * invitations from the caller's account (in other shares): what a receiver's listings read must
 * not grow with what another account sends it. Only principals the share does not already hold
 * get a new invitation, so only they count. Two concurrent requests may each pass the check: the
 * bound holds to within the requests in flight.
 */
export async function checkInvitationBound(ctx: OperationContext, doc: ResourceShareDocument, principals: readonly string[], now: number): Promise<void> {
  for (const p of principals) {
    const held = association(doc, 'PRINCIPAL', p);
    if (held && held.status !== 'DISASSOCIATED') continue;
    const live = (await ctx.state.resourceShares.sharesByKey(shareKeys.invited(p), now))
      .filter((d) => d.ownerAccountId === ctx.principal.accountId && d.arn !== doc.arn).length;
    if (live >= MAX_LIVE_INVITATIONS_PER_RECEIVER) {
      throw shareLimitExceeded(`Account ${p} has ${MAX_LIVE_INVITATIONS_PER_RECEIVER} pending invitations from this account, the most it can have: wait for it to accept or reject them, or for them to expire.`);
    }
  }
}

/** A mutating operation on a share that is deleted meets what a missing share meets. */
export function requireActive(doc: ResourceShareDocument): void {
  if (doc.status !== 'ACTIVE') throw shareNotFound(doc.arn);
}

/**
 * The resource ARNs a request names, checked and made canonical: each must be a type sagelite
 * shares, and exist in the caller's account and the request's region. A feature group's ARN is
 * written as SageMaker writes it (its name lower-cased), so the share and every request on the
 * group name the same ARN.
 */
export async function checkResources(ctx: OperationContext, arns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arn of arns) {
    const r = shareableResource(arn);
    if (!r) {
      if (/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+/.test(arn)) throw operationNotPermitted(`You cannot share the selected resource type: ${arn}. sagelite's RAM shares SageMaker feature groups and the feature group catalog.`);
      throw malformedArn(`The specified resource ARN ${arn} is not valid. Verify the ARN and try again.`);
    }
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const exists = r.accountId === ctx.principal.accountId && r.region === ctx.region &&
      (r.type.resourceType !== FEATURE_GROUP_TYPE || (await ctx.state.featureGroups.getFeatureGroup(r.accountId, r.region, name)) !== undefined);
    if (!exists) throw unknownResource(`Resource ${arn} could not be found in account ${ctx.principal.accountId} and region ${ctx.region}.`);
    out.push(canonicalResourceArn(arn));
  }
  return [...new Set(out)];
}

/** The principals a request names: 12-digit account ids other than the owner's (sagelite has no organizations). */
export function checkPrincipals(ctx: OperationContext, principals: readonly string[]): string[] {
  for (const p of principals) {
    const org = /^arn:aws:organizations::\d{12}:(?:organization|ou)\/(o-[a-z0-9]+)/.exec(p);
    if (org) throw unknownResource(`Organization ${org[1]} could not be found.`);
    if (!ACCOUNT_ID.test(p)) throw invalidParameter(`Principal ID ${p} is malformed. Verify the ID and try again.`);
    if (p === ctx.principal.accountId) throw invalidParameter(`Principal ID ${p} is the account that owns the resource share: its own resources need no share.`);
  }
  return [...new Set(principals)];
}

/** ram:<action> on a share of the caller's, with its tags and name as condition keys. */
export async function onShare(ctx: OperationContext, action: string, arn: string): Promise<AuthorizationRequest[]> {
  const parsed = /^arn:aws:ram:[a-z0-9-]+:(\d{12}):resource-share\//.exec(arn);
  const doc = parsed ? await ctx.state.resourceShares.getShare(arn) : undefined;
  const context: Record<string, ContextValue> = {};
  if (doc) {
    context['ram:ResourceShareName'] = doc.name;
    for (const t of doc.tags) context[`aws:ResourceTag/${t.key}`] = t.value;
  }
  return [{ action, resource: arn, resourceAccount: parsed?.[1] ?? ctx.principal.accountId, ...(Object.keys(context).length ? { context } : {}) }];
}

/** ram:<action> on `*` (listings and reads that are not about one share). */
export function onAny(action: string): AuthorizationRequest[] {
  return [{ action, resource: '*' }];
}
