/**
 * SHOW … and DESCRIBE in Hive's syntax, each parsed from after its leading keyword.
 */
import type { Cursor } from './cursor.js';
import { notSupported, semanticError } from './errors.js';
import { parsePartitionSpec } from './hive-clauses.js';
import type { QualifiedName, Statement } from './types.js';

const CONTEXT = 'ddl statement';

/** A SHOW pattern: a string, or (as Hive allows) a bare identifier. */
function pattern(c: Cursor): string {
  const t = c.peek();
  if (t.kind === 'string') return c.next().value;
  return c.expectIdentifier('show statement');
}

function showTables(c: Cursor): Statement {
  const statement: Statement = { kind: 'show-tables' };
  if (c.acceptWords('IN') || c.acceptWords('FROM')) statement.database = c.expectIdentifier('show statement');
  if (c.acceptWords('LIKE') || !c.atEnd()) statement.like = pattern(c);
  c.expectEnd();
  return statement;
}

/** SHOW COLUMNS (IN|FROM) t [(IN|FROM) db]: a database given twice must agree. */
function showColumns(c: Cursor): Statement {
  if (!c.acceptWords('IN') && !c.acceptWords('FROM')) return c.fail('show statement', ['FROM']);
  const table = c.expectQualifiedName('table name');
  if (c.acceptWords('IN') || c.acceptWords('FROM')) {
    const database = c.expectIdentifier('show statement');
    if (table.database !== undefined && table.database !== database) {
      throw semanticError(`Database name ${database} does not match the database of table ${table.database}.${table.table}`);
    }
    table.database = database;
  }
  c.expectEnd();
  return { kind: 'show-columns', table };
}

function tableStatement(c: Cursor, kind: 'show-partitions' | 'show-create-table'): Statement {
  const table = c.expectQualifiedName('table name');
  if (kind === 'show-partitions' && c.isWords('PARTITION')) throw notSupported('SHOW PARTITIONS … PARTITION');
  c.expectEnd();
  return { kind, table };
}

/** Parses from after SHOW. */
export function parseShow(c: Cursor): Statement {
  if (c.acceptWords('DATABASES') || c.acceptWords('SCHEMAS')) {
    const statement: Statement = { kind: 'show-databases' };
    if (c.acceptWords('LIKE')) statement.like = pattern(c);
    c.expectEnd();
    return statement;
  }
  if (c.acceptWords('TABLES')) return showTables(c);
  if (c.acceptWords('COLUMNS')) return showColumns(c);
  if (c.acceptWords('PARTITIONS')) return tableStatement(c, 'show-partitions');
  if (c.acceptWords('CREATE', 'TABLE')) return tableStatement(c, 'show-create-table');
  if (c.acceptWords('TBLPROPERTIES')) {
    const table = c.expectQualifiedName('table name');
    const statement: Statement = { kind: 'show-tblproperties', table };
    if (c.acceptPunct('(')) {
      statement.property = c.expectString('show statement').value;
      c.expectPunct(')', 'show statement');
    }
    c.expectEnd();
    return statement;
  }
  const what = c.peek();
  const unsupported = ['VIEWS', 'FUNCTIONS', 'CREATE', 'STATS', 'SESSION', 'CATALOGS', 'GRANTS', 'ROLES', 'CURRENT', 'TRANSACTIONS', 'LOCKS'];
  if (what.kind === 'word' && unsupported.includes(what.value.toUpperCase())) {
    const words = c.isWords('CREATE') ? `SHOW CREATE ${c.peek(1).value.toUpperCase()}` : `SHOW ${what.value.toUpperCase()}`;
    throw notSupported(words);
  }
  return c.fail(CONTEXT);
}

/** Parses from after DESCRIBE or DESC. */
export function parseDescribe(c: Cursor): Statement {
  let detail: 'formatted' | 'extended' | undefined;
  if (c.acceptWords('FORMATTED')) detail = 'formatted';
  else if (c.acceptWords('EXTENDED')) detail = 'extended';
  if (c.isWords('DATABASE') || c.isWords('SCHEMA') || c.isWords('FUNCTION') || c.isWords('VIEW')) {
    throw notSupported(`DESCRIBE ${c.peek().value.toUpperCase()}`);
  }
  const table: QualifiedName = c.expectQualifiedName('table name');
  const statement: Statement = { kind: 'describe', table };
  if (detail !== undefined) statement.detail = detail;
  if (c.acceptWords('PARTITION')) statement.partition = parsePartitionSpec(c, 'describe statement');
  if (!c.atEnd()) {
    const parts = [c.expectIdentifier('describe statement')];
    while (c.acceptPunct('.')) {
      const t = c.peek();
      // '$elem$', '$key$' and '$value$' name an array's element and a map's key and value.
      parts.push(t.kind === 'string' ? c.next().value : c.expectIdentifier('describe statement'));
    }
    statement.column = parts.join('.');
  }
  c.expectEnd();
  return statement;
}
