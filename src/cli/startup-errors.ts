import { DataDirError } from '../core/data-dir-check.js';
import { DataDirLockedError } from '../storage/data-dir-lock.js';

/**
 * What `sagelite serve` prints when the server cannot start: the cause and the fix, never a bare
 * `listen EADDRINUSE`.
 *
 * @example
 * startupMessage(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), { host: '127.0.0.1', port: 4566 });
 * // 'sagelite: port 4566 on 127.0.0.1 is already in use …: stop what uses it, or start sagelite on another port with --port N (or SAGELITE_PORT)'
 */
export function startupMessage(e: unknown, at: { host: string; port: number }): string {
  if (e instanceof DataDirError || e instanceof DataDirLockedError) return e.message;
  const err = e as NodeJS.ErrnoException & { syscall?: string };
  const where = `${at.host}:${at.port}`;
  if (err.syscall === 'listen' || err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') {
    switch (err.code) {
      case 'EADDRINUSE':
        return `sagelite: port ${at.port} on ${at.host} is already in use (another sagelite, or another program): stop what uses it, or start sagelite on another port with --port N (or SAGELITE_PORT)`;
      case 'EACCES':
        return `sagelite: not allowed to listen on ${where} (ports below 1024 need privileges): start sagelite on another port with --port N (or SAGELITE_PORT)`;
      case 'EADDRNOTAVAIL':
        return `sagelite: cannot listen on ${where}: ${at.host} is not an address of this machine; choose another with --host (or SAGELITE_HOST)`;
    }
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `sagelite: cannot listen on ${where}: the host name ${at.host} does not resolve; choose another with --host (or SAGELITE_HOST)`;
  return `sagelite: the server could not start: ${err.message ?? String(e)}`;
}
