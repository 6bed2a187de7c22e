import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from 'pino';
import { FileObjectStore } from '../files/object-store.js';
import { SqliteObjectMetadataStore } from './s3-objects-meta.js';

/** The embedded object store: a {@link FileObjectStore} over SQLite metadata. */
export type LocalObjectStore = FileObjectStore;

/**
 * The embedded object store: metadata in the data directory's SQLite database, bytes as files
 * under `<data-dir>/objects/`. This process alone uses that directory (the data directory's
 * lock), so opening it throws away every temp file and every file that no metadata names.
 */
export const LocalObjectStore = {
  open(db: DatabaseSync, objectsDir: string, log?: Logger): Promise<LocalObjectStore> {
    return FileObjectStore.open(new SqliteObjectMetadataStore(db), objectsDir, { sharing: 'exclusive', ...(log ? { log } : {}) });
  },
};
