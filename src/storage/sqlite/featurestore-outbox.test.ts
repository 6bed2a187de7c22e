import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database.js';
import { SqliteOfflineOutbox, type NewOutboxRow } from './featurestore-outbox.js';
import { deferred } from './node-sqlite.js';
import { runOutboxContract } from '../../../test/support/outbox-contract.js';

runOutboxContract('SQLite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'sagelite-outbox-contract-'));
  const db = openDatabase(dir);
  const outbox = new SqliteOfflineOutbox(db, { clock });
  return {
    outbox,
    append: async (row) => deferred(db, () => outbox.append(row)),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const created = new Date('2026-01-01T00:00:00Z');
const row = (accountId: string, featureGroupName: string, createdAt = created): NewOutboxRow => ({
  accountId, region: 'us-east-1', featureGroupName, featureGroupCreatedAt: createdAt, values: { id: 'x' }, eventTime: '1', writeTime: created, apiInvocationTime: created, isDeleted: false,
});

describe('SQLite offline outbox, group by group', () => {
  let dir: string;
  let db: DatabaseSync;
  let outbox: SqliteOfflineOutbox;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-outbox-'));
    db = openDatabase(dir);
    outbox = new SqliteOfflineOutbox(db);
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each group with pending rows once and reads one group’s oldest rows, whatever lies before them', async () => {
    deferred(db, () => {
      for (let i = 0; i < 3000; i++) outbox.append(row('111111111111', 'blocked'));
      outbox.append(row('222222222222', 'healthy'));
      outbox.append(row('111111111111', 'blocked', new Date(created.getTime() + 1000)));
    });
    assert.deepEqual((await outbox.pendingGroups()).map((g) => `${g.accountId}/${g.featureGroupName}@${g.featureGroupCreatedAt.getTime()}`), [
      `111111111111/blocked@${created.getTime()}`,
      `111111111111/blocked@${created.getTime() + 1000}`,
      `222222222222/healthy@${created.getTime()}`,
    ]);
    const healthy = (await outbox.pendingGroups())[2]!;
    const rows = await outbox.pendingOf(healthy, 10);
    assert.deepEqual(rows.map((r) => [r.accountId, r.featureGroupName, r.sequence]), [['222222222222', 'healthy', 3001]]);
    const blocked = await outbox.pendingOf((await outbox.pendingGroups())[0]!, 100);
    assert.equal(blocked.length, 100);
    assert.deepEqual(blocked.slice(0, 2).map((r) => r.sequence), [1, 2], 'oldest first');
    await outbox.acknowledge(rows.map((r) => r.sequence));
    assert.equal((await outbox.pendingGroups()).length, 2);
  });

  it('uses the by-group index for both reads (no scan of the whole outbox)', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    assert.match(plan("SELECT account_id FROM fs_outbox WHERE (account_id, region, group_name, group_created_at) > ('a', 'b', 'c', 1) ORDER BY account_id, region, group_name, group_created_at LIMIT 1"), /USING COVERING INDEX fs_outbox_by_group \(/);
    assert.match(plan("SELECT * FROM fs_outbox WHERE account_id = 'a' AND region = 'b' AND group_name = 'c' AND group_created_at = 1 ORDER BY sequence LIMIT 5"), /USING INDEX fs_outbox_by_group \(account_id=\? AND region=\? AND group_name=\? AND group_created_at=\?\)/);
  });
});
