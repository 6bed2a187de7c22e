import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { shareIndex } from '../ram.js';
import { runResourceShareStoreContract, shareWithEveryKey } from '../ram.contract.js';
import { openDatabase } from './database.js';
import { RAM_KEYS_SCHEMA, RAM_SCHEMA, shareDocumentText, SqliteResourceShareStore } from './ram-store.js';

runResourceShareStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-ram-'));
  const db = openDatabase(dir);
  return {
    store: new SqliteResourceShareStore(db),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

it('SQLite: the schema step that keys the index rebuilds it from the stored shares as shareIndex does', () => {
  const db = new DatabaseSync(':memory:');
  try {
    db.exec(RAM_SCHEMA);
    const doc = shareWithEveryKey();
    db.prepare('INSERT INTO ram_resource_shares (arn, owner_account_id, region, created_at, revision, document) VALUES (?, ?, ?, ?, ?, ?)')
      .run(doc.arn, doc.ownerAccountId, doc.region, doc.createdAt, doc.revision, shareDocumentText(doc));
    db.exec(RAM_KEYS_SCHEMA);
    const rows = db.prepare('SELECT key, live_until FROM ram_share_keys WHERE share_arn = ? ORDER BY key').all(doc.arn);
    const want = shareIndex(doc).map((k) => ({ key: k.key, live_until: k.liveUntil ?? null })).sort((x, y) => (x.key < y.key ? -1 : 1));
    assert.deepEqual(rows.map((r) => ({ ...r })), want);
    assert.equal(want.length, 7, 'two resources, one consumer, one invited account, three invitations');
  } finally {
    db.close();
  }
});
