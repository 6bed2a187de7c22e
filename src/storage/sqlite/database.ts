import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Schema steps, applied in order once each; `PRAGMA user_version` records how many ran. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     account_id TEXT PRIMARY KEY,
     alias TEXT UNIQUE,
     canonical_user_id TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE access_keys (
     access_key_id TEXT PRIMARY KEY,
     secret_access_key TEXT NOT NULL,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     owner_type TEXT NOT NULL CHECK (owner_type IN ('root', 'user', 'session')),
     owner_id TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
     session_token TEXT,
     expires_at INTEGER,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX access_keys_by_owner ON access_keys(account_id, owner_type, owner_id);
   CREATE TABLE operator_keys (
     access_key_id TEXT PRIMARY KEY,
     secret_access_key TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  `CREATE TABLE role_sessions (
     session_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(account_id),
     role_id TEXT NOT NULL,
     document TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX role_sessions_by_expiry ON role_sessions(expires_at);
   CREATE TABLE decisions (
     request_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     allowed INTEGER NOT NULL,
     document TEXT NOT NULL
   );
   CREATE INDEX decisions_by_time ON decisions(created_at);`,
];

/**
 * Opens (creating if needed) the data directory's SQLite database in WAL mode and brings its
 * schema up to date. The folder is made private to the user: secrets live in it, and a SigV4
 * verifier needs them in the clear.
 */
export function openDatabase(dataDir: string): Database.Database {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'sagelite.db');
  const db = new Database(file);
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    }).immediate();
  }
}
