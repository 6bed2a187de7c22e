import type { FeatureGroup } from '../../storage/feature-store.js';
import type { Operation } from '../operation.js';
import { onAll } from './arns.js';
import { paginate } from './paginate.js';
import { summaryView } from './views.js';

export interface ListFeatureGroupsInput {
  NameContains?: string;
  FeatureGroupStatusEquals?: FeatureGroup['status'];
  OfflineStoreStatusEquals?: 'Active' | 'Blocked' | 'Disabled';
  CreationTimeAfter?: Date;
  CreationTimeBefore?: Date;
  SortOrder?: 'Ascending' | 'Descending';
  SortBy?: 'Name' | 'FeatureGroupStatus' | 'OfflineStoreStatus' | 'CreationTime';
  MaxResults?: number;
  NextToken?: string;
}

/** SageMaker's page size for List* operations when MaxResults is absent. */
export const DEFAULT_MAX_RESULTS = 10;

type Key = string | number;

const SORT_KEYS: Record<NonNullable<ListFeatureGroupsInput['SortBy']>, (g: FeatureGroup) => Key> = {
  Name: (g) => g.name.toLowerCase(),
  FeatureGroupStatus: (g) => g.status,
  OfflineStoreStatus: (g) => g.offlineStoreStatus?.Status ?? '',
  CreationTime: (g) => g.createdAt.getTime(),
};

function matches(g: FeatureGroup, input: ListFeatureGroupsInput): boolean {
  if (input.NameContains !== undefined && !g.name.toLowerCase().includes(input.NameContains.toLowerCase())) return false;
  if (input.FeatureGroupStatusEquals !== undefined && g.status !== input.FeatureGroupStatusEquals) return false;
  if (input.OfflineStoreStatusEquals !== undefined && g.offlineStoreStatus?.Status !== input.OfflineStoreStatusEquals) return false;
  if (input.CreationTimeAfter !== undefined && !(g.createdAt > input.CreationTimeAfter)) return false;
  if (input.CreationTimeBefore !== undefined && !(g.createdAt < input.CreationTimeBefore)) return false;
  return true;
}

/**
 * sagemaker:ListFeatureGroups on `*`: the caller's account's groups in the region. Defaults are
 * SageMaker's: newest first (CreationTime, Descending), ten a page. NameContains ignores case.
 * Ties are broken by name, so pages never overlap.
 */
export const listFeatureGroups: Operation<ListFeatureGroupsInput> = {
  authorization: () => [onAll('sagemaker:ListFeatureGroups')],
  async handle(input, ctx) {
    const key = SORT_KEYS[input.SortBy ?? 'CreationTime'];
    const sign = (input.SortOrder ?? 'Descending') === 'Ascending' ? 1 : -1;
    const groups = (await ctx.state.featureGroups.listFeatureGroups(ctx.principal.accountId, ctx.region))
      .filter((g) => matches(g, input))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x !== y) return (x < y ? -1 : 1) * sign;
        return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1;
      });
    const page = paginate('ListFeatureGroups', groups, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    return { FeatureGroupSummaries: page.items.map(summaryView), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
