import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileTestDatabase } from '../../../test/support/postgres.js';
import type { DecisionEntry } from '../sessions.js';
import { runDecisionLogContract } from '../sessions.contract.js';
import { PgDatabase } from './database.js';
import { PgDecisionLog } from './decision-log.js';
import { ALL_SCHEMAS } from './schema.js';


const emptied = fileTestDatabase(['accounts', 'access_keys', 'operator_keys', 'role_sessions', 'decisions']);

runDecisionLogContract('PostgreSQL', async () => {
  const { db } = await emptied();
  let log = new PgDecisionLog(db);
  return {
    log,
    restart: async () => {
      await log.close();
      return (log = new PgDecisionLog(db));
    },
    close: () => log.close(),
  };
});

const deny = (requestId: string, createdAtMs = 5_000): DecisionEntry => ({
  requestId, accountId: '111122223333', createdAt: new Date(createdAtMs), allowed: false,
  describe: () => ({ detail: { requestId }, explanation: `why ${requestId}: "quoted", back\\slash, {braces}` }),
});

describe('PostgreSQL decision log: what is particular to PostgreSQL', () => {
  it('writes a signed denial before record() resolves, so another process finds it at once; writes an allow when another process asks', async () => {
    const t = await emptied();
    const two = await PgDatabase.open(t.url, ALL_SCHEMAS, { poolSize: 2 });
    try {
      const here = new PgDecisionLog(t.db);
      const there = new PgDecisionLog(two);
      await here.record(deny('d-1'));
      await here.record(deny('d-2'));
      assert.equal((await here.get('d-1'))?.explanation, 'why d-1: "quoted", back\\slash, {braces}');
      assert.deepEqual(await there.get('d-1'), {
        requestId: 'd-1', accountId: '111122223333', createdAt: new Date(5_000), allowed: false, detail: { requestId: 'd-1' }, explanation: 'why d-1: "quoted", back\\slash, {braces}',
      });
      assert.ok(await there.get('d-2'));
      // An allow stays in this process's memory until another process asks for it: then it is written down.
      await here.record({ ...deny('a-1'), allowed: true });
      assert.equal((await here.get('a-1'))?.allowed, true);
      assert.equal((await t.db.query("SELECT count(*) AS n FROM decisions WHERE request_id = 'a-1'")).rows[0]?.n, 0, 'not written when recorded');
      assert.equal(await there.get('a-1'), undefined, 'a tenant-facing read does not ask other processes');
      assert.equal((await t.db.query("SELECT count(*) AS n FROM decisions WHERE request_id = 'a-1'")).rows[0]?.n, 0);
      assert.equal((await there.get('a-1', { askOtherProcesses: true }))?.explanation, 'why a-1: "quoted", back\\slash, {braces}');
      assert.equal(await there.get('nobody-has-it', { askOtherProcesses: true }), undefined);
      // An anonymous caller's denial is never written.
      await here.record({ ...deny('anon'), accountId: '' });
      await here.flush();
      assert.equal((await here.get('anon'))?.allowed, false);
      assert.equal(await there.get('anon'), undefined, 'not written when recorded');
      await here.close();
      await there.close();
    } finally {
      await two.close();
    }
  });

  it('writes a queue longer than one batch in full, and trims the table to about its capacity', async () => {
    const { db } = await emptied();
    const log = new PgDecisionLog(db, { capacity: 10 });
    for (let i = 0; i < 999; i++) await log.record(deny(`d-${i}`, i));
    await log.flush();
    assert.equal((await db.query('SELECT count(*) AS n FROM decisions')).rows[0]?.n, 999, 'not trimmed before a thousand were written');
    await log.record(deny('d-999', 999));
    await log.close();
    const left = await db.query<{ request_id: string }>('SELECT request_id FROM decisions ORDER BY created_at');
    // The newest `capacity` and the cut-off's own row, as SQLite's trim keeps.
    assert.deepEqual(left.rows.map((r) => r.request_id), Array.from({ length: 11 }, (_, i) => `d-${989 + i}`));
  });

  it('reports a write PostgreSQL refuses and drops that batch, without rejecting', async () => {
    const { db } = await emptied();
    const errors: Error[] = [];
    const log = new PgDecisionLog(db, { onError: (e) => errors.push(e) });
    await db.query('ALTER TABLE decisions RENAME TO decisions_away');
    try {
      await log.record(deny('d-1'));
    } finally {
      await db.query('ALTER TABLE decisions_away RENAME TO decisions');
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /decisions/);
    await log.record(deny('d-2'));
    await log.close();
    assert.equal(errors.length, 1);
    const written = await db.query<{ request_id: string }>('SELECT request_id FROM decisions');
    assert.deepEqual(written.rows.map((r) => r.request_id), ['d-2']);
  });

});
