import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus, parseCorpusFile } from './format.js';
import { documentedTable, passRates, rateTable, readBaseline } from './pass-rate.js';

describe('Athena corpus statement files', () => {
  it('parse a block: directives, SQL, columns and rows', () => {
    const [st] = parseCorpusFile('# c\n=== a-1\n# why\n@db other\n@ordered\nSELECT 1 AS x\n# note\nORDER BY 1\n--> x:integer, y:timestamp with time zone\n["1", null]\n', 'f.sql');
    assert.equal(st!.id, 'a-1');
    assert.equal(st!.database, 'other');
    assert.equal(st!.ordered, true);
    assert.equal(st!.sql, 'SELECT 1 AS x\nORDER BY 1');
    assert.deepEqual(st!.expect, { kind: 'rows', columns: [{ name: 'x', type: 'integer' }, { name: 'y', type: 'timestamp with time zone' }], rows: [['1', null]] });
  });

  it('parse failures and refuse non-string values, @ordered without ORDER BY and unknown directives', () => {
    const [st] = parseCorpusFile('=== e\n@nodb\nSELECT 1/0\n--> fail /DIVISION_BY_ZERO/\n', 'f.sql');
    assert.equal(st!.database, undefined);
    assert.ok(st!.expect.kind === 'fail' && st!.expect.reason.test('DIVISION_BY_ZERO: Division by zero'));
    assert.throws(() => parseCorpusFile('=== n\nSELECT 1.0e0 AS x\n--> x:double\n[1.0]\n', 'f.sql'), /values are strings or null/);
    assert.throws(() => parseCorpusFile('=== o\n@ordered\nSELECT 1\n--> ok\n', 'f.sql'), /no ORDER BY/);
    assert.throws(() => parseCorpusFile('=== d\n@sorted\nSELECT 1\n--> ok\n', 'f.sql'), /unknown directive/);
  });

  it('hold at least 120 uniquely named statements across every family file', () => {
    const all = loadCorpus();
    assert.ok(all.length >= 120, `${all.length}`);
    assert.ok(new Set(all.map((s) => s.file)).size >= 18);
    for (const s of all) if (s.expect.kind === 'rows' && s.expect.columns) for (const r of s.expect.rows) assert.equal(r.length, s.expect.columns.length, `${s.id}: row width`);
  });
});

describe('Athena corpus pass rate (docs/athena-sql.md, baseline.json)', () => {
  it('parses --> error (exact, or a prefix before " …") and @gap with its reason', () => {
    const [exact, prefix] = parseCorpusFile("=== x\nSELECT a FROM t\n--> error COLUMN_NOT_FOUND: line 1:8: Column 'a' cannot be resolved\n=== y\n@gap the grammar is DuckDB's\nSELECT 1,\n--> error SYNTAX_ERROR: line 1:10: mismatched input '<EOF>'. …\n", 'f.sql');
    assert.deepEqual(exact!.expect, { kind: 'error', reason: "COLUMN_NOT_FOUND: line 1:8: Column 'a' cannot be resolved", prefix: false });
    assert.deepEqual(prefix!.expect, { kind: 'error', reason: "SYNTAX_ERROR: line 1:10: mismatched input '<EOF>'.", prefix: true });
    assert.equal(prefix!.gap, "the grammar is DuckDB's");
    assert.throws(() => parseCorpusFile('=== g\n@gap\nSELECT 1\n--> ok\n', 'f.sql'), /@gap needs the reason/);
  });

  it('docs/athena-sql.md shows the pass rate the files give (node dist/test/athena-corpus/pass-rate.js --write)', () => {
    assert.equal(documentedTable(), rateTable(passRates()));
  });

  it('no family passes fewer statements than its baseline', () => {
    const baseline = readBaseline();
    const rates = passRates();
    for (const r of rates) assert.ok(r.passing >= (baseline[r.family] ?? 0), `${r.family}: ${r.passing} pass, the baseline is ${baseline[r.family]}`);
    for (const family of Object.keys(baseline)) assert.ok(rates.some((r) => r.family === family), `family ${family} is gone`);
  });
});
