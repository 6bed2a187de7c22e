import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { FixedClock } from '../../core/clock.js';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { PRIMARY_WORK_GROUP, type QueryExecutionRecord } from '../athena.js';
import { openDatabase } from '../sqlite/database.js';
import { SqliteAccountStore } from '../sqlite/account-store.js';
import { SqliteOperatorKeyStore } from '../sqlite/operator-key-store.js';
import { SqliteAthenaStore } from '../sqlite/athena-store.js';
import { SqliteCatalogStore } from '../sqlite/catalog-store.js';
import { PgAccountStore } from './account-store.js';
import { PgOperatorKeyStore } from './operator-key-store.js';
import { PgAthenaStore } from './athena-store.js';
import { PgCatalogStore } from './catalog-store.js';
import { PgOfflineOutbox } from './outbox.js';
import { migrateSqliteToPostgres, TargetNotEmptyError } from './migrate-from-sqlite.js';

const R = 'us-east-1';
const clock = new FixedClock(new Date(1_700_000_000_000));

function execution(id: string, accountId: string, over: Partial<QueryExecutionRecord> = {}): QueryExecutionRecord {
  return {
    id, accountId, region: R, workGroup: PRIMARY_WORK_GROUP, query: 'SELECT 1', context: {}, resultConfiguration: {},
    startedBy: `arn:aws:iam::${accountId}:root`, state: 'SUCCEEDED', submittedAt: new Date(1_000), ...over,
  };
}

