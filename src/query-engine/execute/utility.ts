/**
 * SHOW DATABASES/TABLES/COLUMNS/PARTITIONS/CREATE TABLE/TBLPROPERTIES and DESCRIBE: read from the
 * caller's catalog and printed by the statements module's renderers, as Athena's text output
 * (`outputFormat: 'txt'`, one line per row).
 */
import { schemaNotFound } from '../errors.js';
import { notPartitioned } from '../statements/errors.js';
import { renderDescribe } from '../statements/render-describe.js';
import { renderNames, renderShowColumns, renderShowCreateTable, renderShowPartitions, renderTblProperties, utilityResult } from '../statements/render.js';
import type { Statement } from '../statements/types.js';
import type { QueryResult } from '../types.js';
import { defaultDatabase, requireTable } from './query.js';
import type { QuerySession } from './session.js';
import { statementTypes } from './statement-types.js';

type Utility = Extract<Statement, { kind: 'show-databases' | 'show-tables' | 'show-columns' | 'show-partitions' | 'show-create-table' | 'show-tblproperties' | 'describe' }>;

async function lines(session: QuerySession, s: Utility): Promise<string[]> {
  const catalog = session.request.catalogAccess;
  switch (s.kind) {
    case 'show-databases':
      return renderNames(await catalog.listDatabases(), s.like);
    case 'show-tables': {
      const database = s.database ?? defaultDatabase(session);
      if (!(await catalog.databaseExists(database))) throw schemaNotFound(database);
      return renderNames((await catalog.listTables(database)).map((t) => t.Name), s.like);
    }
  }
  const ref = { database: s.table.database ?? defaultDatabase(session), table: s.table.table };
  const table = await requireTable(session, ref);
  switch (s.kind) {
    case 'show-columns':
      return renderShowColumns(table);
    case 'show-partitions':
      if ((table.PartitionKeys ?? []).length === 0) throw notPartitioned(`${ref.database}.${table.Name}`);
      return renderShowPartitions(table, await catalog.listPartitions(ref.database, table.Name));
    case 'show-create-table':
      return renderShowCreateTable(table);
    case 'show-tblproperties':
      return renderTblProperties(table, s.property);
    case 'describe':
      return renderDescribe(table, { ...(s.detail ? { detail: s.detail } : {}), ...(s.column ? { column: s.column } : {}) });
  }
}

/**
 * @example
 * await runUtility(session, { kind: 'show-tables', database: 'sales' });
 */
export async function runUtility(session: QuerySession, s: Utility): Promise<QueryResult> {
  const { columns, rows } = utilityResult(s.kind, await lines(session, s));
  return { ...statementTypes(s.kind), columns, rows, outputFormat: 'txt', dataScannedBytes: 0 };
}
