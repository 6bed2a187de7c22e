import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SQLITE_BUSY, sqliteErrorCode } from './sqlite/node-sqlite.js';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`sagelite: the data directory ${dataDir} is in use by another sagelite server; stop it first or choose another --data-dir`);
  }
}

/**
 * Holds an exclusive lock on the data directory for as long as the server lives. It is an
 * SQLite exclusive transaction on a lock file, so the operating system drops it when the process
 * dies, even by kill -9: no stale lock to clean up, and no second server on the same data.
 */
export class DataDirLock {
  #held = true;

  private constructor(private readonly db: DatabaseSync) {}

  static acquire(dataDir: string): DataDirLock {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(join(dataDir, 'server.lock'));
    try {
      // No waiting: a second server is told at once that the directory is taken.
      db.exec('PRAGMA busy_timeout = 0');
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      db.close();
      // The primary result code: SQLITE_BUSY, whichever extended code came with it.
      if (((sqliteErrorCode(e) ?? 0) & 0xff) === SQLITE_BUSY) throw new DataDirLockedError(dataDir);
      throw e;
    }
    return new DataDirLock(db);
  }

  release(): void {
    if (this.#held) {
      this.#held = false;
      this.db.exec('ROLLBACK');
      this.db.close();
    }
  }
}
