import type { DatabaseSync } from 'node:sqlite';
import type pg from 'pg';
import type { PgDatabase } from './database.js';

/**
 * `sagelite migrate`: copies a data directory's SQLite state into PostgreSQL, table by table.
 * The PostgreSQL stores keep the SQLite stores' tables and column names (src/storage/postgres/
 * *-schema.ts), so most rows move as they are; each value goes as text and PostgreSQL casts it to
 * its column's type (`$n::type`): integers to bigint, 0/1 to boolean, REAL to double precision.
 * Where the shapes differ, {@link TABLE_RULES} says how, and a column neither side accounts for
 * stops the copy before anything is written: nothing is lost silently.
 *
 * Everything is copied in one PostgreSQL transaction into a database whose sagelite tables are
 * empty (and stay locked against writers until it commits): a failure leaves it empty, and a run
 * on a filled database is refused rather than merged. Object bytes stay where they are: the
 * PostgreSQL shape reads them from the same directory (`--data-dir`), which every server process
 * must share.
 */

export interface MigrationReport {
  /** Rows copied per table, in the order the tables were filled (every sagelite table, 0 included). */
  tables: Array<{ table: string; rows: number }>;
}

/** The target database already holds sagelite state. */
export class TargetNotEmptyError extends Error {
  override readonly name = 'TargetNotEmptyError';
  constructor(readonly table: string) {
    super(`the PostgreSQL database already holds sagelite state (table ${table} has rows): migrate into an empty database`);
  }
}

/**
 * How a PostgreSQL table that differs from its SQLite twin is filled. Columns not named here are
 * copied from the SQLite column of the same name.
 */
interface TableRule {
  /** PostgreSQL columns computed from the SQLite row by an SQLite expression. */
  computed?: Record<string, string>;
  /** PostgreSQL columns that stay at their default: state that SQLite keeps nowhere (in memory only). */
  defaulted?: readonly string[];
  /** Rewrites a row read from SQLite (keyed by PostgreSQL column) before it is written. */
  rewrite?: (row: Record<string, unknown>) => void;
}

/** The Athena document members PostgreSQL keeps as columns instead (athena-store.ts). */
const ATHENA_COLUMN_MEMBERS = ['owner', 'heartbeatAt'] as const;

const TABLE_RULES: Readonly<Record<string, TableRule>> = {
  // Insertion order, for keys made in the same millisecond: SQLite's rowid is that order.
  access_keys: { computed: { seq: 'rowid' } },
  glue_partitions: { computed: { seq: 'rowid' } },
  // SQLite's operator key is the oldest row; PostgreSQL marks it, so every process finds the same one.
  operator_keys: { computed: { is_first: '(rowid = (SELECT k.rowid FROM operator_keys k ORDER BY k.created_at, k.rowid LIMIT 1))' } },
  // SQLite keeps an execution's owner and heartbeat in its document; PostgreSQL in columns.
  athena_query_executions: {
    computed: { owner: "json_extract(document, '$.owner')", heartbeat_at: "json_extract(document, '$.heartbeatAt')" },
    rewrite: (row) => {
      const doc = JSON.parse(String(row['document'])) as Record<string, unknown>;
      for (const m of ATHENA_COLUMN_MEMBERS) delete doc[m];
      row['document'] = JSON.stringify(doc);
    },
  },
  // A row's claim (its batch): SQLite's claims live in the memory of the stopped server.
  fs_outbox: { defaulted: ['batch_id'] },
};

/**
 * PostgreSQL tables with no SQLite twin, left empty: the outbox's claims (see fs_outbox above),
 * and the test clock's shared offset (one process has it in memory).
 */
const POSTGRES_ONLY_TABLES: ReadonlySet<string> = new Set(['fs_outbox_batches', 'test_clock']);

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH_ROWS = 500;

interface PgColumn {
  name: string;
  type: string;
  identity: boolean;
}

/** What one table's copy reads from SQLite and writes to PostgreSQL. */
interface CopyPlan {
  table: string;
  columns: PgColumn[];
  /** One SQLite expression per column, in the same order. */
  sources: string[];
  rule: TableRule;
}

