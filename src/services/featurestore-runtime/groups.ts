import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { OperationContext } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup } from '../sagemaker/arns.js';
import { compiledGroup, type CompiledGroup } from './compiled.js';
import { groupNotFound, invalidForGroup, type RuntimeOperation } from './errors.js';

/**
 * The group a FeatureGroupName names — a name in the caller's account and the request's region,
 * or an ARN naming another account's group — compiled for the runtime. Records are served only
 * while the group is Created.
 */
export async function runtimeGroup(ctx: OperationContext, nameOrArn: string, operation: RuntimeOperation): Promise<CompiledGroup> {
  const group = await findGroup(ctx, groupRef(ctx, nameOrArn));
  if (!group) throw groupNotFound(nameOrArn, operation);
  if (group.status !== 'Created') {
    throw invalidForGroup(`FeatureGroup ${group.name} is ${group.status}; records can be read and written only while it is Created.`);
  }
  return compiledGroup(group);
}

/**
 * The IAM question of a single-group runtime operation: the action on the group's ARN, owned by
 * the account the name or ARN points to. A caller from another account is thus allowed only
 * through a resource policy: the one its accepted RAM shares amount to, or none, and then an
 * assumed role in the owning account is the way in, as far as that account's policies allow.
 */
export function onGroup(action: string) {
  return async (input: { FeatureGroupName: string }, ctx: OperationContext): Promise<AuthorizationRequest[]> => [
    await onFeatureGroup(ctx, action, groupRef(ctx, input.FeatureGroupName)),
  ];
}

/** TargetStores resolved against the group: by default every store it has; a store it lacks is an error. */
export function targetStores(c: CompiledGroup, requested: readonly string[] | undefined): { online: boolean; offline: boolean } {
  if (!requested || requested.length === 0) return { online: c.online, offline: c.offline };
  const online = requested.includes('OnlineStore');
  const offline = requested.includes('OfflineStore');
  if (online && !c.online) throw invalidForGroup(`TargetStores includes OnlineStore, but FeatureGroup ${c.group.name} has no OnlineStore.`);
  if (offline && !c.offline) throw invalidForGroup(`TargetStores includes OfflineStore, but FeatureGroup ${c.group.name} has no OfflineStore.`);
  return { online, offline };
}

/** GetRecord and BatchGetRecord read the online store: a group without one cannot answer. */
export function requireOnlineStore(c: CompiledGroup): void {
  if (!c.online) throw invalidForGroup(`FeatureGroup ${c.group.name} has no OnlineStore: records can be read only from a group with an OnlineStore enabled.`);
}
