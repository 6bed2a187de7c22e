/**
 * One account's DuckDB instance, run in its engine process, and the catalog its queries share.
 *
 * DuckDB's ATTACH is instance-wide, so a per-query `awsdatacatalog` database is impossible and
 * concurrent queries would see each other's views. Instead, each query's real table views are
 * TEMP views (temp objects belong to one connection), named `"athena:<db>.<table>"`, and the
 * shared in-memory database `awsdatacatalog` holds, per table name ever queried, a forwarding
 * view `awsdatacatalog.<db>.<table> AS SELECT * FROM temp.main."athena:<db>.<table>"`. DuckDB
 * binds a view's body at each use in the using connection, so the same forwarder shows each
 * query its own table (its own columns and files). Forwarders carry no data and are never
 * dropped. `awsdatacatalog.db.t`, `db.t` and (with the search path) `t` all resolve.
 *
 * Each data catalog a query reads is a shared in-memory database of that name (lower-cased):
 * `awsdatacatalog` from the start, another (a registered GLUE catalog named in a three-part name,
 * or the query's own QueryExecutionContext.Catalog) attached the first time a query reads it. Its
 * forwarders lead to TEMP views named with the catalog, so `central.db.t` and `awsdatacatalog.db.t`
 * are two tables.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableRef } from '../types.js';
import { DUCKDB_DATABASES } from '../dialect/sandbox.js';
import { RemoteConnection, type EngineConnection } from './engine-connection.js';
import { addressSpaceOf, spillLimitOf } from './address-space.js';
import { EngineProcess } from './worker/engine-process.js';

/** The catalog name Athena queries use; the shared DuckDB database of forwarding views. */
export const SHARED_CATALOG = 'awsdatacatalog';

/** A SQL identifier, always quoted. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A table of a known catalog: the DuckDB database its forwarder is in. */
export type CatalogTableRef = TableRef & { catalog: string };

/** The connection-local (TEMP) view that holds one query's table. */
export function localViewName(ref: CatalogTableRef): string {
  return ref.catalog === SHARED_CATALOG ? `athena:${ref.database}.${ref.table}` : `athena:${ref.catalog}:${ref.database}.${ref.table}`;
}

export interface InstanceOptions {
  tmpDir: string;
  threads?: number;
  memoryLimit?: string;
  /** Largest query result kept in memory, in CSV bytes (results/limits.ts; default 256 MiB). */
  maxResultBytes?: number;
  /** The engine process's address-space cap in bytes (default: address-space.ts). */
  addressSpaceBytes?: number;
  /** How long a stopped statement may hold DuckDB before its engine process is ended (session.ts). */
  interruptGraceMs?: number;
  /** DuckDB's max_temp_directory_size for the account (default: address-space.ts, spillLimitOf). */
  spillLimit?: string;
}

/**
 * The sandbox's second layer (docs/SECURITY.md): whatever SQL reached this instance, it touches no
 * file outside `dir` — this instance's own scratch space, which holds only the objects its
 * account's queries were allowed to read — loads no extension, and cannot change these settings
 * (nor memory_limit, threads, temp_directory) again. `SET search_path`, which each statement
 * needs, is not a locked option.
 */
export async function lockDown(conn: DuckDBConnection, dir: string): Promise<void> {
  await conn.run(`SET GLOBAL allowed_directories = [${literal(`${dir.replace(/\/+$/, '')}/`)}]`);
  await conn.run('SET GLOBAL enable_external_access = false');
  await conn.run('SET GLOBAL lock_configuration = true');
}

/**
 * One account's engine: its DuckDB, run in an engine process of its own (worker/engine-process.ts)
 * whose address space is capped, opened lazily and opened again after it ended; plus the
 * serialized creation of shared schemas and forwarding views (two connections creating the same
 * catalog entry at once would conflict).
 *
 * @example
 * const db = new EngineInstance({ tmpDir: '/data/athena-tmp/account-111122223333' });
 * const conn = await db.connect();
 * await db.ensureSchema(conn, 'sales');
 */
export class EngineInstance {
  #process?: Promise<EngineProcess>;
  /** Engine processes opened so far: each spills into a folder of its own. */
  #generation = 0;
  #catalogLock: Promise<unknown> = Promise.resolve();
  readonly #catalogs = new Set<string>([SHARED_CATALOG]);
  readonly #schemas = new Set<string>();
  readonly #forwarders = new Set<string>();
  readonly #removals = new Set<Promise<void>>();

  constructor(readonly options: InstanceOptions) {}

