import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/postgres.js';
import { applyMigrations } from './migrations.js';
import { PgDatabase } from './database.js';

describe('PostgreSQL schema steps', () => {
  it('applies each component step once, in order, even when two processes start together', async () => {
    const { url, drop } = await createTestDatabase();
    const a = new pg.Pool({ connectionString: url, max: 2 });
    const b = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const components = [
        { name: 'one', steps: ['CREATE TABLE t1 (x int)', 'ALTER TABLE t1 ADD COLUMN y int'] },
        { name: 'two', steps: ['CREATE TABLE t2 (x int)'] },
      ];
      const counts = await Promise.all([applyMigrations(a, components), applyMigrations(b, components)]);
      assert.equal(counts[0]! + counts[1]!, 3, 'three steps ran, each in one process only');
      const cols = await a.query("SELECT column_name FROM information_schema.columns WHERE table_name = 't1' ORDER BY column_name");
      assert.deepEqual(cols.rows.map((r) => r.column_name), ['x', 'y']);
      // A later release adds a step: only it runs.
      assert.equal(await applyMigrations(a, [{ name: 'one', steps: [...components[0]!.steps, 'ALTER TABLE t1 ADD COLUMN z int'] }, components[1]!]), 1);
      // A database newer than this code is refused, not silently used.
      await assert.rejects(applyMigrations(b, [{ name: 'one', steps: ['CREATE TABLE t1 (x int)'] }]), /newer than this sagelite knows/);
      // A failing step leaves nothing behind and names itself.
      await assert.rejects(applyMigrations(a, [{ name: 'three', steps: ['CREATE TABLE t3 (x int)', 'NOT SQL'] }]), /three v2 failed/);
      const t3 = await a.query("SELECT count(*) AS n FROM sagelite_migrations WHERE component = 'three'");
      assert.equal(Number(t3.rows[0].n), 1);
    } finally {
      await a.end();
      await b.end();
      await drop();
    }
  });

  it('delivers change notices to every process, its own included', async () => {
    const { url, drop } = await createTestDatabase();
    const one = await PgDatabase.open(url, []);
    const two = await PgDatabase.open(url, []);
    try {
      const heard: string[] = [];
      const both = new Promise<void>((resolve) => {
        const hear = (who: string) => () => { heard.push(who); if (heard.length === 2) resolve(); };
        one.onChange('iam', hear('one'));
        two.onChange('iam', hear('two'));
      });
      await one.transaction(async (c) => { await c.query('SELECT 1'); }, ['iam']);
      await both;
      assert.deepEqual(heard.sort(), ['one', 'two']);
    } finally {
      await one.close();
      await two.close();
      await drop();
    }
  });
});
