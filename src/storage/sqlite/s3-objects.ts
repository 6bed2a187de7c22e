import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from 'pino';
import { FileBlobStore } from '../files/blob-store.js';
import type { ObjectStore } from '../s3-objects.js';
import { SqliteObjectMetadataStore } from './s3-objects-meta.js';

/**
 * The embedded object store: metadata in the data directory's SQLite database, bytes as files
 * under `<data-dir>/objects/`. Opening it cleans up after a crash: temp files of interrupted
 * uploads, and committed files that no metadata names.
 */
export class LocalObjectStore implements ObjectStore {
  private constructor(
    readonly meta: SqliteObjectMetadataStore,
    readonly blobs: FileBlobStore,
    private readonly log?: Logger,
  ) {}

  static async open(db: DatabaseSync, objectsDir: string, log?: Logger): Promise<LocalObjectStore> {
    const meta = new SqliteObjectMetadataStore(db);
    const blobs = await FileBlobStore.open(objectsDir);
    const orphans = await blobs.sweep((id) => meta.isBlobReferenced(id));
    if (orphans > 0) log?.info({ orphans }, 'removed object files that no metadata names');
    return new LocalObjectStore(meta, blobs, log);
  }

  bucketIsEmpty(bucket: string): boolean {
    return this.meta.bucketIsEmpty(bucket);
  }

  dropBucket(bucket: string): void {
    this.discardBlobs(this.meta.dropBucket(bucket));
  }

  discardBlobs(blobIds: readonly string[]): void {
    for (const id of blobIds) {
      this.blobs.remove(id).catch((err: unknown) => this.log?.warn({ err, blobId: id }, 'object file not removed; the next start-up sweep will'));
    }
  }
}
