import type { Operation } from '../operation.js';
import { featureGroupCatalogArn } from '../ram/grants.js';
import { onAll } from './arns.js';
import { paginate } from './paginate.js';

interface ListResourceCatalogsInput {
  NameContains?: string;
  CreationTimeAfter?: Date;
  CreationTimeBefore?: Date;
  SortOrder?: 'Ascending' | 'Descending';
  SortBy?: 'CreationTime';
  MaxResults?: number;
  NextToken?: string;
}

/** The catalog every account has in every region, holding its feature groups (what RAM shares for discoverability). */
export const DEFAULT_CATALOG_NAME = 'DefaultFeatureGroupCatalog';

/**
 * sagemaker:ListResourceCatalogs on `*`: the caller's resource catalogs in the region — the one
 * DefaultFeatureGroupCatalog, which exists as long as the account does (its CreationTime is the
 * account's). Catalogs other accounts share are searched (Search, CrossAccount), not listed.
 */
export const listResourceCatalogs: Operation<ListResourceCatalogsInput> = {
  authorization: () => [onAll('sagemaker:ListResourceCatalogs')],
  async handle(input, ctx) {
    const account = await ctx.state.accounts.getAccount(ctx.principal.accountId);
    const created = account?.createdAt ?? new Date(0);
    const catalogs = [{
      ResourceCatalogArn: featureGroupCatalogArn(ctx.region, ctx.principal.accountId),
      ResourceCatalogName: DEFAULT_CATALOG_NAME,
      Description: 'The catalog of the feature groups of this account in this region.',
      CreationTime: created,
    }].filter((c) =>
      (input.NameContains === undefined || c.ResourceCatalogName.toLowerCase().includes(input.NameContains.toLowerCase())) &&
      (input.CreationTimeAfter === undefined || c.CreationTime > input.CreationTimeAfter) &&
      (input.CreationTimeBefore === undefined || c.CreationTime < input.CreationTimeBefore));
    const page = paginate('ListResourceCatalogs', catalogs, input.NextToken, input.MaxResults ?? 10);
    return { ResourceCatalogs: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
  },
};
