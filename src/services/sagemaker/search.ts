import type { Operation, OperationContext } from '../operation.js';
import { discoverableAccounts } from '../ram/grants.js';
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

/** At most this many other accounts' catalogs are searched (SageMaker: 1,000 viewable resource catalogs). */
export const MAX_VIEWABLE_CATALOGS = 1000;

/**
 * The records of one resource type, as Search shows them: in the caller's account and region, or
 * (CrossAccount) in the accounts whose feature group catalog is shared with it through RAM and
 * accepted — those without tags, which are not shared.
 */
async function records(ctx: OperationContext, resource: string, crossAccount: boolean): Promise<Array<Record<string, unknown>>> {
  const store = ctx.state.featureGroups;
  const accounts = crossAccount ? (await discoverableAccounts(ctx)).slice(0, MAX_VIEWABLE_CATALOGS) : [ctx.principal.accountId];
  const groups = (await Promise.all(accounts.map((a) => store.listFeatureGroups(a, ctx.region)))).flat();
  if (resource === 'FeatureGroup') return groups.map((g) => (crossAccount ? withoutTags(searchGroupView(g)) : searchGroupView(g)));
  if (resource === 'FeatureMetadata') {
    const out: Array<Record<string, unknown>> = [];
    for (const g of groups) for (const m of await store.listFeatureMetadata(g.accountId, g.region, g.name)) out.push(featureMetadataView(g, m));
    return out;
  }
  return []; // sagelite has no training jobs, endpoints, models, …: they are never found.
}

function withoutTags(view: Record<string, unknown>): Record<string, unknown> {
  const { Tags: _tags, ...rest } = view;
  return rest;
}

/**
 * sagemaker:Search on `*` over FeatureGroup and FeatureMetadata records of the caller's account
 * and region. Filters name properties as the records show them (`FeatureGroupName`,
 * `OfflineStoreStatus.Status`, `Tags.<key>`, `Parameters.<key>`, `FeatureDefinitions.FeatureType`);
 * VisibilityConditions act as Equals filters. Sorted by LastModifiedTime, newest first, unless
 * SortBy/SortOrder say otherwise. CrossAccount searches the catalogs other accounts share through RAM instead.
 */
export const search: Operation<SearchInput> = {
  authorization: () => [onAll('sagemaker:Search')],
  async handle(input, ctx) {
    const visibility: Filter[] = (input.VisibilityConditions ?? [])
      .filter((v) => v.Key !== undefined)
      .map((v) => ({ Name: v.Key!, Operator: 'Equals', Value: v.Value ?? '' }));
    const matching = (await records(ctx, input.Resource, input.CrossAccountFilterOption === 'CrossAccount')).filter(
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
