import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A data directory sagelite cannot use, with the path at fault, the cause and the fix in its message. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/** The files sagelite writes directly in a data directory (the rest lives in folders it makes). */
export const DATA_DIR_FILES = ['sagelite.db', 'sagelite.db-wal', 'sagelite.db-shm', 'server.lock', 'operator.json'] as const;

const FIX = 'choose another with --data-dir (or SAGELITE_DATA_DIR)';

/** Who owns a path and its mode, for a message about permissions ("owned by uid 0, mode 0700"). */
function ownership(path: string): string {
  try {
    const s = statSync(path);
    return `owned by uid ${s.uid}, mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}`;
  } catch {
    return 'its owner unknown';
  }
}

/** The running user, as permission messages name it. */
function whoAmI(): string {
  return typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user';
}

/** Why a path cannot be written, in words, from the error's code. */
function because(code: string | undefined, path: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${ownership(path)}; sagelite runs as ${whoAmI()})`;
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    default:
      return code ?? 'unknown error';
  }
}

/** The deepest part of `path` that exists (where mkdir -p starts). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Checks that sagelite can keep its state in `dataDir`, making the directory (mode 0700) when it
 * is missing. Throws a {@link DataDirError} that names the path at fault, says why and how to fix
 * it, instead of SQLite's bare "unable to open database file".
 *
 * @example
 * checkDataDir('/var/lib/sagelite'); // or: DataDirError "the data directory /var/lib/sagelite is not writable: permission denied (…)"
 */
export function checkDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new DataDirError(dir, `sagelite: the data directory ${dir} is a file, not a directory: ${FIX}`);
  } else {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      const at = existingAncestor(dir);
      if (!statSync(at).isDirectory()) throw new DataDirError(dir, `sagelite: cannot create the data directory ${dir}: ${at} is a file, not a directory; ${FIX}`);
      throw new DataDirError(dir, `sagelite: cannot create the data directory ${dir}: ${at} cannot be written: ${because((e as NodeJS.ErrnoException).code, at)}; create it yourself or ${FIX}`);
    }
  }
  for (const path of [dir, ...DATA_DIR_FILES.map((f) => join(dir, f))]) {
    if (path !== dir && !existsSync(path)) continue;
    try {
      accessSync(path, constants.R_OK | constants.W_OK | (path === dir ? constants.X_OK : 0));
    } catch (e) {
      const what = path === dir ? `the data directory ${dir}` : `${path} (in the data directory)`;
      throw new DataDirError(path, `sagelite: ${what} is not writable: ${because((e as NodeJS.ErrnoException).code, path)}; fix its permissions or ${FIX}`);
    }
  }
}
