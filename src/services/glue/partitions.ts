import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogPartition, type CatalogTable, type PartitionDefinition } from '../../storage/catalog.js';
import type { Operation, OperationContext } from '../operation.js';
import { onCatalog, paginate } from './catalog-ref.js';
import { alreadyExists, entityNotFound, invalidInput, tableNotFound } from './errors.js';
import { partitionFilter } from './partition-expression.js';
import { existingDatabase } from './tables.js';

interface OnTable { CatalogId?: string; DatabaseName: string; TableName: string }

const ask = (action: string) => (input: OnTable, ctx: OperationContext) => onCatalog(ctx, action, input.CatalogId, input.DatabaseName, [input.TableName]);
const partitionNotFound = () => entityNotFound('Cannot find partition.');

/** The table a partition operation names, after its database (Glue's order of not-found errors). */
async function existingTable(ctx: OperationContext, input: OnTable): Promise<CatalogTable> {
  const catalog = await existingDatabase(ctx, input.CatalogId, input.DatabaseName);
  const table = await ctx.state.catalog.getTable(catalog, ctx.region, input.DatabaseName, input.TableName);
  if (!table) throw tableNotFound(input.TableName);
  return table;
}

function view(p: CatalogPartition): Record<string, unknown> {
  const { catalogId, region: _region, databaseName, tableName, createdAt, ...definition } = p;
  return { ...definition, DatabaseName: databaseName, TableName: tableName, CreationTime: createdAt, CatalogId: catalogId };
}

/** Stores one partition; an AwsError when its values do not fit the keys or it exists. */
async function create(ctx: OperationContext, table: CatalogTable, input: PartitionDefinition): Promise<void> {
  const keys = table.PartitionKeys ?? [];
  if (!Array.isArray(input?.Values) || input.Values.length !== keys.length) throw invalidInput('The number of partition keys do not match the number of partition values.');
  try {
    await ctx.state.catalog.createPartition(table.catalogId, table.region, table.databaseName, table.Name, input);
  } catch (e) {
    if (e instanceof CatalogEntityExistsError) throw alreadyExists('Partition already exists.');
    throw e;
  }
}

/** The error of one item of a batch, in Glue's ErrorDetail form. */
function detail(e: unknown): { ErrorCode: string; ErrorMessage: string } {
  const err = e as { code?: string; message: string };
  if (!err.code) throw e;
  return { ErrorCode: err.code, ErrorMessage: err.message };
}

/** glue:CreatePartition on the catalog, the database and the table. */
export const createPartition: Operation<OnTable & { PartitionInput: PartitionDefinition }> = {
  authorization: ask('glue:CreatePartition'),
  async handle(input, ctx) {
    await create(ctx, await existingTable(ctx, input), input.PartitionInput);
    return {};
  },
};

/** glue:BatchCreatePartition: up to 100 partitions; each failure is reported in Errors, the others are created. */
export const batchCreatePartition: Operation<OnTable & { PartitionInputList: PartitionDefinition[] }> = {
  authorization: ask('glue:BatchCreatePartition'),
  async handle(input, ctx) {
    const table = await existingTable(ctx, input);
    const list = input.PartitionInputList ?? [];
    if (list.length > 100) throw invalidInput('PartitionInputList must contain at most 100 partitions.');
    const Errors = [];
    for (const p of list) {
      try {
        await create(ctx, table, p);
      } catch (e) {
        Errors.push({ PartitionValues: p?.Values ?? [], ErrorDetail: detail(e) });
      }
    }
    return { Errors };
  },
};

/** glue:GetPartition: the partition with exactly these values. */
export const getPartition: Operation<OnTable & { PartitionValues: string[] }> = {
  authorization: ask('glue:GetPartition'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    const p = await ctx.state.catalog.getPartition(t.catalogId, t.region, t.databaseName, t.Name, input.PartitionValues ?? []);
    if (!p) throw partitionNotFound();
    return { Partition: view(p) };
  },
};

