/**
 * Hive DDL other than CREATE TABLE: databases, DROP TABLE, MSCK REPAIR TABLE and ALTER TABLE's
 * partition forms. Each function parses from after its leading keyword.
 */
import type { Cursor } from './cursor.js';
import { notSupported } from './errors.js';
import { parsePartitionSpec, parseProperties } from './hive-clauses.js';
import type { Statement } from './types.js';

/** CREATE DATABASE|SCHEMA [IF NOT EXISTS] n [COMMENT 'c'] [LOCATION 's3://…'] [WITH DBPROPERTIES (…)]. */
export function parseCreateDatabase(c: Cursor): Statement {
  const context = 'create database statement';
  c.next(); // DATABASE or SCHEMA
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = c.expectIdentifier(context);
  const statement: Statement = { kind: 'create-database', name, ifNotExists };
  if (c.acceptWords('COMMENT')) statement.comment = c.expectString(context).value;
  if (c.acceptWords('LOCATION')) statement.location = c.expectString(context).value;
  if (c.acceptWords('WITH', 'DBPROPERTIES')) statement.properties = parseProperties(c, context);
  c.expectEnd();
  return statement;
}

/** DROP DATABASE|SCHEMA [IF EXISTS] n [RESTRICT|CASCADE]; DROP TABLE [IF EXISTS] t [PURGE]. */
export function parseDrop(c: Cursor): Statement {
  if (c.acceptWords('DATABASE') || c.acceptWords('SCHEMA')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const name = c.expectIdentifier('drop database statement');
    const cascade = c.acceptWords('CASCADE');
    if (!cascade) c.acceptWords('RESTRICT');
    c.expectEnd();
    return { kind: 'drop-database', name, ifExists, cascade };
  }
  if (c.acceptWords('TABLE')) {
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const table = c.expectQualifiedName('table name');
    c.acceptWords('PURGE');
    c.expectEnd();
    return { kind: 'drop-table', table, ifExists };
  }
  if (c.isWords('VIEW')) throw notSupported('DROP VIEW');
  return c.fail('ddl statement');
}

/** MSCK REPAIR TABLE t. */
export function parseMsck(c: Cursor): Statement {
  c.expectWords('msck statement', 'REPAIR', 'TABLE');
  const table = c.expectQualifiedName('table name');
  if (c.isWords('ADD', 'PARTITIONS') || c.isWords('DROP', 'PARTITIONS') || c.isWords('SYNC', 'PARTITIONS')) {
    throw notSupported(`MSCK REPAIR TABLE … ${c.peek().value.toUpperCase()} PARTITIONS`);
  }
  c.expectEnd();
  return { kind: 'msck-repair', table };
}

/**
 * ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (…) [LOCATION '…'] [PARTITION (…) [LOCATION '…'] …]
 * and ALTER TABLE t DROP [IF EXISTS] PARTITION (…) [, PARTITION (…) …].
 */
export function parseAlterTable(c: Cursor): Statement {
  c.expectWords('alter statement', 'TABLE');
  const table = c.expectQualifiedName('table name');
  if (c.acceptWords('ADD')) {
    const context = 'alter table add partition statement';
    const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
    if (!c.isWords('PARTITION')) {
      if (c.isWords('COLUMNS')) throw notSupported('ALTER TABLE ADD COLUMNS');
      return c.fail(context, ['PARTITION']);
    }
    const partitions: Array<{ values: Record<string, string>; location?: string }> = [];
    while (c.acceptWords('PARTITION')) {
      const partition: { values: Record<string, string>; location?: string } = { values: parsePartitionSpec(c, context) };
      if (c.acceptWords('LOCATION')) partition.location = c.expectString(context).value;
      partitions.push(partition);
    }
    c.expectEnd();
    return { kind: 'add-partitions', table, ifNotExists, partitions };
  }
  if (c.acceptWords('DROP')) {
    const context = 'alter table drop partition statement';
    const ifExists = c.acceptWords('IF', 'EXISTS');
    const partitions: Array<Record<string, string>> = [];
    do {
      c.expectWords(context, 'PARTITION');
      partitions.push(parsePartitionSpec(c, context));
    } while (c.acceptPunct(','));
    c.acceptWords('PURGE');
    c.expectEnd();
    return { kind: 'drop-partitions', table, ifExists, partitions };
  }
  const what = c.peek();
  if (what.kind === 'word') throw notSupported(`ALTER TABLE ${what.value.toUpperCase()}`);
  return c.fail('alter table statement');
}
