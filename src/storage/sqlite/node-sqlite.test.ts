import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database.js';
import {
  SQLITE_BUSY,
  SQLITE_CONSTRAINT_PRIMARYKEY,
  SQLITE_CONSTRAINT_UNIQUE,
  deferred,
  immediate,
  isOpen,
  pragma,
  prepare,
  sqliteErrorCode,
  transaction,
  READS_NUL_WHOLE,
} from './node-sqlite.js';
import { StoreValueError } from '../../core/errors.js';

describe('node:sqlite helpers', () => {
  let dir: string;
  let db: DatabaseSync;
  const names = () => prepare<[], { name: string }>(db, 'SELECT name FROM t ORDER BY name').all().map((r) => r.name);
  const insert = (name: string) => db.prepare('INSERT INTO t (name) VALUES (?)').run(name);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sagelite-node-sqlite-'));
    db = openDatabase(dir);
    db.exec('CREATE TABLE t (name TEXT PRIMARY KEY, other TEXT UNIQUE)');
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the data directory with the durability settings: WAL, synchronous FULL, foreign keys, a 5 s busy timeout', () => {
    assert.equal(pragma(db, 'journal_mode'), 'wal');
    assert.equal(pragma(db, 'synchronous'), 2, 'FULL');
    assert.equal(pragma(db, 'foreign_keys'), 1);
    assert.equal(pragma(db, 'busy_timeout'), 5000);
    assert.ok(Number(pragma(db, 'user_version')) > 0, 'migrated');
  });

  it('commits what the function did and returns its value; a throw rolls everything back and reaches the caller', () => {
    db.exec('DELETE FROM t');
    assert.equal(immediate(db, () => (insert('a'), 'done')), 'done');
    assert.throws(() => deferred(db, () => { insert('b'); throw new Error('boom'); }), /boom/);
    assert.deepEqual(names(), ['a']);
    assert.equal(deferred(db, () => 1), 1, 'the connection is usable again: no transaction left open');
  });

  it('nests as savepoints: a failed inner call undoes only its own rows, and the outer transaction commits the rest', () => {
    db.exec('DELETE FROM t');
    const one = transaction(db, (name: string) => {
      insert(name);
      if (name === 'bad') throw new Error(`no ${name}`);
      return name;
    });
    const batch = transaction(db, (list: string[]) => list.map((n) => { try { return one(n); } catch { return 'failed'; } }), 'immediate');
    assert.deepEqual(batch(['x', 'bad', 'y']), ['x', 'failed', 'y']);
    assert.deepEqual(names(), ['x', 'y']);
    assert.deepEqual(batch(['x', 'z']), ['failed', 'z'], 'a duplicate key fails alone too');
    assert.deepEqual(names(), ['x', 'y', 'z']);
  });

  it('an outer failure undoes the inner calls that succeeded', () => {
    db.exec('DELETE FROM t');
    assert.throws(() => immediate(db, () => { deferred(db, () => insert('inner')); throw new Error('outer'); }), /outer/);
    assert.deepEqual(names(), []);
  });

  it('refuses a function that returns a promise, and rolls back what it did synchronously', () => {
    db.exec('DELETE FROM t');
    assert.throws(() => immediate(db, () => { insert('async'); return Promise.resolve(1); }), /must not return a promise/);
    assert.deepEqual(names(), []);
  });

  it('gives SQLite extended result codes of constraint violations', () => {
    db.exec('DELETE FROM t');
    db.prepare('INSERT INTO t VALUES (?, ?)').run('k', 'u');
    const codeOf = (fn: () => unknown) => { try { fn(); } catch (e) { return sqliteErrorCode(e); } return undefined; };
    assert.equal(codeOf(() => db.prepare('INSERT INTO t VALUES (?, ?)').run('k', 'v')), SQLITE_CONSTRAINT_PRIMARYKEY);
    assert.equal(codeOf(() => db.prepare('INSERT INTO t VALUES (?, ?)').run('k2', 'u')), SQLITE_CONSTRAINT_UNIQUE);
    assert.equal(sqliteErrorCode(new Error('not SQLite')), undefined);
  });

  it('takes the write lock at BEGIN in immediate mode, at the first write in deferred mode', () => {
    const other = new DatabaseSync(join(dir, 'sagelite.db'));
    const codeOf = (fn: () => unknown) => { try { fn(); } catch (e) { return sqliteErrorCode(e); } return undefined; };
    try {
      other.exec('PRAGMA busy_timeout = 0');
      immediate(db, () => assert.equal(codeOf(() => other.exec('BEGIN IMMEDIATE')), SQLITE_BUSY));
      deferred(db, () => {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
      });
    } finally {
      other.close();
    }
  });

  it('tells an open connection from a closed one', () => {
    const other = new DatabaseSync(':memory:');
    assert.equal(isOpen(other), true);
    other.close();
    assert.equal(isOpen(other), false);
  });

  it('reads a text holding U+0000 back whole, or refuses it with a StoreValueError; never cuts it short', () => {
    for (const [name, run] of [
      ['positional', () => insert('nul\u0000key')],
      ['named', () => db.prepare('INSERT INTO t (name) VALUES (:name)').run({ name: 'nul\u0000key' })],
    ] as const) {
      db.exec('DELETE FROM t');
      if (READS_NUL_WHOLE) {
        run();
        assert.deepEqual(names(), ['nul\u0000key'], name);
      } else {
        assert.throws(run, (e: unknown) => e instanceof StoreValueError && /^SQLite on Node 22\./.test(e.store), name);
        assert.throws(() => db.prepare('SELECT name FROM t WHERE name = ?').get('nul\u0000key'), StoreValueError, name);
        assert.deepEqual(names(), [], name);
      }
    }
    // What node:sqlite itself does on this Node: Node 24 keeps it, Node 22 cuts it at U+0000.
    const raw = new DatabaseSync(':memory:');
    assert.equal(raw.prepare('SELECT ? AS v').get('a\u0000b')?.['v'], Number(process.versions.node.split('.')[0]) >= 24 ? 'a\u0000b' : 'a');
    raw.close();
    // Statements keep their other members where they are wrapped.
    assert.equal(db.prepare('SELECT 1').sourceSQL, 'SELECT 1');
  });
});
