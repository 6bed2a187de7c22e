import { AwsError } from '../../../core/errors.js';
import type { Principal } from '../../../core/principal.js';
import { ErrorCategory, QueryFailure, type QueryCatalog } from '../../../query-engine/types.js';
import type { CatalogPartition, CatalogTable, PartitionDefinition, TableDefinition } from '../../../storage/catalog.js';
import type { ServerState } from '../../operation.js';
import { catalogFailure } from './access-errors.js';

const notFound = (e: unknown) => e instanceof AwsError && e.code === 'EntityNotFoundException';
const GLUE_BATCH = 100;

/**
 * The caller's Glue Data Catalog as a query sees it. Every question goes through sagelite's
 * Glue operations as the calling principal (glue:GetTable, glue:GetPartitions, glue:CreateTable
 * … on the catalog, database and table ARNs), so a query reads and changes only what the caller
 * may; what an allowed call returns is then read from the catalog store, typed.
 *
 * @example
 * const catalog = new CallerCatalog(state, principal, 'us-east-1');
 * const table = await catalog.getTable('sagemaker_featurestore', 'orders_1700000000');
 */
export class CallerCatalog implements QueryCatalog {
  readonly #catalogId: string;

  /** `catalogId`: the account whose Glue Data Catalog the query reads (a registered GLUE data catalog's), by default the caller's. */
  constructor(
    private readonly state: ServerState,
    private readonly principal: Principal,
    private readonly region: string,
    catalogId: string = principal.accountId,
  ) {
    this.#catalogId = catalogId;
  }

  async #call<O = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<O> {
    const catalog = this.#catalogId === this.principal.accountId ? {} : { CatalogId: this.#catalogId };
    try {
      return await this.state.internal.call<O>(this.principal, 'glue', operation, { ...catalog, ...input }, { region: this.region });
    } catch (e) {
      // EntityNotFound is an answer the methods interpret; every other refusal fails the query.
      if (notFound(e)) throw e;
      if (e instanceof AwsError && e.code !== 'AccessDeniedException') throw failure(e);
      throw catalogFailure(e);
    }
  }

  /** Pages through a Glue list operation, collecting `member` of every page. */
  async #all<T>(operation: string, input: Record<string, unknown>, member: string): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.#call<Record<string, unknown>>(operation, { ...input, ...(token ? { NextToken: token } : {}) });
      out.push(...((page[member] as T[] | undefined) ?? []));
      token = page['NextToken'] as string | undefined;
    } while (token);
    return out;
  }

  async listDatabases(): Promise<string[]> {
    const databases = await this.#all<{ Name: string }>('GetDatabases', {}, 'DatabaseList');
    return databases.map((d) => d.Name);
  }

  async databaseExists(database: string): Promise<boolean> {
    try {
      await this.#call('GetDatabase', { Name: database });
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }

  async createDatabase(database: string, options: { comment?: string; location?: string }): Promise<void> {
    await this.#call('CreateDatabase', { DatabaseInput: { Name: database, ...(options.comment ? { Description: options.comment } : {}), ...(options.location ? { LocationUri: options.location } : {}) } });
  }

  async dropDatabase(database: string): Promise<boolean> {
    try {
      await this.#call('DeleteDatabase', { Name: database });
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }

  async getTable(database: string, table: string): Promise<CatalogTable | undefined> {
    try {
      await this.#call('GetTable', { DatabaseName: database, Name: table });
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
    return this.state.catalog.getTable(this.#catalogId, this.region, database, table);
  }

  async listTables(database: string): Promise<CatalogTable[]> {
    try {
      await this.#all('GetTables', { DatabaseName: database }, 'TableList');
    } catch (e) {
      if (notFound(e)) return [];
      throw e;
    }
    return this.state.catalog.listTables(this.#catalogId, this.region, database);
  }

  async createTable(database: string, input: TableDefinition): Promise<void> {
    try {
      await this.#call('CreateTable', { DatabaseName: database, TableInput: input });
    } catch (e) {
      throw notFound(e) ? failure(e) : e;
    }
  }

  async dropTable(database: string, table: string): Promise<boolean> {
    try {
      await this.#call('DeleteTable', { DatabaseName: database, Name: table });
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }

  async listPartitions(database: string, table: string): Promise<CatalogPartition[]> {
    try {
      await this.#all('GetPartitions', { DatabaseName: database, TableName: table }, 'Partitions');
    } catch (e) {
      if (notFound(e)) return [];
      throw e;
    }
    return this.state.catalog.listPartitions(this.#catalogId, this.region, database, table);
  }

  async addPartitions(database: string, table: string, partitions: PartitionDefinition[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < partitions.length; i += GLUE_BATCH) {
      const batch = partitions.slice(i, i + GLUE_BATCH);
      let out: { Errors?: unknown[] };
      try {
        out = await this.#call('BatchCreatePartition', { DatabaseName: database, TableName: table, PartitionInputList: batch });
      } catch (e) {
        throw notFound(e) ? failure(e) : e;
      }
      // Partitions already there come back as AlreadyExists errors: MSCK adds only what is missing.
      added += batch.length - (out.Errors?.length ?? 0);
    }
    return added;
  }

  async dropPartitions(database: string, table: string, values: string[][]): Promise<number> {
    let dropped = 0;
    for (let i = 0; i < values.length; i += GLUE_BATCH) {
      const batch = values.slice(i, i + GLUE_BATCH);
      let out: { Errors?: unknown[] };
      try {
        out = await this.#call('BatchDeletePartition', { DatabaseName: database, TableName: table, PartitionsToDelete: batch.map((Values) => ({ Values })) });
      } catch (e) {
        throw notFound(e) ? failure(e) : e;
      }
      dropped += batch.length - (out.Errors?.length ?? 0);
    }
    return dropped;
  }
}

/** Glue's refusal

 (exists, not found, invalid input) as the query's failure, Glue's words kept. */
function failure(e: unknown): unknown {
  if (e instanceof AwsError) return new QueryFailure(ErrorCategory.User, 1003, `${e.code}: ${e.message}`);
  return e;
}
