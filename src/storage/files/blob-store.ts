import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isDeadLocalProcess, processDirName } from '../../core/process-dir.js';
import type { BlobReader, BlobStore, BlobWriter } from '../s3-objects.js';

/** Writes are gathered up to this size before they reach the disk (fewer, larger syscalls). */
const WRITE_BATCH_BYTES = 1024 * 1024;
const BLOB_ID = /^[0-9a-f]{32}$/;

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Who else writes to the blob directory, which decides what start-up may clean up:
 * - `exclusive`: nobody (the embedded server holds the data directory's lock, the CLI opens a
 *   stopped one), so every temp file is an interrupted upload and every unnamed blob an orphan;
 * - `shared`: other live server processes (several servers on one shared volume beside
 *   PostgreSQL). Another process may be writing a temp file right now, or may have renamed a blob
 *   into place and not yet recorded it, so only files untouched for {@link SHARED_SWEEP_MIN_AGE_MS}
 *   are taken for leftovers. A file's modification time is its last write (a rename keeps it),
 *   and a writer records its blob right after the rename, so a blob that old and still unnamed
 *   was abandoned; blob ids are random and never reused, so it cannot become named later.
 */
export type BlobDirectorySharing = 'exclusive' | 'shared';

/**
 * How old a file must be before a shared directory's sweep removes it: far beyond the seconds
 * between a blob's rename and its metadata commit, beyond any upload's pause between writes
 * (the HTTP server gives up on a silent client long before), and beyond clock skew between the
 * hosts that share the volume.
 */
export const SHARED_SWEEP_MIN_AGE_MS = 24 * 3600_000;

/**
 * Object bytes as files under `<root>`: `tmp/` holds uploads in progress (in a shared directory,
 * under `tmp/<host>-<pid>/`, each process's own), `blobs/xx/<id>`
 * committed ones (256 fan-out directories keep each one small). A blob is written to a temp
 * file, fsync'ed, renamed into place and its directory fsync'ed before any metadata names it,
 * so a crash leaves either nothing or a complete file (which the sweep removes if unnamed).
 * Blob ids are random: object keys never become file names.
 */
export class FileBlobStore implements BlobStore {
  private constructor(private readonly root: string, private readonly sharing: BlobDirectorySharing, private readonly uploads: string) {}

