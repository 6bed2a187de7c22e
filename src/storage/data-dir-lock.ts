import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
  private constructor(private readonly db: Database.Database) {}

  static acquire(dataDir: string): DataDirLock {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const db = new Database(join(dataDir, 'server.lock'), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir);
      throw e;
    }
    return new DataDirLock(db);
  }

  release(): void {
    if (this.db.open) {
      this.db.exec('ROLLBACK');
      this.db.close();
    }
  }
}