/** glue:GetPartitions: filtered by Expression over the partition keys, in pages of up to 1000. */
export const getPartitions: Operation<OnTable & { Expression?: string; NextToken?: string; MaxResults?: number; ExcludeColumnSchema?: boolean }> = {
  authorization: ask('glue:GetPartitions'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    let all = await ctx.state.catalog.listPartitions(t.catalogId, t.region, t.databaseName, t.Name);
    if (input.Expression !== undefined && input.Expression.trim() !== '') {
      const filter = partitionFilter(input.Expression, t.PartitionKeys ?? []);
      all = all.filter((p) => filter(p.Values));
    }
    const { items, NextToken } = paginate('GetPartitions', all, input.NextToken, input.MaxResults, 1000);
    const partitions = items.map(view).map((p) => {
      if (!input.ExcludeColumnSchema) return p;
      const { Columns: _c, ...sd } = (p.StorageDescriptor ?? {}) as Record<string, unknown>;
      return { ...p, StorageDescriptor: sd };
    });
    return { Partitions: partitions, ...(NextToken ? { NextToken } : {}) };
  },
};

/** glue:UpdatePartition: replaces the partition named by PartitionValueList (its values may change). */
export const updatePartition: Operation<OnTable & { PartitionValueList: string[]; PartitionInput: PartitionDefinition }> = {
  authorization: ask('glue:UpdatePartition'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    if (!Array.isArray(input.PartitionInput?.Values) || input.PartitionInput.Values.length !== (t.PartitionKeys ?? []).length) {
      throw invalidInput('The number of partition keys do not match the number of partition values.');
    }
    try {
      await ctx.state.catalog.updatePartition(t.catalogId, t.region, t.databaseName, t.Name, input.PartitionValueList ?? [], input.PartitionInput);
    } catch (e) {
      if (e instanceof CatalogEntityExistsError) throw alreadyExists('Partition already exists.');
      if (e instanceof CatalogEntityNotFoundError) throw partitionNotFound();
      throw e;
    }
    return {};
  },
};

/** glue:DeletePartition. */
export const deletePartition: Operation<OnTable & { PartitionValues: string[] }> = {
  authorization: ask('glue:DeletePartition'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    if (!(await ctx.state.catalog.deletePartition(t.catalogId, t.region, t.databaseName, t.Name, input.PartitionValues ?? []))) throw partitionNotFound();
    return {};
  },
};

/** glue:BatchDeletePartition: up to 25; partitions not there are reported in Errors. */
export const batchDeletePartition: Operation<OnTable & { PartitionsToDelete: Array<{ Values: string[] }> }> = {
  authorization: ask('glue:BatchDeletePartition'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    const list = input.PartitionsToDelete ?? [];
    if (list.length > 25) throw invalidInput('PartitionsToDelete must contain at most 25 partitions.');
    const Errors = [];
    for (const p of list) {
      if (await ctx.state.catalog.deletePartition(t.catalogId, t.region, t.databaseName, t.Name, p.Values ?? [])) continue;
      Errors.push({ PartitionValues: p.Values ?? [], ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Cannot find partition.' } });
    }
    return { Errors };
  },
};

/** glue:BatchGetPartition: up to 1000 partitions by their values; those not there are left out. */
export const batchGetPartition: Operation<OnTable & { PartitionsToGet: Array<{ Values: string[] }> }> = {
  authorization: ask('glue:BatchGetPartition'),
  async handle(input, ctx) {
    const t = await existingTable(ctx, input);
    const list = input.PartitionsToGet ?? [];
    if (list.length > 1000) throw invalidInput('PartitionsToGet must contain at most 1000 partitions.');
    // Independent reads, asked side by side; the answer keeps the order asked.
    const found = await Promise.all(list.map((p) => ctx.state.catalog.getPartition(t.catalogId, t.region, t.databaseName, t.Name, p.Values ?? [])));
    const Partitions = found.filter((p): p is CatalogPartition => p !== undefined).map(view);
    return { Partitions, UnprocessedKeys: [] };
  },
};