  /**
   * Opens the store, creating its directories (concurrently with other processes, when shared)
   * and throwing away the temp files of uploads a crash interrupted (only old ones, when shared).
   */
  static async open(root: string, sharing: BlobDirectorySharing): Promise<FileBlobStore> {
    const tmp = join(root, 'tmp');
    if (sharing === 'exclusive') await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    if (sharing === 'shared') {
      // Each process writes its uploads under tmp/<host>-<pid>/: a dead one's of this host go at once.
      for (const name of await readdir(tmp)) {
        if (isDeadLocalProcess(name)) await rm(join(tmp, name), { recursive: true, force: true });
        else await removeIfOld(join(tmp, name), Date.now());
      }
    }
    const uploads = sharing === 'shared' ? join(tmp, processDirName()) : tmp;
    await mkdir(uploads, { recursive: true, mode: 0o700 });
    const blobs = join(root, 'blobs');
    await mkdir(blobs, { recursive: true, mode: 0o700 });
    const existing = new Set(await readdir(blobs));
    const missing = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).filter((d) => !existing.has(d));
    if (missing.length > 0) {
      // `recursive` tolerates another process creating the same directory at the same moment.
      await Promise.all(missing.map((d) => mkdir(join(blobs, d), { recursive: true, mode: 0o700 })));
      await fsyncDirectory(blobs);
    }
    return new FileBlobStore(root, sharing, uploads);
  }

  #path(blobId: string): string {
    if (!BLOB_ID.test(blobId)) throw new Error(`not a blob id: ${blobId}`);
    return join(this.root, 'blobs', blobId.slice(0, 2), blobId);
  }

  async create(): Promise<BlobWriter> {
    const blobId = randomUUID().replace(/-/g, '');
    const temp = join(this.uploads, `${blobId}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    return new FileBlobWriter(handle, temp, blobId, this.#path(blobId));
  }

  async open(blobId: string): Promise<BlobReader | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.#path(blobId), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const { size } = await handle.stat();
    return new FileBlobReader(handle, size);
  }

  async materialize(blobId: string, path: string): Promise<boolean> {
    try {
      await link(this.#path(blobId), path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      // Another file system, or one without hard links: copy instead.
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw e;
      try {
        await copyFile(this.#path(blobId), path);
      } catch (c) {
        if ((c as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw c;
      }
    }
    return true;
  }

  async remove(blobId: string): Promise<void> {
    await rm(this.#path(blobId), { force: true });
  }

  /**
   * Removes committed blobs that no metadata names (a crash between rename and commit, or before
   * removal), and files that are no blobs; in a shared directory only those untouched for
   * {@link SHARED_SWEEP_MIN_AGE_MS} (see {@link BlobDirectorySharing}). Returns how many went.
   */
  async sweep(isReferenced: (blobId: string) => Promise<boolean>): Promise<number> {
    const startedAt = Date.now();
    let removed = 0;
    for (const dir of await readdir(join(this.root, 'blobs'))) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(this.root, 'blobs', dir))) {
        const path = join(this.root, 'blobs', dir, name);
        if (this.sharing === 'shared' && !(await isOld(path, startedAt))) continue;
        if (BLOB_ID.test(name) && (await isReferenced(name))) continue;
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** Whether the file was last modified {@link SHARED_SWEEP_MIN_AGE_MS} before `now`; false when it is gone. */
async function isOld(path: string, now: number): Promise<boolean> {
  try {
    return now - (await lstat(path)).mtimeMs >= SHARED_SWEEP_MIN_AGE_MS;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // another process removed it first
    throw e;
  }
}

async function removeIfOld(path: string, now: number): Promise<void> {
  if (await isOld(path, now)) await rm(path, { recursive: true, force: true });
}

class FileBlobWriter implements BlobWriter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #size = 0;
  #closed = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly blobId: string,
    private readonly final: string,
  ) {}

  get size(): number {
    return this.#size;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.#closed) throw new Error('blob writer is closed');
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    this.#size += chunk.length;
    if (this.#pendingBytes >= WRITE_BATCH_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    const buffers = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    // writev may write less than asked; loop until every byte is down.
    let queue = buffers;
    while (queue.length > 0) {
      const { bytesWritten } = await this.handle.writev(queue);
      queue = skipBytes(queue, bytesWritten);
    }
  }

  async commit(): Promise<string> {
    if (this.#closed) throw new Error('blob writer is closed');
    try {
      await this.#flush();
      await this.handle.sync();
    } catch (e) {
      await this.abort();
      throw e;
    }
    this.#closed = true;
    await this.handle.close();
    await rename(this.temp, this.final);
    await fsyncDirectory(join(this.final, '..'));
    return this.blobId;
  }

  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#pending = [];
      await this.handle.close().catch(() => undefined);
    }
    await rm(this.temp, { force: true });
  }
}

function skipBytes(buffers: Buffer[], count: number): Buffer[] {
  let i = 0;
  while (i < buffers.length && count >= buffers[i]!.length) count -= buffers[i++]!.length;
  if (i === buffers.length) return [];
  return [buffers[i]!.subarray(count), ...buffers.slice(i + 1)];
}

class FileBlobReader implements BlobReader {
  #streamed = false;
  constructor(private readonly handle: FileHandle, readonly size: number) {}

  stream(range?: { start: number; end: number }): Readable {
    if (this.#streamed) throw new Error('a blob reader streams once');
    this.#streamed = true;
    // The handle is already open, so a concurrent replace that unlinks the file cannot break this read.
    return this.handle.createReadStream({ ...(range ? { start: range.start, end: range.end } : {}), autoClose: true, highWaterMark: 256 * 1024 });
  }

  async close(): Promise<void> {
    if (!this.#streamed) await this.handle.close();
  }
}
