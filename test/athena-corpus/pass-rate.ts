/**
 * The corpus's pass rate per family (issue 17): every statement not marked `@gap` must answer as
 * Athena does (the end-to-end runner fails otherwise), so the rate follows from the files alone.
 * docs/athena-sql.md shows the table between its markers, and baseline.json holds each family's
 * passing count, which may only rise: CI fails when a family drops below it.
 *
 *   node dist/test/athena-corpus/pass-rate.js --write   # rewrites the docs table, raises the baseline
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, familyOf, loadCorpus, type CorpusStatement } from './format.js';

export interface FamilyRate {
  family: string;
  mustSucceed: number;
  mustFail: number;
  passing: number;
}

export const DOCS_FILE = join(CORPUS_DIR, '..', '..', 'docs', 'athena-sql.md');
export const BASELINE_FILE = join(CORPUS_DIR, 'baseline.json');
const BEGIN = '<!-- corpus pass rate: written by test/athena-corpus/pass-rate.ts -->';
const END = '<!-- end of corpus pass rate -->';

const failing = (s: CorpusStatement) => s.expect.kind === 'fail' || s.expect.kind === 'error' || s.expect.kind === 'refused';

export function passRates(corpus: CorpusStatement[] = loadCorpus()): FamilyRate[] {
  const byFamily = new Map<string, FamilyRate>();
  for (const s of corpus) {
    const family = familyOf(s.file);
    const rate = byFamily.get(family) ?? { family, mustSucceed: 0, mustFail: 0, passing: 0 };
    if (failing(s)) rate.mustFail++;
    else rate.mustSucceed++;
    if (s.gap === undefined) rate.passing++;
    byFamily.set(family, rate);
  }
  return [...byFamily.values()];
}

const percent = (passing: number, total: number) => `${total === 0 ? 100 : Math.floor((1000 * passing) / total) / 10}%`;

/** The Markdown table docs/athena-sql.md shows between its markers. */
export function rateTable(rates: FamilyRate[]): string {
  const total = rates.reduce((t, r) => ({ s: t.s + r.mustSucceed, f: t.f + r.mustFail, p: t.p + r.passing }), { s: 0, f: 0, p: 0 });
  const rows = rates.map((r) => `| ${r.family} | ${r.mustSucceed} | ${r.mustFail} | ${r.passing} | ${percent(r.passing, r.mustSucceed + r.mustFail)} |`);
  return [
    BEGIN,
    '| family | must succeed | must fail | as Athena | pass rate |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    `| **all** | ${total.s} | ${total.f} | ${total.p} | ${percent(total.p, total.s + total.f)} |`,
    END,
  ].join('\n');
}

/** The table as docs/athena-sql.md has it now, or undefined when the markers are missing. */
export function documentedTable(docs = readFileSync(DOCS_FILE, 'utf8')): string | undefined {
  const from = docs.indexOf(BEGIN);
  const to = docs.indexOf(END);
  return from < 0 || to < from ? undefined : docs.slice(from, to + END.length);
}

export function readBaseline(): Record<string, number> {
  return JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, number>;
}

if (process.argv[1]?.endsWith('pass-rate.js') && process.argv.includes('--write')) {
  const rates = passRates();
  const docs = readFileSync(DOCS_FILE, 'utf8');
  const current = documentedTable(docs);
  if (current === undefined) throw new Error(`${DOCS_FILE} lacks the markers ${BEGIN} … ${END}`);
  writeFileSync(DOCS_FILE, docs.replace(current, rateTable(rates)));
  let baseline: Record<string, number> = {};
  try {
    baseline = readBaseline();
  } catch {
    // first run: no baseline yet
  }
  for (const r of rates) baseline[r.family] = Math.max(baseline[r.family] ?? 0, r.passing);
  writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(rateTable(rates));
}
