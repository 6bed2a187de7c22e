/**
 * The server's side of one account's engine process (engine-main.ts): starts it with its address
 * space capped, sends it requests and routes its replies, and fails every pending request when it
 * ends. A process that ended is not restarted here; the owner (EngineInstance) opens a new one.
 *
 * Why a process and an address-space cap (docs/security/athena-sandbox.md): DuckDB's memory_limit
 * does not count string memory built by concatenation or aggregation, and such work is not
 * interruptible; measured, one account's query took a bare DuckDB limited to 256 MB to 5.5 GB.
 * Under RLIMIT_AS the same query fails at once with DuckDB's "Out of Memory Error", and a query
 * that ignores interrupts ends with its process (SIGKILL), not with the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ErrorCategory, QueryFailure } from '../../types.js';
import { fromWire, type EngineReply, type EngineRequest } from './protocol.js';

/** The engine process ended: what the requests it still owed get. */
export class EngineProcessGone extends Error {
  constructor(readonly exit: { code: number | null; signal: NodeJS.Signals | null; killedByServer: boolean }) {
    super(`the query engine process ended (${exit.signal ?? `exit code ${exit.code}`})`);
  }

  /**
   * The statement's failure as Athena reports it (SYSTEM category). Ended by the server (another
   * of the account's statements ignored its interrupt, or the engine closed): an internal error,
   * retryable, the same query may well succeed. Ended by itself (it ran out of its address space
   * where DuckDB could not recover): Athena's exhausted-resources error, as errors.ts gives
   * DuckDB's own out-of-memory error (ErrorType 0, retryable).
   */
  toFailure(): QueryFailure {
    if (this.exit.killedByServer) {
      return new QueryFailure(ErrorCategory.System, 200, "GENERIC_INTERNAL_ERROR: The account's query engine was restarted while this query ran; run it again", true);
    }
    const how = this.exit.signal ?? `exit code ${this.exit.code}`;
    return new QueryFailure(ErrorCategory.System, 0, `EXCEEDED_LOCAL_MEMORY_LIMIT: Query exhausted resources at this scale factor (its engine process ended: ${how})`, true);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onRows?: (rows: Array<Array<string | null>>) => void;
}

type Payload<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The engine process's niceness (0 is the server's; 19 the lowest priority). */
export const ENGINE_NICENESS = 10;

const MAIN = fileURLToPath(new URL('./engine-main.js', import.meta.url));

export interface EngineProcessOptions {
  /** RLIMIT_AS of the process in bytes (Linux; elsewhere the process runs uncapped). */
  addressSpaceBytes: number;
}

/**
 * @example
 * const engine = new EngineProcess({ addressSpaceBytes: 4 * 2 ** 30 });
 * await engine.request({ op: 'open', settings: { tmpDir } });
 * const conn = (await engine.request({ op: 'connect' })) as number;
 */
export class EngineProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #gone?: EngineProcessGone;
  #killedByServer = false;
  /** Resolves when the process has ended, whatever ended it. */
  readonly exited: Promise<EngineProcessGone>;

  constructor(options: EngineProcessOptions) {
    const kilobytes = Math.max(1, Math.floor(options.addressSpaceBytes / 1024));
    const command = [process.execPath, MAIN];
    // sh sets the limit and the priority, then execs node in its place: both hold for DuckDB from its first allocation.
    const [file, args] =
      process.platform === 'linux'
        ? ['/bin/sh', ['-c', `ulimit -v "$0" && exec nice -n ${ENGINE_NICENESS} "$@"`, String(kilobytes), ...command]]
        : [command[0]!, command.slice(1)];
    this.#child = spawn(file as string, args as string[], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: {
        ...process.env,
        // glibc reserves 64 MiB of address space per malloc arena (up to 8 per core): a few suffice here.
        MALLOC_ARENA_MAX: '4',
        UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '8',
      },
    });
    // Queries are batch work; the server's own answers (every account's API calls) are not: the
    // scheduler gives the server the CPU first when both want it (on Linux, nice did it above).
    if (this.#child.pid !== undefined && process.platform !== 'linux') {
      try {
        setPriority(this.#child.pid, ENGINE_NICENESS);
      } catch {
        // Not permitted here: the engine runs at the server's priority.
      }
    }
    this.#child.on('message', (reply: EngineReply) => this.#receive(reply));
    this.exited = new Promise((resolve) => {
      const end = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#gone) return;
        this.#gone = new EngineProcessGone({ code, signal, killedByServer: this.#killedByServer });
        for (const pending of this.#pending.values()) pending.reject(this.#gone);
        this.#pending.clear();
        resolve(this.#gone);
      };
      this.#child.on('exit', end);
      // A failed spawn, kill or send: whatever is left of the process must not run on unowned.
      this.#child.on('error', () => {
        this.#child.kill('SIGKILL');
        end(null, null);
      });
    });
  }

  /** True once the process has ended. */
  get gone(): boolean {
    return this.#gone !== undefined;
  }

  #receive(reply: EngineReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    if ('rows' in reply) return pending.onRows?.(reply.rows);
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromWire(reply.error));
  }

  /** Sends one request; resolves with its reply's value. `onRows` receives a `rendered` request's rows as they come. */
  request(message: Payload<EngineRequest>, onRows?: Pending['onRows']): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onRows ? { onRows } : {}) });
      this.#child.send({ ...message, id } as EngineRequest, (error) => {
        if (error && this.#pending.delete(id)) reject(this.#gone ?? error);
      });
    });
  }

  /** Ends the process now (a query that ignores interrupts, or the engine closing). */
  kill(): void {
    if (this.#gone) return;
    this.#killedByServer = true;
    this.#child.kill('SIGKILL');
  }

  /** Asks the process to end by closing its channel, and waits; SIGKILL if it does not within `graceMs`. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.#gone) return;
    this.#killedByServer = true;
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
