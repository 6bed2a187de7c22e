import cluster, { type Worker } from 'node:cluster';

/**
 * `sagelite serve --processes N`: this process forks N server processes that share one port (the
 * operating system spreads connections over them) and serve every service from the shared state
 * (PostgreSQL, the object directory, Redis). It serves nothing itself: it starts them, restarts
 * one that dies (kill -9, out of memory) so the port keeps N behind it, and stops them all on
 * SIGINT/SIGTERM/SIGHUP. Each server process runs the whole server (src/app.ts), background work
 * included: that work is shared out through the database (outbox claims, Athena heartbeats),
 * never by this process, so a restart here is only about capacity.
 */

/** A server process ended before it listened; `explained`: it wrote why itself. */
export class ServerProcessFailed extends Error {
  constructor(message: string, readonly explained: boolean) {
    super(message);
  }
}

/** What a server process tells this one once it listens. */
export interface ListeningMessage {
  type: 'sagelite-listening';
  url: string;
  pid: number;
}

/** What a server process tells this one when it cannot start: the message for the operator. */
export interface StartupFailedMessage {
  type: 'sagelite-startup-failed';
  message: string;
}

function isStartupFailedMessage(m: unknown): m is StartupFailedMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'sagelite-startup-failed';
}

export function isListeningMessage(m: unknown): m is ListeningMessage {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'sagelite-listening';
}

/** A JSON log line like the server's own (pino's shape), so one reader handles both. */
function logLine(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const levels = { info: 30, warn: 40, error: 50 } as const;
  process.stdout.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

/** Restarts wait this long after a death, doubling up to {@link MAX_RESTART_DELAY_MS} while deaths keep coming. */
const RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 10_000;
/** How long a stop may take before the remaining server processes are killed. */
const STOP_DEADLINE_MS = 35_000;

/**
 * Forks `processes` server processes (this same command, whose `serve` sees it is a cluster
 * worker) and resolves once all of them listen, having printed `sagelite listening on URL`.
 * Rejects (after stopping the others) when one exits before it listens: a configuration error
 * repeats in every process, so there is nothing to restart.
 */
export async function runPrimary(processes: number): Promise<void> {
  let stopping = false;
  let delay = RESTART_DELAY_MS;
  const listening = new Map<number, ListeningMessage>(); // worker id → its message
  // Every server process not yet exited. Not cluster.workers: a process that is stopping leaves
  // that list when it disconnects, before it exits, and this one must outlive all of them.
  const running = new Set<Worker>();
  // Log lines to a pipe whose reader has gone (`sagelite serve | cat`, cat stopped) are dropped, not a crash.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);

  const fork = (): Worker => {
    const worker = cluster.fork();
    running.add(worker);
    worker.once('exit', () => running.delete(worker));
    worker.on('message', (m: unknown) => {
      if (isListeningMessage(m)) listening.set(worker.id, m);
    });
    return worker;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const pending = new Set<number>();
    for (let i = 0; i < processes; i++) pending.add(fork().id);
    let said = false;
    const onMessage = (worker: Worker, m: unknown): void => {
      if (isStartupFailedMessage(m)) {
        // The first process to fail says why, once; its exit (below) stops the others.
        if (!said) process.stderr.write(`${m.message}\n`);
        said = true;
        return;
      }
      if (!isListeningMessage(m) || !pending.delete(worker.id)) return;
      if (pending.size === 0) {
        cluster.off('message', onMessage);
        cluster.off('exit', onEarlyExit);
        resolve(m.url);
      }
    };
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null): void => {
      if (!pending.has(worker.id)) return;
      cluster.off('message', onMessage);
      cluster.off('exit', onEarlyExit);
      for (const w of running) w.process.kill('SIGKILL');
      // A process that failed to start has said why (above); one that died otherwise is reported here.
      reject(new ServerProcessFailed(`a server process exited before it listened (${signal ?? `code ${code}`})`, said));
    };
    cluster.on('message', onMessage);
    cluster.on('exit', onEarlyExit);
  });

  logLine('info', `sagelite listening on ${url}`, { url, processes: [...listening.values()].map((m) => m.pid) });

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) return;
    logLine('warn', 'a server process died: starting another', { deadPid: worker.process.pid, code, signal, restartInMs: delay });
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
    delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
  });
  cluster.on('message', (_worker, m: unknown) => {
    if (!isListeningMessage(m)) return;
    delay = RESTART_DELAY_MS;
    logLine('info', 'a server process is listening', { pid: m.pid, processes: [...listening.values()].map((l) => l.pid) });
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      for (const w of running) w.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    logLine('info', `${signal}: stopping the server processes`);
    setTimeout(() => {
      logLine('error', `the server processes did not stop within ${STOP_DEADLINE_MS / 1000} s: killing them`);
      for (const w of running) w.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    const workers = [...running];
    let left = workers.length;
    if (left === 0) process.exit(0);
    const gone = (): void => {
      if (--left === 0) process.exit(0);
    };
    for (const w of workers) {
      if (w.isDead()) gone();
      else {
        w.once('exit', gone);
        w.process.kill('SIGTERM');
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
}