async function pgTables(client: pg.PoolClient): Promise<Map<string, PgColumn[]>> {
  const r = await client.query<{ table_name: string; column_name: string; type: string; is_identity: string }>(
    `SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, c.is_identity
       FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
      WHERE c.table_schema = current_schema() AND c.table_name <> 'sagelite_migrations'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const row of r.rows) {
    let cols = tables.get(row.table_name);
    if (!cols) tables.set(row.table_name, (cols = []));
    cols.push({ name: row.column_name, type: row.type, identity: row.is_identity === 'YES' });
  }
  return tables;
}

function sqliteColumns(source: DatabaseSync, table: string): string[] {
  return (source.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>).map((c) => c.name);
}

/**
 * Matches every SQLite table and column with PostgreSQL's, by name and {@link TABLE_RULES}; throws,
 * naming each, when any is left over on either side (a schema step added to one store only).
 */
function plan(source: DatabaseSync, pgSchema: Map<string, PgColumn[]>): Map<string, CopyPlan> {
  const sqliteTables = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map((r) => r.name);
  const unmatched: string[] = [];
  for (const t of sqliteTables) if (!pgSchema.has(t)) unmatched.push(`SQLite table ${t} has no PostgreSQL table`);
  const plans = new Map<string, CopyPlan>();
  for (const [table, columns] of pgSchema) {
    if (!sqliteTables.includes(table)) {
      if (!POSTGRES_ONLY_TABLES.has(table)) unmatched.push(`PostgreSQL table ${table} has no SQLite table`);
      continue;
    }
    const rule = TABLE_RULES[table] ?? {};
    const fromSqlite = sqliteColumns(source, table);
    for (const c of fromSqlite) if (!columns.some((p) => p.name === c)) unmatched.push(`SQLite column ${table}.${c} has no PostgreSQL column`);
    const copied: PgColumn[] = [];
    const sources: string[] = [];
    for (const c of columns) {
      const computed = rule.computed?.[c.name];
      if (computed !== undefined) {
        copied.push(c);
        sources.push(`${computed} AS ${quoteIdent(c.name)}`);
      } else if (fromSqlite.includes(c.name)) {
        copied.push(c);
        sources.push(quoteIdent(c.name));
      } else if (!rule.defaulted?.includes(c.name)) unmatched.push(`PostgreSQL column ${table}.${c.name} has no SQLite column`);
    }
    plans.set(table, { table, columns: copied, sources, rule });
  }
  if (unmatched.length > 0) throw new Error(`this sagelite cannot copy its SQLite schema into its PostgreSQL schema: ${unmatched.join('; ')}`);
  return plans;
}

/** A SQLite value as the text PostgreSQL casts to `type`. */
function asText(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (type === 'boolean') return value === 1 || value === 1n || value === '1' || value === 'true' ? 'true' : 'false';
  return String(value);
}

/** The order tables are filled in: those others refer to first (foreign keys are checked at once). */
async function fillOrder(client: pg.PoolClient, tables: readonly string[]): Promise<string[]> {
  const r = await client.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
       FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of r.rows) if (child !== parent) (parents.get(child) ?? parents.set(child, new Set()).get(child)!).add(parent);
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>): void => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) if (tables.includes(p)) visit(p, seen);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return ordered;
}

/** Copies one table's rows in batches; returns how many. */
async function copyTable(source: DatabaseSync, client: pg.PoolClient, p: CopyPlan): Promise<number> {
  const names = p.columns.map((c) => quoteIdent(c.name)).join(', ');
  // Identity columns (GENERATED ALWAYS) take SQLite's values: an outbox row keeps its sequence.
  const overriding = p.columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const select = source.prepare(`SELECT ${p.sources.join(', ')} FROM ${quoteIdent(p.table)}`);
  let count = 0;
  let batch: Array<Record<string, unknown>> = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const params: Array<string | null> = [];
    const rows = batch.map((row) => `(${p.columns.map((c) => {
      params.push(asText(row[c.name], c.type));
      return `$${params.length}::${c.type}`;
    }).join(', ')})`);
    await client.query(`INSERT INTO ${quoteIdent(p.table)} (${names})${overriding} VALUES ${rows.join(', ')}`, params);
    count += batch.length;
    batch = [];
  };
  for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
    const copy = { ...row };
    p.rule.rewrite?.(copy);
    batch.push(copy);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return count;
}

/**
 * Copies every table of the SQLite database `source` (a stopped server's, its schema up to date)
 * into `target`, in one transaction. Throws {@link TargetNotEmptyError} when any sagelite table
 * in PostgreSQL already holds rows, and before writing anything when the schemas do not match.
 */
export async function migrateSqliteToPostgres(source: DatabaseSync, target: PgDatabase): Promise<MigrationReport> {
  return target.transaction(async (client) => {
    const pgSchema = await pgTables(client);
    const names = [...pgSchema.keys()];
    // Writers wait until this commits (readers do not): nothing slips in between the check and the copy.
    await client.query(`LOCK TABLE ${names.map(quoteIdent).join(', ')} IN EXCLUSIVE MODE`);
    for (const name of names) {
      const r = await client.query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(name)}) AS filled`);
      if (r.rows[0]?.filled) throw new TargetNotEmptyError(name);
    }
    const plans = plan(source, pgSchema);
    const report: MigrationReport = { tables: [] };
    for (const table of await fillOrder(client, names)) {
      const p = plans.get(table);
      if (p) report.tables.push({ table, rows: await copyTable(source, client, p) });
    }
    await resetSequences(client, names);
    return report;
  }, ['iam', 'keys', 'sessions', 'buckets', 'feature-groups']);
}

/** Identity columns continue after the copied rows' largest value (the outbox's sequence numbers). */
async function resetSequences(client: pg.PoolClient, tables: readonly string[]): Promise<void> {
  const r = await client.query<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
       FROM information_schema.columns WHERE table_schema = current_schema() AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  for (const { table_name, column_name, seq } of r.rows) {
    if (!tables.includes(table_name)) continue;
    const max = `(SELECT max(${quoteIdent(column_name)}) FROM ${quoteIdent(table_name)})`;
    await client.query(`SELECT setval($1, GREATEST(${max}, 1), ${max} IS NOT NULL)`, [seq]);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
