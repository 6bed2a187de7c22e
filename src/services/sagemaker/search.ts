import type { Operation, OperationContext } from '../operation.js';
import { onAll } from './arns.js';
import { paginate } from './paginate.js';
import { matchesExpression, sortByProperty, type Filter, type SearchExpression } from './search-filters.js';
import { featureMetadataView, searchGroupView } from './views.js';

export interface SearchInput {
  Resource: string;
  SearchExpression?: SearchExpression;
  SortBy?: string;
  SortOrder?: 'Ascending' | 'Descending';
  NextToken?: string;
  MaxResults?: number;
  CrossAccountFilterOption?: 'SameAccount' | 'CrossAccount';
  VisibilityConditions?: Array<{ Key?: string; Value?: string }>;
}

/** Search's page size when MaxResults is absent. */
export const DEFAULT_SEARCH_RESULTS = 10;

/** The records of one resource type in the caller's account and region, as Search shows them. */
async function records(ctx: OperationContext, resource: string): Promise<Array<Record<string, unknown>>> {
  const store = ctx.state.featureGroups;
  const groups = await store.listFeatureGroups(ctx.principal.accountId, ctx.region);
  if (resource === 'FeatureGroup') return groups.map(searchGroupView);
  if (resource === 'FeatureMetadata') {
    const out: Array<Record<string, unknown>> = [];
    for (const g of groups) for (const m of await store.listFeatureMetadata(g.accountId, g.region, g.name)) out.push(featureMetadataView(g, m));
    return out;
  }
  return []; // sagelite has no training jobs, endpoints, models, …: they are never found.
}

/**
 * sagemaker:Search on `*` over FeatureGroup and FeatureMetadata records of the caller's account
 * and region. Filters name properties as the records show them (`FeatureGroupName`,
 * `OfflineStoreStatus.Status`, `Tags.<key>`, `Parameters.<key>`, `FeatureDefinitions.FeatureType`);
 * VisibilityConditions act as Equals filters. Sorted by LastModifiedTime, newest first, unless
 * SortBy/SortOrder say otherwise. CrossAccount finds nothing more: sagelite has no RAM catalog shares.
 */
export const search: Operation<SearchInput> = {
  authorization: () => [onAll('sagemaker:Search')],
  async handle(input, ctx) {
    const visibility: Filter[] = (input.VisibilityConditions ?? [])
      .filter((v) => v.Key !== undefined)
      .map((v) => ({ Name: v.Key!, Operator: 'Equals', Value: v.Value ?? '' }));
    const matching = (await records(ctx, input.Resource)).filter(
      (r) => matchesExpression(r, input.SearchExpression) && matchesExpression(r, { Filters: visibility }),
    );
    const sorted = sortByProperty(matching, (r) => r, input.SortBy ?? 'LastModifiedTime', input.SortOrder ?? 'Descending');
    const page = paginate('Search', sorted, input.NextToken, input.MaxResults ?? DEFAULT_SEARCH_RESULTS);
    return {
      Results: page.items.map((r) => ({ [input.Resource]: r })),
      ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      TotalHits: { Value: sorted.length, Relation: 'EqualTo' },
    };
  },
};
