/**
 * The Athena SQL conformance corpus (test/athena-corpus/): every statement is run through the real
 * server with the JS SDK's Athena client and its state, columns, types and rows compared with what
 * Athena (engine v3, Trino) answers — expected results written from Trino's and Athena's
 * documentation, never copied from sagelite. One subtest per statement, named by its id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AthenaClient } from '@aws-sdk/client-athena';
import { createAccount, ServerProcess, type AccountKeys } from './harness.js';
import { loadCorpus, type CorpusStatement } from '../athena-corpus/format.js';
import { loadFixtures } from '../athena-corpus/fixtures.js';
import { athenaClient, runAthena, type AthenaOutcome } from '../athena-corpus/athena-run.js';

const corpus = loadCorpus();

/** SHOW/DESCRIBE print padded text: spaces around tabs and at the ends are not part of the value. */
const trimValue = (v: string | null) => (v === null ? null : v.replace(/[ ]*\t[ ]*/g, '\t').trim());
const key = (row: Array<string | null>) => JSON.stringify(row);

function describeFailure(st: CorpusStatement, out: AthenaOutcome): string {
  return `${st.file}:${st.line} ${st.id} → ${out.state}${out.reason ? `: ${out.reason}` : ''}`;
}

function check(st: CorpusStatement, out: AthenaOutcome): void {
  const expect = st.expect;
  if (expect.kind === 'fail') {
    assert.equal(out.state, 'FAILED', `${st.id} should fail (${expect.reason}) but ${out.state}; rows ${JSON.stringify(out.rows.slice(0, 5))}`);
    assert.match(out.reason ?? '', expect.reason, `${st.id}: StateChangeReason`);
    assert.equal(out.errorCategory, 2, `${st.id}: AthenaError.ErrorCategory is USER (2)`);
    return;
  }
  if (expect.kind === 'refused') {
    assert.equal(out.state, 'REFUSED', `${st.id} should be refused at StartQueryExecution (${expect.reason}) but ${out.state}${out.reason ? `: ${out.reason}` : ''}`);
    assert.equal(out.athenaErrorCode, 'MALFORMED_QUERY', `${st.id}: AthenaErrorCode`);
    if (expect.prefix) assert.ok((out.reason ?? '').startsWith(expect.reason), `${st.id}: message ${JSON.stringify(out.reason)} should start ${JSON.stringify(expect.reason)}`);
    else assert.equal(out.reason, expect.reason, `${st.id}: message`);
    return;
  }
  if (expect.kind === 'error') {
    assert.equal(out.state, 'FAILED', `${st.id} should fail (${expect.reason}) but ${out.state}; rows ${JSON.stringify(out.rows.slice(0, 5))}`);
    if (expect.prefix) assert.ok((out.reason ?? '').startsWith(expect.reason), `${st.id}: StateChangeReason ${JSON.stringify(out.reason)} should start ${JSON.stringify(expect.reason)}`);
    else assert.equal(out.reason, expect.reason, `${st.id}: StateChangeReason`);
    assert.equal(out.errorCategory, 2, `${st.id}: AthenaError.ErrorCategory is USER (2)`);
    return;
  }
  assert.equal(out.state, 'SUCCEEDED', describeFailure(st, out));
  if (expect.kind === 'ok') return;
  let rows = out.rows;
  const names = out.columns.map((c) => c.Name ?? '');
  if (out.statementType === 'DML') {
    // A SELECT's first row is the header: the column names (GetQueryResults, Athena API reference).
    assert.deepEqual(rows[0], names, `${st.id}: the first row of a DML result is the header`);
    rows = rows.slice(1);
  }
  if (expect.columns) {
    assert.deepEqual(
      out.columns.map((c) => `${c.Name}:${c.Type}`),
      expect.columns.map((c) => `${c.name}:${c.type}`),
      `${st.id}: column names and Athena types`,
    );
  }
  let expected = expect.rows;
  if (st.knownDifference) {
    // sagelite's documented answer, which must still differ from Athena's (else drop the marker).
    assert.notDeepEqual(rows, expected, `${st.id}: now matches Athena — remove @differs/@sagelite`);
    expected = st.knownDifference.rows;
  }
  if (st.trim) {
    rows = rows.map((r) => r.map(trimValue));
    expected = expected.map((r) => r.map(trimValue));
  }
  if (st.contains) {
    const have = new Set(rows.map(key));
    const missing = expected.filter((r) => !have.has(key(r)));
    assert.deepEqual(missing, [], `${st.id}: rows missing from ${JSON.stringify(rows)}`);
  } else if (st.ordered) {
    assert.deepEqual(rows, expected, `${st.id}: rows in order`);
  } else {
    assert.deepEqual(rows.map(key).sort(), expected.map(key).sort(), `${st.id}: rows (any order)`);
  }
}

describe(`Athena SQL conformance corpus (${corpus.length} statements, JS SDK v3)`, () => {
  let server: ServerProcess;
  let account: AccountKeys;
  let athena: AthenaClient;
  let outputLocation: string;

  before(async () => {
    server = await ServerProcess.start();
    account = createAccount(server.dataDir, 'athena-corpus');
    const manifest = await loadFixtures(server.url, account);
    outputLocation = `s3://${manifest.resultsBucket}/corpus/`;
    athena = athenaClient(server.url, account);
  });
  after(() => server?.stop());

  it('has at least 120 statements, every family present', () => {
    assert.ok(corpus.length >= 120, `${corpus.length} statements`);
    assert.ok(new Set(corpus.map((s) => s.file)).size >= 15);
  });

  for (const st of corpus) {
    it(`${st.id} (${st.file}:${st.line})`, async () => {
      const out = await runAthena(athena, st.sql, { database: st.database, outputLocation });
      if (st.gap === undefined) return check(st, out);
      // A known gap must still be one: once sagelite answers as Athena does, the marker goes.
      let matches = true;
      try {
        check(st, out);
      } catch {
        matches = false;
      }
      assert.equal(matches, false, `${st.id}: now answers as Athena does — remove @gap (${st.gap})`);
    });
  }
});
