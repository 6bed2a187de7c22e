import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, openTestDatabase } from '../../../test/support/postgres.js';
import { shareIndex } from '../ram.js';
import { runResourceShareStoreContract, shareWithEveryKey } from '../ram.contract.js';
import { RAM_SCHEMA, shareDocumentText } from '../sqlite/ram-store.js';
import { PgDatabase } from './database.js';
import { PgResourceShareStore, RAM_PG_SCHEMA } from './ram-store.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runResourceShareStoreContract('PostgreSQL', async () => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE ram_share_keys, ram_resource_shares');
  return { store: new PgResourceShareStore(t.db), close: async () => undefined };
});

it('PostgreSQL: the schema step that keys the index rebuilds it from the stored shares as shareIndex does', async () => {
  const { url, drop } = await createTestDatabase();
  try {
    const before = await PgDatabase.open(url, [{ name: RAM_PG_SCHEMA.name, steps: [RAM_SCHEMA] }]);
    const doc = shareWithEveryKey();
    await before.query('INSERT INTO ram_resource_shares (arn, owner_account_id, region, created_at, revision, document) VALUES ($1, $2, $3, $4, $5, $6)',
      [doc.arn, doc.ownerAccountId, doc.region, doc.createdAt, doc.revision, shareDocumentText(doc)]);
    await before.close();
    const after = await PgDatabase.open(url, [RAM_PG_SCHEMA]);
    try {
      const { rows } = await after.query<{ key: string; live_until: string | null }>('SELECT key, live_until FROM ram_share_keys WHERE share_arn = $1 ORDER BY key COLLATE "C"', [doc.arn]);
      const want = shareIndex(doc).map((k) => ({ key: k.key, live_until: k.liveUntil ?? null })).sort((x, y) => (x.key < y.key ? -1 : 1));
      assert.deepEqual(rows.map((r) => ({ key: r.key, live_until: r.live_until === null ? null : Number(r.live_until) })), want);
      assert.equal(want.length, 7);
    } finally {
      await after.close();
    }
  } finally {
    await drop();
  }
});
