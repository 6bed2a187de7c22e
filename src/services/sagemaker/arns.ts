import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue, RequestContextKeys } from '../../auth/policy/index.js';
import type { FeatureGroup } from '../../storage/feature-store.js';
import type { OperationContext } from '../operation.js';
import { sharedFeatureGroupPolicy } from '../ram/grants.js';

/**
 * A feature group's ARN. SageMaker writes resource names lower-case in its ARNs (as for training
 * jobs and endpoints), so policies match `feature-group/<lower-case name>`.
 */
export function featureGroupArn(accountId: string, region: string, name: string): string {
  return `arn:aws:sagemaker:${region}:${accountId}:feature-group/${name.toLowerCase()}`;
}

/** Where a FeatureGroupName (a name, or an ARN for another account's group) points. */
export interface GroupRef {
  accountId: string;
  region: string;
  /** The name as the request spelt it. */
  name: string;
  /** The canonical ARN, the resource every authorization question is asked on. */
  arn: string;
  /** What the request said, for error messages. */
  given: string;
}

const ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):(\d{12}):feature-group\/(.+)$/;

/** Resolves a name (the caller's account and region) or a feature-group ARN. */
export function groupRef(ctx: Pick<OperationContext, 'principal' | 'region'>, nameOrArn: string): GroupRef {
  const m = ARN.exec(nameOrArn);
  const [accountId, region, name] = m ? [m[2]!, m[1]!, m[3]!] : [ctx.principal.accountId, ctx.region, nameOrArn];
  return { accountId, region, name, arn: featureGroupArn(accountId, region, name), given: nameOrArn };
}

/**
 * The group a reference names. A group of another region is not found: SageMaker is regional,
 * and the request went to `ctx.region`.
 */
export async function findGroup(ctx: OperationContext, ref: GroupRef): Promise<FeatureGroup | undefined> {
  if (ref.region !== ctx.region) return undefined;
  return ctx.state.featureGroups.getFeatureGroup(ref.accountId, ref.region, ref.name);
}

/** `aws:ResourceTag/…` and `sagemaker:ResourceTag/…` for an existing group's tags. */
export function resourceTagContext(tags: ReadonlyArray<{ Key: string; Value: string }>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const t of tags) {
    out[`aws:ResourceTag/${t.Key}`] = t.Value;
    out[`sagemaker:ResourceTag/${t.Key}`] = t.Value;
  }
  return out;
}

/** `aws:RequestTag/…` and `aws:TagKeys` for the tags a request sets. */
export function requestTagContext(tags: ReadonlyArray<{ Key: string; Value?: string }> | undefined): RequestContextKeys {
  if (!tags || tags.length === 0) return {};
  const out: Record<string, ContextValue> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value ?? '';
  return out;
}

/**
 * One authorization question on a feature group, owned by the account its reference names; an
 * existing group brings its tags as condition keys, and, asked from another account, the
 * resource policy its accepted RAM shares amount to (src/services/ram/grants.ts).
 */
export async function onFeatureGroup(ctx: OperationContext, action: string, ref: GroupRef, extra: RequestContextKeys = {}): Promise<AuthorizationRequest> {
  const group = await findGroup(ctx, ref);
  const context = { ...(group ? resourceTagContext(group.tags) : {}), ...extra };
  const shared = ref.accountId !== ctx.principal.accountId && group ? await sharedFeatureGroupPolicy(ctx, ref.arn, ref.accountId) : undefined;
  return {
    action,
    resource: ref.arn,
    resourceAccount: ref.accountId,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(shared ? { resourcePolicy: shared } : {}),
  };
}

/** Operations without a resource of their own (ListFeatureGroups, Search) are asked on `*`. */
export function onAll(action: string): AuthorizationRequest {
  return { action, resource: '*' };
}
