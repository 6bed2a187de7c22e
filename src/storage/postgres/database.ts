import pg from 'pg';
import { StoreUnavailableError, StoreValueError } from '../../core/errors.js';
import { applyMigrations, type SchemaComponent } from './migrations.js';

/**
 * The PostgreSQL side of sagelite's state (`--state postgres://…`): one pool per server process,
 * shared by every store. Each store keeps its own tables and its own ordered schema steps
 * (a {@link SchemaComponent}); {@link openPostgres} applies what is missing, once, whichever
 * process gets there first.
 *
 * Conventions every PostgreSQL store follows, so that rows mean what the SQLite stores' rows mean:
 * - times are milliseconds since the epoch in `bigint` columns, read back as numbers (the int8
 *   parser below: every value the stores keep is far below 2^53);
 * - documents the caller sent (policies, JSON shapes) are `text`, kept byte for byte;
 * - one store method is one statement or one {@link PgDatabase.transaction}: no method leaves
 *   half its work behind when the process dies, and concurrent processes meet only in
 *   constraints and row locks, never in a read-then-write race.
 */

// int8 (bigint, COUNT(*)) as a JS number, not a string: the stores keep milliseconds and counts.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * What a notice says: which store changed (IAM, access keys, …; each process's caches listen),
 * or, for `explain`, which request's decision another process is asking for (`explain:<id>`).
 */
export type ChangeTopic = 'iam' | 'keys' | 'sessions' | 'buckets' | 'feature-groups' | 'explain' | 'clock';
const CHANNEL = 'sagelite_changes';

export class PgDatabase {
  private readonly listeners = new Map<ChangeTopic, Set<(argument?: string) => void>>();
  private listener?: pg.Client;
  private closed = false;

  private constructor(readonly pool: pg.Pool, private readonly url: string) {}

  /** Opens a pool on `url`, applies the components' missing schema steps, and listens for change notices. */
  static async open(url: string, components: readonly SchemaComponent[], opts: { poolSize?: number; onError?: (e: Error) => void } = {}): Promise<PgDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
    pool.on('error', (e) => opts.onError?.(e));
    const db = new PgDatabase(pool, url);
    try {
      await applyMigrations(pool, components);
      await db.listen(opts.onError);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return db;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params).catch((e: unknown) => {
      throw unavailableOr(e);
    });
  }

  /**
   * `fn` inside BEGIN … COMMIT on one pooled connection (ROLLBACK when it throws, the error going
   * on to the caller). `notify` topics are announced in the same transaction, so other processes
   * hear of a change only once it is committed.
   */
  async transaction<R>(fn: (client: pg.PoolClient) => Promise<R>, notify: readonly ChangeTopic[] = []): Promise<R> {
    const client = await this.pool.connect().catch((e: unknown) => {
      throw unavailableOr(e);
    });
    let broken: Error | undefined;
    // Checked out, a client has no pool listener: a connection lost between two of its queries
    // would be an unhandled 'error' event, ending the process (seen killing a server when
    // PostgreSQL restarted under load). It is noted here and the next query fails instead.
    const onLost = (e: Error): void => {
      broken = e;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      for (const topic of notify) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, topic]);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      const err = unavailableOr(e);
      // A connection that failed is destroyed, not returned to the pool for the next request.
      if (err instanceof StoreUnavailableError) broken = err;
      else await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  /** Announces a change outside a transaction (after a single-statement write); `argument` goes with it (`topic:argument`). */
  async notify(topic: ChangeTopic, argument?: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, argument === undefined ? topic : `${topic}:${argument}`]);
  }

  /**
   * `fn` runs whenever any process (this one included) announces a change to `topic`, with the
   * notice's argument if it has one, and whenever the notice connection is re-established
   * (notices may have been missed), without.
   */
  onChange(topic: ChangeTopic, fn: (argument?: string) => void): void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(fn);
  }

  private emit(payload: string | undefined): void {
    const colon = payload?.indexOf(':') ?? -1;
    const topic = colon < 0 ? payload : payload!.slice(0, colon);
    const argument = colon < 0 ? undefined : payload!.slice(colon + 1);
    for (const [t, fns] of this.listeners) if (topic === undefined || t === topic) for (const fn of fns) fn(argument);
  }

  /**
   * A dedicated connection LISTENs; when it drops (PostgreSQL restarted) one loop reconnects, and
   * every topic counts as changed. Only an established connection watches for its end: a failed
   * attempt is retried by the loop alone, never by its own 'end' too (each failure would double
   * the loops, and the connections they open at recovery would exhaust max_connections).
   */
  private async listen(onError?: (e: Error) => void): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => this.emit(n.payload));
    client.on('error', (e) => onError?.(e));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      // Not awaited: ending a client whose connect failed need not settle.
      client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    client.once('end', () => {
      if (this.closed) return;
      this.emit(undefined);
      this.reconnect(onError);
    });
    this.listener = client;
  }

  private reconnect(onError?: (e: Error) => void): void {
    const attempt = (): void => {
      if (this.closed) return;
      this.listen(onError).then(() => this.emit(undefined), () => setTimeout(attempt, 1000).unref());
    };
    setTimeout(attempt, 200).unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

/**
 * Whether an error means the server is unreachable or dropped the connection (a restart, a
 * failover, a network cut) rather than refusing the statement: connection refused or reset, the
 * connection ended, a connect timeout, SQLSTATE class 08 (connection exception), 57P01–57P03
 * (shut down by the administrator, crashed, starting up) and 53300 (too many connections, as
 * while a restarted server's clients all reconnect at once).
 */
export function isConnectionFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))) return true;
  return /^Connection terminated|^timeout exceeded when trying to connect|is not queryable|^Client was closed/.test(e.message);
}

/** SQLSTATEs of a value PostgreSQL cannot hold: U+0000 in text (22021) or in jsonb (22P05). */
const UNSTORABLE = new Set(['22021', '22P05']);

/** The error a store method throws for `e`: unavailable (503), a value PostgreSQL cannot keep (400), or `e` itself. */
export function unavailableOr(e: unknown): unknown {
  if (isConnectionFailure(e)) return new StoreUnavailableError('PostgreSQL', e);
  const code = pgErrorCode(e);
  return code !== undefined && UNSTORABLE.has(code) ? new StoreValueError('PostgreSQL', e) : e;
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation (a name taken by a concurrent create). */
export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a PostgreSQL error, or undefined for any other error. */
export function pgErrorCode(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.length === 5 ? code : undefined;
}

/** The opening and closing of a state URL: postgres:// and postgresql:// are PostgreSQL's. */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//.test(s);
}