async function rowCounts(t: Awaited<ReturnType<typeof openTestDatabase>>): Promise<number> {
  const tables = await t.db.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'sagelite_migrations'");
  let n = 0;
  for (const { name } of tables.rows) n += (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`)).rows[0]!.n;
  return n;
}

describe('migrateSqliteToPostgres: a data directory’s SQLite state into PostgreSQL', () => {
  let dir: string;
  let sqlite: DatabaseSync;
  let target: Awaited<ReturnType<typeof openTestDatabase>>;
  let accountId: string;
  const keys: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-migrate-'));
    sqlite = openDatabase(dir);
    target = await openTestDatabase();
    const accounts = new SqliteAccountStore(sqlite, clock);
    const { account, rootKey } = await accounts.createAccount({ alias: 'me' });
    accountId = account.accountId;
    keys.push(rootKey.accessKeyId);
    // Keys made in the same millisecond list in the order they were added, whatever their ids.
    for (const id of ['AKIAZZZZZZZZZZZZZZZ1', 'AKIAAAAAAAAAAAAAAAA2', 'AKIAMMMMMMMMMMMMMMM3']) {
      await accounts.addAccessKey({ accessKeyId: id, secretAccessKey: `secret-${id}`, accountId, owner: { type: 'root' }, status: 'Active' });
      keys.push(id);
    }
    // Two operator keys, the older one SQLite's: PostgreSQL must serve that one.
    sqlite.prepare('INSERT INTO operator_keys VALUES (?, ?, ?)').run('AKIAOPERATORNEWER000', 'newer', 2_000);
    sqlite.prepare('INSERT INTO operator_keys VALUES (?, ?, ?)').run('AKIAOPERATOROLDER000', 'older', 1_000);
    assert.equal((await new SqliteOperatorKeyStore(sqlite, clock).ensureOperatorKey()).accessKeyId, 'AKIAOPERATOROLDER000');
    // An unfinished execution owned by the stopped server, a finished one, and a second with the same token.
    const athena = new SqliteAthenaStore(sqlite, clock);
    await athena.insertExecution(execution('q-running', accountId, { state: 'RUNNING', owner: 'server-1', heartbeatAt: new Date(3_000), clientRequestToken: 'tok' }));
    await athena.insertExecution(execution('q-done', accountId, { clientRequestToken: 'tok', completedAt: new Date(4_000), rowCount: 1 }));
    // Partitions list in creation order, not by value.
    const catalog = new SqliteCatalogStore(sqlite, clock);
    await catalog.createDatabase(accountId, R, { Name: 'db' });
    await catalog.createTable(accountId, R, 'db', { Name: 't', PartitionKeys: [{ Name: 'p', Type: 'string' }] });
    for (const v of ['z', 'a', 'm']) await catalog.createPartition(accountId, R, 'db', 't', { Values: [v] });
    // Outbox rows with a gap in their sequences (acknowledged rows are gone), one a deletion.
    const outbox = sqlite.prepare(`INSERT INTO fs_outbox (sequence, account_id, region, group_name, group_created_at, record_values, event_time, write_time, api_invocation_time, is_deleted)
      VALUES (?, ?, ?, 'g', 10, ?, '2024-01-01T00:00:00Z', 20, 30, ?)`);
    outbox.run(7, accountId, R, '{"id":"1"}', 0);
    outbox.run(12, accountId, R, '{"id":"2"}', 1);
  });
  after(async () => {
    sqlite.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, writing nothing, when the SQLite schema has a column PostgreSQL lacks', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sagelite-migrate-extra-'));
    const other = openDatabase(copy);
    try {
      other.exec("INSERT INTO accounts VALUES ('123456789012', NULL, 'c', 1); ALTER TABLE accounts ADD COLUMN nickname TEXT");
      await assert.rejects(migrateSqliteToPostgres(other, target.db), /SQLite column accounts\.nickname has no PostgreSQL column/);
      assert.equal(await rowCounts(target), 0);
    } finally {
      other.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('copies every table, keeping what PostgreSQL keeps in columns of its own', async () => {
    const report = await migrateSqliteToPostgres(sqlite, target.db);
    const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    assert.equal(rows['accounts'], 1);
    assert.equal(rows['access_keys'], 4);
    assert.equal(rows['operator_keys'], 2);
    assert.equal(rows['athena_query_executions'], 2);
    assert.equal(rows['glue_partitions'], 3);
    assert.equal(rows['fs_outbox'], 2);
    assert.equal(rows['fs_outbox_batches'], undefined, 'claims are not copied: SQLite keeps none');
    // Parents before children: foreign keys are checked row by row.
    assert.ok(report.tables.findIndex((t) => t.table === 'glue_tables') < report.tables.findIndex((t) => t.table === 'glue_partitions'));

    const accounts = new PgAccountStore(target.db, clock);
    assert.deepEqual((await accounts.listAccessKeys(accountId, { type: 'root' })).map((k) => k.accessKeyId), keys);
    assert.equal((await accounts.getAccessKey('AKIAAAAAAAAAAAAAAAA2'))?.secretAccessKey, 'secret-AKIAAAAAAAAAAAAAAAA2');
    assert.equal((await accounts.getAccount(accountId))?.alias, 'me');

    assert.equal((await new PgOperatorKeyStore(target.db, clock).ensureOperatorKey()).accessKeyId, 'AKIAOPERATOROLDER000');

    const athena = new PgAthenaStore(target.db, clock);
    const running = await athena.getExecution(accountId, R, 'q-running');
    assert.equal(running?.owner, 'server-1');
    assert.deepEqual(running?.heartbeatAt, new Date(3_000));
    const raw = await target.db.query<{ document: string; owner: string | null; heartbeat_at: number | null }>('SELECT document, owner, heartbeat_at FROM athena_query_executions WHERE id = $1', ['q-running']);
    assert.equal(raw.rows[0]?.owner, 'server-1');
    assert.equal(raw.rows[0]?.heartbeat_at, 3_000);
    assert.equal('owner' in (JSON.parse(raw.rows[0]!.document) as object), false, 'the document keeps no owner of its own');
    assert.deepEqual(await athena.getExecution(accountId, R, 'q-done'), execution('q-done', accountId, { clientRequestToken: 'tok', completedAt: new Date(4_000), rowCount: 1 }));
    assert.equal((await athena.findExecutionByToken(accountId, R, 'tok'))?.id, 'q-done', 'the later of two same-token executions, by SQLite’s order');
    // The stale owner's execution is PostgreSQL's to fail, once.
    assert.equal(await athena.failOrphaned(new Date(10_000), 5_000, 'gone', { ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'gone' }), 1);
    // New executions continue SQLite's order.
    await athena.insertExecution(execution('q-new', accountId, { clientRequestToken: 'tok' }));
    assert.equal((await athena.findExecutionByToken(accountId, R, 'tok'))?.id, 'q-new');

    assert.deepEqual((await new PgCatalogStore(target.db, clock).listPartitions(accountId, R, 'db', 't')).map((p) => p.Values), [['z'], ['a'], ['m']]);

    const outbox = new PgOfflineOutbox(target.db);
    const pending = await outbox.pending(10);
    assert.deepEqual(pending.map((r) => [r.sequence, r.values['id'], r.isDeleted]), [[7, '1', false], [12, '2', true]]);
    // A new row's sequence is past every copied one: never a reused sequence.
    const next = await target.db.transaction((c) => outbox.append(c, { ...pending[0]!, values: { id: '3' } }));
    assert.ok(next > 12, `sequence ${next}`);
  });

  it('refuses a second migration into the filled database, changing nothing', async () => {
    const before = await rowCounts(target);
    await assert.rejects(migrateSqliteToPostgres(sqlite, target.db), (e) => e instanceof TargetNotEmptyError && /already holds sagelite state/.test(e.message));
    assert.equal(await rowCounts(target), before);
  });
});
