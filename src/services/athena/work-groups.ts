import { requestTagContext } from '../sagemaker/arns.js';
import { PRIMARY_WORK_GROUP, WorkGroupExistsError, type AthenaResultConfiguration, type AthenaTag, type WorkGroupConfiguration, type WorkGroupRecord } from '../../storage/athena.js';
import type { Operation, OperationContext } from '../operation.js';
import { onAnyResource, onWorkGroup, paginate } from './arns.js';
import { invalidRequest, workGroupNotFound } from './errors.js';
import { checkResultConfiguration } from './result-config.js';
import { checkTags } from './tags.js';
import { workGroupSummary, workGroupView } from './views.js';

/** A work group of the caller's account and region, or Athena's "is not found". */
export async function requireWorkGroup(ctx: OperationContext, name: string): Promise<WorkGroupRecord> {
  const wg = await ctx.state.athena.getWorkGroup(ctx.principal.accountId, ctx.region, name);
  if (!wg) throw workGroupNotFound(name);
  return wg;
}

/** athena:CreateWorkGroup on the new work group, its tags as aws:RequestTag/… and aws:TagKeys. */
export const createWorkGroup: Operation<{ Name: string; Configuration?: WorkGroupConfiguration; Description?: string; Tags?: AthenaTag[] }> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:CreateWorkGroup', input.Name, requestTagContext(input.Tags)),
  async handle(input, ctx) {
    // Athena's defaults for a work group made through the API (primary's differ: see the store).
    const configuration: WorkGroupConfiguration = { EnforceWorkGroupConfiguration: true, PublishCloudWatchMetricsEnabled: true, RequesterPaysEnabled: false, ...(input.Configuration ?? {}) };
    checkResultConfiguration(configuration.ResultConfiguration);
    const tags = checkTags(input.Tags ?? []);
    try {
      await ctx.state.athena.createWorkGroup({
        accountId: ctx.principal.accountId,
        region: ctx.region,
        name: input.Name,
        state: 'ENABLED',
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        configuration,
        tags,
        createdAt: ctx.clock.now(),
      });
    } catch (e) {
      if (e instanceof WorkGroupExistsError) throw invalidRequest('WorkGroup is already created');
      throw e;
    }
    return {};
  },
};

/** athena:GetWorkGroup on the work group. */
export const getWorkGroup: Operation<{ WorkGroup: string }> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:GetWorkGroup', input.WorkGroup),
  handle: async (input, ctx) => ({ WorkGroup: workGroupView(await requireWorkGroup(ctx, input.WorkGroup)) }),
};

/** athena:ListWorkGroups (no resource type: `*`); by name, pages of up to 50. */
export const listWorkGroups: Operation<{ NextToken?: string; MaxResults?: number }> = {
  authorization: () => onAnyResource('athena:ListWorkGroups'),
  async handle(input, ctx) {
    const all = await ctx.state.athena.listWorkGroups(ctx.principal.accountId, ctx.region);
    const { items, NextToken } = paginate('ListWorkGroups', '', all, input.NextToken, input.MaxResults, 50);
    return { WorkGroups: items.map(workGroupSummary), ...(NextToken ? { NextToken } : {}) };
  },
};

interface ResultConfigurationUpdates extends AthenaResultConfiguration {
  RemoveOutputLocation?: boolean;
  RemoveEncryptionConfiguration?: boolean;
  RemoveExpectedBucketOwner?: boolean;
  RemoveAclConfiguration?: boolean;
}

interface ConfigurationUpdates extends Omit<WorkGroupConfiguration, 'ResultConfiguration'> {
  ResultConfigurationUpdates?: ResultConfigurationUpdates;
  RemoveBytesScannedCutoffPerQuery?: boolean;
}

const RESULT_MEMBERS = ['OutputLocation', 'EncryptionConfiguration', 'ExpectedBucketOwner', 'AclConfiguration'] as const;

/** Applies WorkGroupConfigurationUpdates: members given replace, `Remove…` flags drop. */
export function applyConfigurationUpdates(current: WorkGroupConfiguration, updates: ConfigurationUpdates): WorkGroupConfiguration {
  const { ResultConfigurationUpdates: rcu, RemoveBytesScannedCutoffPerQuery, ...plain } = updates;
  const next: WorkGroupConfiguration = { ...current };
  for (const [k, v] of Object.entries(plain)) if (v !== undefined && !k.startsWith('Remove')) next[k] = v;
  if (RemoveBytesScannedCutoffPerQuery === true) delete next.BytesScannedCutoffPerQuery;
  if (rcu) {
    const rc: AthenaResultConfiguration = { ...(current.ResultConfiguration ?? {}) };
    for (const m of RESULT_MEMBERS) {
      if (rcu[`Remove${m}`] === true) delete rc[m];
      else if (rcu[m] !== undefined) (rc as Record<string, unknown>)[m] = rcu[m];
    }
    checkResultConfiguration(rc);
    next.ResultConfiguration = rc;
  }
  return next;
}

/** athena:UpdateWorkGroup: description, state, configuration updates. */
export const updateWorkGroup: Operation<{ WorkGroup: string; Description?: string; ConfigurationUpdates?: ConfigurationUpdates; State?: 'ENABLED' | 'DISABLED' }> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:UpdateWorkGroup', input.WorkGroup),
  async handle(input, ctx) {
    const wg = await requireWorkGroup(ctx, input.WorkGroup);
    const next: WorkGroupRecord = {
      ...wg,
      ...(input.State !== undefined ? { state: input.State } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      configuration: input.ConfigurationUpdates ? applyConfigurationUpdates(wg.configuration, input.ConfigurationUpdates) : wg.configuration,
    };
    await ctx.state.athena.putWorkGroup(next);
    return {};
  },
};

/** athena:DeleteWorkGroup; `primary` cannot be deleted. Its query history goes with it. */
export const deleteWorkGroup: Operation<{ WorkGroup: string; RecursiveDeleteOption?: boolean }> = {
  authorization: (input, ctx) => onWorkGroup(ctx, 'athena:DeleteWorkGroup', input.WorkGroup),
  async handle(input, ctx) {
    if (input.WorkGroup === PRIMARY_WORK_GROUP) throw invalidRequest('Cannot delete primary workgroup');
    await requireWorkGroup(ctx, input.WorkGroup);
    // Named queries and prepared statements would need RecursiveDeleteOption; sagelite keeps neither, so nothing blocks.
    await ctx.state.athena.deleteWorkGroup(ctx.principal.accountId, ctx.region, input.WorkGroup);
    return {};
  },
};
