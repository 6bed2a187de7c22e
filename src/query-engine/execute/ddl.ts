/**
 * DDL through the caller's catalog: CREATE/DROP DATABASE, CREATE EXTERNAL TABLE, DROP TABLE,
 * ALTER TABLE ADD/DROP PARTITION. Every Glue call is the caller's (QueryCatalog); a refusal
 * arrives as the catalog's QueryFailure and is passed on as it is.
 */
import type { CatalogTable, PartitionDefinition } from '../../storage/catalog.js';
import { partitionLocation, partitionValues } from '../statements/partitions.js';
import type { Statement } from '../statements/types.js';
import { ErrorCategory, QueryFailure, type QueryCatalog, type QueryResult } from '../types.js';
import { defaultDatabase, requireTable } from './query.js';
import type { QuerySession } from './session.js';
import { statementTypes } from './statement-types.js';

/** Athena's ErrorType for a failed DDL task. */
const DDL_FAILED = 1003;

/** A DDL failure worded as Athena words Hive's DDL errors. */
export function ddlFailure(message: string): QueryFailure {
  return new QueryFailure(ErrorCategory.User, DDL_FAILED, message);
}

/** The empty result of a DDL statement that succeeded. */
export function ddlDone(kind: Statement['kind']): QueryResult {
  return { ...statementTypes(kind), columns: [], rows: [], outputFormat: 'txt', dataScannedBytes: 0 };
}

type Of<K extends Statement['kind']> = Extract<Statement, { kind: K }>;

export async function createDatabase(session: QuerySession, s: Of<'create-database'>): Promise<QueryResult> {
  const catalog = session.request.catalogAccess;
  if (await catalog.databaseExists(s.name)) {
    if (s.ifNotExists) return ddlDone(s.kind);
    throw ddlFailure(`FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${s.name} already exists`);
  }
  await catalog.createDatabase(s.name, { ...(s.comment !== undefined ? { comment: s.comment } : {}), ...(s.location !== undefined ? { location: s.location } : {}) });
  return ddlDone(s.kind);
}

export async function dropDatabase(session: QuerySession, s: Of<'drop-database'>): Promise<QueryResult> {
  const catalog = session.request.catalogAccess;
  if (!(await catalog.databaseExists(s.name))) {
    if (s.ifExists) return ddlDone(s.kind);
    throw ddlFailure(`FAILED: SemanticException [Error 10072]: Database does not exist: ${s.name}`);
  }
  if (!s.cascade && (await catalog.listTables(s.name)).length > 0) {
    throw ddlFailure(`FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. InvalidOperationException(message:Database ${s.name} is not empty. One or more tables exist.)`);
  }
  await catalog.dropDatabase(s.name);
  return ddlDone(s.kind);
}

export async function createTable(session: QuerySession, s: Of<'create-table'>): Promise<QueryResult> {
  const catalog = session.request.catalogAccess;
  const database = s.database ?? defaultDatabase(session);
  if (s.ifNotExists && (await catalog.getTable(database, s.table.Name))) return ddlDone(s.kind);
  await catalog.createTable(database, s.table);
  return ddlDone(s.kind);
}

export async function dropTable(session: QuerySession, s: Of<'drop-table'>): Promise<QueryResult> {
  const database = s.table.database ?? defaultDatabase(session);
  const dropped = await session.request.catalogAccess.dropTable(database, s.table.table);
  if (!dropped && !s.ifExists) throw ddlFailure(`FAILED: SemanticException [Error 10001]: Table not found ${database}.${s.table.table}`);
  return ddlDone(s.kind);
}

/** A partition spec's values in PartitionKeys order, checked as Hive checks them. */
function orderedValues(table: CatalogTable, spec: Record<string, string>): string[] {
  return partitionValues(spec, table.PartitionKeys ?? []);
}

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export async function addPartitions(session: QuerySession, s: Of<'add-partitions'>): Promise<QueryResult> {
  const database = s.table.database ?? defaultDatabase(session);
  const catalog = session.request.catalogAccess;
  const table = await requireTable(session, { database, table: s.table.table });
  const existing = await catalog.listPartitions(database, table.Name);
  const wanted: PartitionDefinition[] = [];
  for (const p of s.partitions) {
    const values = orderedValues(table, p.values);
    if (existing.some((e) => sameValues(e.Values, values)) || wanted.some((w) => sameValues(w.Values, values))) {
      if (s.ifNotExists) continue;
      throw ddlFailure('FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Partition already exists)');
    }
    const location = p.location ?? partitionLocation(table.StorageDescriptor?.Location ?? '', p.values, table.PartitionKeys ?? []);
    wanted.push({ Values: values, StorageDescriptor: { ...table.StorageDescriptor, Location: location } });
  }
  if (wanted.length > 0) await catalog.addPartitions(database, table.Name, wanted);
  return ddlDone(s.kind);
}

export async function dropPartitions(session: QuerySession, s: Of<'drop-partitions'>): Promise<QueryResult> {
  const database = s.table.database ?? defaultDatabase(session);
  const catalog = session.request.catalogAccess;
  const table = await requireTable(session, { database, table: s.table.table });
  const existing = await catalog.listPartitions(database, table.Name);
  const values = s.partitions.map((p) => orderedValues(table, p));
  const present = values.filter((v) => existing.some((e) => sameValues(e.Values, v)));
  if (present.length < values.length && !s.ifExists) {
    throw ddlFailure('FAILED: SemanticException [Error 10006]: Partition not found');
  }
  if (present.length === 0) return ddlDone(s.kind);
  await catalog.dropPartitions(database, table.Name, present);
  return ddlDone(s.kind);
}
