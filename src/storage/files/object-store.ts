import type { Logger } from 'pino';
import type { ObjectMetadataStore, ObjectStore } from '../s3-objects.js';
import { FileBlobStore, type BlobDirectorySharing } from './blob-store.js';

/**
 * The object store as sagelite runs it: metadata in any {@link ObjectMetadataStore} (the embedded
 * SQLite database, or PostgreSQL shared by several server processes) and bytes as files in a
 * blob directory (`<data-dir>/objects/`, or a volume the processes share). Opening it cleans up
 * after a crash: temp files of interrupted uploads, and committed files that no metadata names;
 * in a shared directory only what is old enough that no live process can still be about to name
 * it (see {@link BlobDirectorySharing}).
 */
export class FileObjectStore implements ObjectStore {
  private constructor(
    readonly meta: ObjectMetadataStore,
    readonly blobs: FileBlobStore,
    private readonly log?: Logger,
  ) {}

  static async open(meta: ObjectMetadataStore, objectsDir: string, opts: { sharing: BlobDirectorySharing; log?: Logger }): Promise<FileObjectStore> {
    const blobs = await FileBlobStore.open(objectsDir, opts.sharing);
    const orphans = await blobs.sweep((id) => meta.isBlobReferenced(id));
    if (orphans > 0) opts.log?.info({ orphans }, 'removed object files that no metadata names');
    return new FileObjectStore(meta, blobs, opts.log);
  }

  bucketIsEmpty(bucket: string): Promise<boolean> {
    return this.meta.bucketIsEmpty(bucket);
  }

  async dropBucket(bucket: string): Promise<void> {
    await this.discardBlobs(await this.meta.dropBucket(bucket));
  }

  /** Never rejects: a file that cannot be removed now is logged and left for a later start-up sweep. */
  async discardBlobs(blobIds: readonly string[]): Promise<void> {
    await Promise.all(
      blobIds.map((id) => this.blobs.remove(id).catch((err: unknown) => this.log?.warn({ err, blobId: id }, 'object file not removed; the next start-up sweep will'))),
    );
  }
}
