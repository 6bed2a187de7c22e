import { IamNameTakenError } from '../iam.js';
import { pgErrorCode, UNIQUE_VIOLATION, type PgDatabase, type Queryable } from './database.js';

/**
 * How the PostgreSQL IAM families reach the database: single-statement reads, several reads from
 * one snapshot, and writes that announce themselves. It also keeps the store's revision.
 *
 * The revision is a local counter (IamReader.revision() is synchronous). It moves when this
 * process's own IAM write has finished (before the write returns, so the authorizer's
 * compiled-policy cache never outlives it here) and whenever an 'iam' change notice arrives:
 * every other process's IAM write, and a re-established notice connection (notices may have
 * been missed meanwhile).
 */
export class PgIamAccess {
  #revision = 0;

  constructor(private readonly db: PgDatabase) {
    db.onChange('iam', () => {
      this.#revision++;
    });
  }

  revision(): number {
    return this.#revision;
  }

  /** For one statement outside a transaction: a read, or a write that announces nothing. */
  get pool(): Queryable {
    // Through the database's query, so that a lost connection is told apart from a refused statement.
    return this.#pooled;
  }

  readonly #pooled: Queryable = { query: ((sql: string, params?: unknown[]) => this.db.query(sql, params)) as Queryable['query'] };

  /** `fn`'s reads all see one snapshot (REPEATABLE READ, READ ONLY): a method's answer is never half old, half new. */
  read<R>(fn: (c: Queryable) => Promise<R>): Promise<R> {
    return this.db.transaction(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return fn(c);
    });
  }

  /**
   * `fn` in one transaction that announces an 'iam' change when it commits. The revision moves
   * however it ends: a COMMIT whose answer was lost may still have happened.
   */
  async write<R>(fn: (c: Queryable) => Promise<R>): Promise<R> {
    try {
      return await this.db.transaction(fn, ['iam']);
    } finally {
      this.#revision++;
    }
  }
}

/** The rows a statement returned, as the caller's row type (the columns are the query's). */
export async function all<R>(q: Queryable, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await q.query(sql, params)).rows as R[];
}

/** The first row a statement returned, if any. */
export async function one<R>(q: Queryable, sql: string, params: unknown[] = []): Promise<R | undefined> {
  return (await all<R>(q, sql, params))[0];
}

/** Whether a write statement touched any row. */
export async function changed(q: Queryable, sql: string, params: unknown[] = []): Promise<boolean> {
  return ((await q.query(sql, params)).rowCount ?? 0) > 0;
}

/** Runs a write that names an entity; a clash with an existing name becomes {@link IamNameTakenError}. */
export async function writeUnique<R>(entity: IamNameTakenError['entity'], name: string, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (e) {
    if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new IamNameTakenError(entity, name);
    throw e;
  }
}
