import type { ResourcePolicyDocument } from '../../auth/authorizer.js';
import { shareKeys } from '../../storage/ram.js';
import type { OperationContext } from '../operation.js';
import { CATALOG_TYPE, FEATURE_GROUP_TYPE } from './managed-permissions.js';
import { visibleShares } from './share-access.js';
import { grantedActions, isConsumer, settle, sharesResource } from './share-model.js';

/**
 * What accepted RAM shares grant, as the rest of sagelite asks it.
 *
 * On AWS, sharing a feature group through RAM gives the group a resource-based policy that RAM
 * manages: the consumer account as principal, the share's permission's actions. sagelite builds
 * that policy from the shares at the moment of each request, so a disassociation, a deleted share
 * or a replaced permission holds from the next request on. The caller's own IAM policies must
 * still allow the action (cross-account access needs both), as on AWS.
 */
export async function sharedFeatureGroupPolicy(ctx: OperationContext, groupArn: string, ownerAccountId: string): Promise<ResourcePolicyDocument | undefined> {
  const me = ctx.principal.accountId;
  const now = ctx.clock.now().getTime();
  const statements = (await ctx.state.resourceShares.sharesByKey(shareKeys.resource(groupArn), now))
    .filter((d) => d.ownerAccountId === ownerAccountId && d.region === ctx.region)
    .map((d) => settle(d, now))
    .filter((d) => sharesResource(d, groupArn) && isConsumer(d, me))
    .map((d) => ({ share: d, actions: grantedActions(d, FEATURE_GROUP_TYPE) }))
    .filter((s) => s.actions.length > 0);
  if (statements.length === 0) return undefined;
  return {
    name: `RAM resource share${statements.length > 1 ? 's' : ''} ${statements.map((s) => `${s.share.name} (${s.share.arn}, ${s.share.permissions.find((p) => p.resourceType === FEATURE_GROUP_TYPE)!.arn.split('/')[1]})`).join(', ')}`,
    kind: 'resource',
    document: JSON.stringify({
      Version: '2012-10-17',
      Statement: statements.map((s) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${me}:root` }, Action: [...s.actions], Resource: groupArn })),
    }),
  };
}

/** The catalog ARN of an account's feature groups in a region (what discoverability shares name). */
export function featureGroupCatalogArn(region: string, accountId: string): string {
  return `arn:aws:sagemaker:${region}:${accountId}:sagemaker-catalog/DefaultFeatureGroupCatalog`;
}

/** The accounts whose feature group catalog in the request's region the caller has accepted a share of (discoverability). */
export async function discoverableAccounts(ctx: OperationContext): Promise<string[]> {
  const owners = (await visibleShares(ctx, 'OTHER-ACCOUNTS'))
    .filter((d) => sharesResource(d, featureGroupCatalogArn(ctx.region, d.ownerAccountId)) && grantedActions(d, CATALOG_TYPE).length > 0)
    .map((d) => d.ownerAccountId);
  return [...new Set(owners)].sort();
}
