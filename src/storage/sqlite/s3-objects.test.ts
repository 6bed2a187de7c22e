import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runObjectStoreContract } from '../files/object-store.contract.js';
import { runObjectVersionsContract } from '../s3-object-versions.contract.js';
import { object, runObjectMetadataStoreContract, type ObjectMetadataFixture } from '../s3-objects.contract.js';
import { openDatabase } from './database.js';
import { LocalObjectStore } from './s3-objects.js';
import { SqliteObjectMetadataStore } from './s3-objects-meta.js';

async function openSqlite(): Promise<ObjectMetadataFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-objects-meta-'));
  const db = openDatabase(dir);
  // Another connection to the same file, as the CLI has while the server runs.
  const second = openDatabase(dir);
  return {
    meta: new SqliteObjectMetadataStore(db),
    other: new SqliteObjectMetadataStore(second),
    close: async () => {
      second.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runObjectMetadataStoreContract('SQLite', openSqlite);
runObjectVersionsContract('SQLite', openSqlite);
runObjectStoreContract('SQLite', openSqlite);

describe('LocalObjectStore: the embedded object store', () => {
  it('opens over the data directory\'s database and sweeps its directory as the only user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-objects-'));
    const db = openDatabase(dir);
    try {
      const objects = join(dir, 'objects');
      const store = await LocalObjectStore.open(db, objects);
      const w = await store.blobs.create();
      await w.write(Buffer.from('kept'));
      const kept = await w.commit();
      await store.meta.putObject(object('k', kept));
      const orphan = await (await store.blobs.create()).commit();
      const half = await store.blobs.create();
      await half.write(Buffer.from('half'));
      const again = await LocalObjectStore.open(db, objects);
      assert.deepEqual(readdirSync(join(objects, 'tmp')), []);
      assert.ok(existsSync(join(objects, 'blobs', kept.slice(0, 2), kept)));
      assert.ok(!existsSync(join(objects, 'blobs', orphan.slice(0, 2), orphan)));
      assert.ok(again.meta instanceof SqliteObjectMetadataStore);
      assert.deepEqual(await again.meta.getObject('b', 'k'), object('k', kept));
      await half.abort();
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
