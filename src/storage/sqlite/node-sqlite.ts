import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementResultingChanges, type StatementSync } from 'node:sqlite';
import { StoreValueError } from '../../core/errors.js';

/**
 * What the SQLite stores need on top of Node's built-in `node:sqlite` (DatabaseSync): typed
 * statements, transactions that nest, PRAGMA values, SQLite's error codes. Node 22.13 is the
 * floor (package.json's engines), so nothing here uses what came later (DatabaseSync's `isOpen`
 * arrived in 22.15, `isTransaction` in 22.16), although @types/node 22 declares them.
 *
 * node:sqlite differs from better-sqlite3, which the stores used before, in ways that matter:
 * - a parameter must be null, a number, a bigint, a string or bytes: `undefined` (and, before
 *   Node 24, a boolean) throws, so callers pass `x ?? null` (the parameter types enforce it);
 * - rows are objects with a null prototype: the stores map them to their own objects;
 * - an INTEGER beyond Number.MAX_SAFE_INTEGER throws when read (better-sqlite3 rounded it);
 *   the stores keep only milliseconds, counts and flags in INTEGER columns;
 * - errors carry SQLite's extended result code as `errcode` (see {@link sqliteErrorCode}).
 */

/** A prepared statement whose parameters and row shape the caller declares. */
export interface Statement<P extends SQLInputValue[] = SQLInputValue[], R = Record<string, SQLOutputValue>> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): StatementResultingChanges;
}

/** `db.prepare`, typed: node:sqlite's rows are untyped records, the caller knows the columns. */
export function prepare<P extends SQLInputValue[] = SQLInputValue[], R = Record<string, SQLOutputValue>>(db: DatabaseSync, sql: string): Statement<P, R> {
  return db.prepare(sql) as unknown as Statement<P, R>;
}

/** `deferred` takes the write lock at the first write; `immediate` at BEGIN, so a read-then-write never meets SQLITE_BUSY halfway. */
export type TransactionMode = 'deferred' | 'immediate';

/** How many of our transactions are open on each connection: 0 (or absent) outside any. */
const depth = new WeakMap<DatabaseSync, number>();
const SAVEPOINT = 'sagelite_nested';

/**
 * `fn` wrapped in a transaction, as better-sqlite3's `db.transaction(fn)` was: BEGIN, then COMMIT
 * when `fn` returns or ROLLBACK when it throws (the error goes on to the caller). Called while
 * another of these is running on the same connection, it is a SAVEPOINT instead: a failure rolls
 * back its own work only and the outer transaction goes on (the record store's batches rely on
 * it); the mode matters only for the outermost one. `fn` must be synchronous: a returned promise
 * is refused, since its work would land after COMMIT.
 */
export function transaction<A extends unknown[], R>(db: DatabaseSync, fn: (...args: A) => R, mode: TransactionMode = 'deferred'): (...args: A) => R {
  const begin = mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN DEFERRED';
  return (...args: A): R => {
    const level = depth.get(db) ?? 0;
    const nested = level > 0;
    db.exec(nested ? `SAVEPOINT ${SAVEPOINT}` : begin);
    depth.set(db, level + 1);
    try {
      const result = fn(...args);
      if (isThenable(result)) throw new TypeError('a transaction function must not return a promise: its work would run after COMMIT');
      db.exec(nested ? `RELEASE ${SAVEPOINT}` : 'COMMIT');
      return result;
    } catch (e) {
      rollback(db, nested);
      throw e;
    } finally {
      depth.set(db, level);
    }
  };
}

/** Runs `fn` now, in a BEGIN IMMEDIATE transaction (a savepoint when one is already open). */
export function immediate<R>(db: DatabaseSync, fn: () => R): R {
  return transaction(db, fn, 'immediate')();
}

/** Runs `fn` now, in a BEGIN DEFERRED transaction (a savepoint when one is already open). */
export function deferred<R>(db: DatabaseSync, fn: () => R): R {
  return transaction(db, fn, 'deferred')();
}

function rollback(db: DatabaseSync, nested: boolean): void {
  try {
    if (nested) {
      db.exec(`ROLLBACK TO ${SAVEPOINT}`);
      db.exec(`RELEASE ${SAVEPOINT}`);
    } else {
      db.exec('ROLLBACK');
    }
  } catch {
    // SQLite has already rolled the whole transaction back itself (after SQLITE_FULL, an I/O
    // error, ...): nothing is left to undo, and the error that caused it is the one to report.
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The value of a PRAGMA that reports one (`user_version`, `journal_mode = WAL`, ...): its first column. */
export function pragma(db: DatabaseSync, statement: string): SQLOutputValue | undefined {
  const row = db.prepare(`PRAGMA ${statement}`).get();
  return row === undefined ? undefined : Object.values(row)[0];
}

/** Whether the connection is still open (DatabaseSync's own `isOpen` needs Node 22.15). */
export function isOpen(db: DatabaseSync): boolean {
  try {
    db.exec('');
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether this Node's node:sqlite reads back a text value holding U+0000 whole. Node 22's stops at
 * the first U+0000 (it reads text as a C string), so a key `a\0b` is stored whole but listed as
 * `a`; Node 24's keeps it.
 */
export const READS_NUL_WHOLE: boolean = (() => {
  const probe = new DatabaseSync(':memory:');
  try {
    return probe.prepare('SELECT ? AS v').get('a\0b')?.['v'] === 'a\0b';
  } finally {
    probe.close();
  }
})();

const STATEMENT_RUNS = ['get', 'all', 'run', 'iterate'] as const;

/**
 * Where node:sqlite cannot read U+0000 back ({@link READS_NUL_WHOLE} false), every statement of
 * `db` refuses a text parameter holding it with a {@link StoreValueError} (a 400, as the
 * PostgreSQL shape answers) rather than store a value it would later read back cut short, or look
 * up a key it could never list. Each statement's methods are wrapped once, when it is prepared.
 * Elsewhere `db` is left as it is.
 */
export function refuseUnreadableNul(db: DatabaseSync): void {
  if (READS_NUL_WHOLE) return;
  const prepareStatement = db.prepare.bind(db);
  db.prepare = (sql: string): StatementSync => {
    const statement = prepareStatement(sql);
    const methods = statement as unknown as Record<(typeof STATEMENT_RUNS)[number], (...params: unknown[]) => unknown>;
    for (const name of STATEMENT_RUNS) {
      const run = methods[name].bind(statement);
      methods[name] = (...params: unknown[]) => {
        if (params.some(holdsNul)) throw new StoreValueError(`SQLite on Node ${process.versions.node}`, new Error('a text parameter holds U+0000, which this node:sqlite reads back cut short'));
        return run(...params);
      };
    }
    return statement;
  };
}

function holdsNul(param: unknown): boolean {
  if (typeof param === 'string') return param.includes('\0');
  return typeof param === 'object' && param !== null && !ArrayBuffer.isView(param) && Object.values(param).some((v) => typeof v === 'string' && v.includes('\0'));
}

/** SQLite's extended result codes the stores tell apart. */
export const SQLITE_BUSY = 5;
export const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
export const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** SQLite's extended result code of an error node:sqlite threw; undefined for any other error. */
export function sqliteErrorCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, errcode } = e as { code?: unknown; errcode?: unknown };
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' ? errcode : undefined;
}
