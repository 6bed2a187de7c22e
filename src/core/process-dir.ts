import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Names that say which server process on which host owns something in a shared place (a
 * temporary directory under a shared data directory, an Athena execution): `<host>-<pid>`. A
 * process that finds the name of a process of its own host that no longer exists may clean up
 * after it at once; anything else waits for its own age rule (another host's processes cannot be
 * asked, and a pid reused by another process only delays the clean-up).
 */
export function processDirName(): string {
  return `${hostname()}-${process.pid}`;
}

/** Whether `name` (a {@link processDirName}) names a process of this host that is gone. */
export function isDeadLocalProcess(name: string): boolean {
  const here = `${hostname()}-`;
  if (!name.startsWith(here)) return false;
  const rest = name.slice(here.length);
  if (!/^\d+$/.test(rest)) return false;
  const pid = Number(rest);
  return pid > 0 && pid !== process.pid && !processExists(pid);
}

/**
 * Whether a process with this pid is alive. A process killed a moment ago may still be a zombie
 * (dead, not yet reaped by its parent or init): signal 0 reaches it, so on Linux its state in
 * /proc tells it apart.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    // No /proc (not Linux), or it ended while being read: signal 0 answered, so take it as alive unless gone now.
    return existsSync(`/proc/${pid}`) || !existsSync('/proc/self');
  }
}
