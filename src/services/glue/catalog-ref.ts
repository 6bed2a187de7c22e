import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { OperationContext } from '../operation.js';
import { invalidInput } from './errors.js';

/** The catalog a request addresses: its CatalogId, or the caller's account when absent. */
export function catalogOf(ctx: OperationContext, catalogId: string | undefined): string {
  if (catalogId === undefined || catalogId === '') return ctx.principal.accountId;
  if (!/^\d{12}$/.test(catalogId)) throw invalidInput(`Invalid catalog id: ${catalogId}`);
  return catalogId;
}

/** Glue's resource ARNs: the catalog, a database, a table (names lower-case, as Glue keeps them). */
export const glueArn = {
  catalog: (region: string, acct: string) => `arn:aws:glue:${region}:${acct}:catalog`,
  database: (region: string, acct: string, db: string) => `arn:aws:glue:${region}:${acct}:database/${db.toLowerCase()}`,
  table: (region: string, acct: string, db: string, table: string) => `arn:aws:glue:${region}:${acct}:table/${db.toLowerCase()}/${table.toLowerCase()}`,
};

/**
 * Glue's authorization questions: the action on the catalog, then on the database and tables
 * given (AWS asks on every one of them), each owned by the catalog's account and carrying that
 * catalog's resource policy (PutResourcePolicy), which lets other accounts in as far as it and
 * their own policies both allow.
 *
 * @example
 * await onCatalog(ctx, 'glue:GetTable', input.CatalogId, 'sales', ['orders'])
 */
export async function onCatalog(ctx: OperationContext, action: string, catalogId: string | undefined, database?: string, tables: readonly string[] = []): Promise<AuthorizationRequest[]> {
  // A malformed CatalogId is the handler's InvalidInputException; ask on the caller's catalog meanwhile.
  const acct = catalogId && /^\d{12}$/.test(catalogId) ? catalogId : ctx.principal.accountId;
  const policy = await ctx.state.catalog.getCatalogPolicy(acct, ctx.region);
  const resourcePolicy = policy && { resourcePolicy: { name: `Data Catalog resource policy of ${acct}`, document: policy.document, kind: 'resource' as const } };
  const ask = (resource: string): AuthorizationRequest => ({ action, resource, resourceAccount: acct, ...resourcePolicy });
  const out = [ask(glueArn.catalog(ctx.region, acct))];
  if (database !== undefined) {
    out.push(ask(glueArn.database(ctx.region, acct, database)));
    for (const t of tables) out.push(ask(glueArn.table(ctx.region, acct, database, t)));
  }
  return out;
}

/**
 * One page of an ordered list. Tokens are opaque: base64 of the operation and next position; a
 * token this server did not issue for the operation is an InvalidInputException.
 */
export function paginate<T>(operation: string, all: readonly T[], token: string | undefined, size: number | undefined, max: number): { items: T[]; NextToken?: string } {
  if (size !== undefined && (size < 1 || size > max)) throw invalidInput(`MaxResults must be between 1 and ${max}.`);
  let start = 0;
  if (token) {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const prefix = `sagelite:${operation}:`;
    start = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : Number.NaN;
    if (!Number.isSafeInteger(start) || start < 0) throw invalidInput('Invalid pagination token');
  }
  const items = all.slice(start, start + (size ?? max));
  const next = start + items.length;
  return next < all.length ? { items, NextToken: Buffer.from(`sagelite:${operation}:${next}`, 'utf8').toString('base64') } : { items };
}