  /**
   * Removes a finished statement's scratch directory in the background: unlinking its files and
   * folders takes milliseconds a query's answer need not wait for. {@link removalsDone} and
   * {@link close} wait for it; a crash leaves it to the wipe at the next open.
   */
  removeLater(dir: string): void {
    const removal: Promise<void> = rm(dir, { recursive: true, force: true })
      .catch(() => undefined)
      .finally(() => this.#removals.delete(removal));
    this.#removals.add(removal);
  }

  /** Resolves once every scratch directory handed to {@link removeLater} so far is gone. */
  async removalsDone(): Promise<void> {
    await Promise.all([...this.#removals]);
  }

  #open(): Promise<EngineProcess> {
    this.#process ??= (async () => {
      // Nothing is wiped here: the pool wiped a previous run's scratch space when it first opened,
      // statements remove their own folders, and a process's spill folder goes when it ends. A
      // synchronous wipe would stall every account while it ran, and could take the folders of
      // the account's statements still finishing on the process that ended.
      mkdirSync(this.options.tmpDir, { recursive: true, mode: 0o700 });
      const spillDir = join(this.options.tmpDir, `duckdb-spill-${++this.#generation}`);
      const engine = new EngineProcess({ addressSpaceBytes: addressSpaceOf(this.options) });
      void engine.exited.then(() => this.removeLater(spillDir));
      try {
        const settings = { tmpDir: this.options.tmpDir, spillDir, spillLimit: spillLimitOf(this.options) };
        await engine.request({ op: 'open', settings: { ...settings, ...(this.options.threads ? { threads: this.options.threads } : {}), ...(this.options.memoryLimit ? { memoryLimit: this.options.memoryLimit } : {}) } });
      } catch (e) {
        engine.kill();
        throw e;
      }
      return engine;
    })();
    const opening = this.#process;
    const forget = () => {
      if (this.#process !== opening) return;
      // The next statement opens a new process, whose catalog has no schemas or forwarders yet.
      this.#process = undefined;
      this.#forgetCatalog();
    };
    // A failed open is not remembered, nor a process that ended: the next statement opens again.
    opening.then((engine) => engine.exited.then(forget), forget);
    return opening;
  }

  /**
   * Trino's grammar over `sql`, in this account's engine process (started if it is not running).
   * @throws QueryFailure SYNTAX_ERROR where Trino's parser stops
   */
  async checkSyntax(sql: string): Promise<void> {
    await (await this.#open()).request({ op: 'check-syntax', sql });
  }

  /** A new connection of its own for one statement. */
  async connect(): Promise<EngineConnection> {
    return RemoteConnection.open(await this.#open());
  }

  /**
   * Ends the account's current engine process now; its running statements fail (an internal
   * error, retryable). A statement deaf to its interrupt ends its own connection's process
   * instead (session.ts), never a newer one this may return.
   */
  async kill(): Promise<void> {
    const opening = this.#process;
    if (!opening) return;
    const engine = await opening.catch(() => undefined);
    engine?.kill();
    await engine?.exited;
  }

  /** Runs catalog-changing work one at a time. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#catalogLock.then(work);
    this.#catalogLock = run.catch(() => undefined);
    return run;
  }

  /** A new engine process's catalog has only `awsdatacatalog`, with no schemas or forwarders. */
  #forgetCatalog(): void {
    this.#catalogs.clear();
    this.#catalogs.add(SHARED_CATALOG);
    this.#schemas.clear();
    this.#forwarders.clear();
  }

  /** The shared database of data catalog `catalog` (lower-cased; not one of DUCKDB_DATABASES) is attached. */
  async ensureCatalog(conn: EngineConnection, catalog: string): Promise<void> {
    if (this.#catalogs.has(catalog)) return;
    if (DUCKDB_DATABASES.has(catalog)) throw new Error(`a data catalog cannot be named ${catalog}`);
    await this.#serial(async () => {
      if (this.#catalogs.has(catalog)) return;
      await conn.run(`ATTACH IF NOT EXISTS ':memory:' AS ${ident(catalog)}`);
      this.#catalogs.add(catalog);
    });
  }

  /** The shared schema `<catalog>.<database>` exists (for the search path and forwarders). */
  async ensureSchema(conn: EngineConnection, database: string, catalog = SHARED_CATALOG): Promise<void> {
    const key = `${catalog}\u0000${database}`;
    if (this.#schemas.has(key)) return;
    await this.ensureCatalog(conn, catalog);
    await this.#serial(async () => {
      if (this.#schemas.has(key)) return;
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${ident(catalog)}.${ident(database)}`);
      this.#schemas.add(key);
    });
  }

  /** The forwarding view of `ref` exists; call it after the connection's TEMP view is made (DuckDB binds a new view once). */
  async ensureForwarder(conn: EngineConnection, ref: CatalogTableRef): Promise<void> {
    const key = `${ref.catalog}\u0000${ref.database}\u0000${ref.table}`;
    if (this.#forwarders.has(key)) return;
    await this.ensureSchema(conn, ref.database, ref.catalog);
    await this.#serial(async () => {
      if (this.#forwarders.has(key)) return;
      await conn.run(
        `CREATE VIEW IF NOT EXISTS ${ident(ref.catalog)}.${ident(ref.database)}.${ident(ref.table)} AS SELECT * FROM temp.main.${ident(localViewName(ref))}`,
      );
      this.#forwarders.add(key);
    });
  }

  /** Ends the engine process; a later statement opens a new one (and wipes the scratch directory). */
  async close(): Promise<void> {
    await this.removalsDone();
    const opening = this.#process;
    this.#process = undefined;
    this.#forgetCatalog();
    if (!opening) return;
    const engine = await opening.catch(() => undefined);
    await engine?.close();
  }
}
