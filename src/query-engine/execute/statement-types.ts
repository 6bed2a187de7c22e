/**
 * Athena's StatementType and SubstatementType for each kind of statement. StatementType follows
 * Athena's definitions (DDL changes the catalog, DML is a query, UTILITY shows metadata:
 * SHOW …, DESCRIBE, EXPLAIN); the SubstatementType names are Athena's, with a decision where
 * Athena's documentation lists none (EXPLAIN → UTILITY/EXPLAIN).
 */
import type { Statement } from '../statements/types.js';
import type { StatementType } from '../types.js';

const TYPES: Record<Statement['kind'], [StatementType, string]> = {
  query: ['DML', 'SELECT'],
  explain: ['UTILITY', 'EXPLAIN'],
  'show-databases': ['UTILITY', 'SHOW_DATABASES'],
  'show-tables': ['UTILITY', 'SHOW_TABLES'],
  'show-columns': ['UTILITY', 'SHOW_COLUMNS'],
  'show-partitions': ['UTILITY', 'SHOW_PARTITIONS'],
  'show-create-table': ['UTILITY', 'SHOW_CREATE_TABLE'],
  'show-tblproperties': ['UTILITY', 'SHOW_TBLPROPERTIES'],
  describe: ['UTILITY', 'DESCRIBE_TABLE'],
  'create-database': ['DDL', 'CREATE_DATABASE'],
  'drop-database': ['DDL', 'DROP_DATABASE'],
  'create-table': ['DDL', 'CREATE_TABLE'],
  ctas: ['DDL', 'CREATE_TABLE_AS_SELECT'],
  'drop-table': ['DDL', 'DROP_TABLE'],
  'msck-repair': ['DDL', 'MSCK_REPAIR_TABLE'],
  'add-partitions': ['DDL', 'ALTER_TABLE_ADD_PARTITION'],
  'drop-partitions': ['DDL', 'ALTER_TABLE_DROP_PARTITION'],
};

/**
 * @example
 * statementTypes('ctas') // { statementType: 'DDL', substatementType: 'CREATE_TABLE_AS_SELECT' }
 */
export function statementTypes(kind: Statement['kind']): { statementType: StatementType; substatementType: string } {
  const [statementType, substatementType] = TYPES[kind];
  return { statementType, substatementType };
}
