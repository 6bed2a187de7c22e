/**
 * The corpus's statement files (test/athena-corpus/statements/*.sql): one block per statement, its
 * SQL and what Athena answers. The format is described in test/athena-corpus/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a statement must produce. */
export type Expectation =
  /** SUCCEEDED; nothing else checked (DDL whose result set Athena leaves empty). */
  | { kind: 'ok' }
  /** FAILED with a StateChangeReason matching `reason` and AthenaError.ErrorCategory 2 (USER). */
  | { kind: 'fail'; reason: RegExp }
  /**
   * FAILED with exactly this StateChangeReason (`NAME: line L:C: message`) and ErrorCategory 2;
   * a text ending in ` …` is matched as a prefix (a syntax error's "Expecting:" list, where the
   * documentation gives the position and the offending token but not the whole list).
   */
  | { kind: 'error'; reason: string; prefix: boolean }
  /**
   * No query at all: StartQueryExecution refuses the statement with InvalidRequestException,
   * AthenaErrorCode MALFORMED_QUERY and this message (Trino's parse errors: `line L:C: …`, no
   * error name); a trailing ` …` makes it a prefix, as for `error`.
   */
  | { kind: 'refused'; reason: string; prefix: boolean }
  /** SUCCEEDED with these rows; `columns` (name and Athena type) are checked when given. */
  | { kind: 'rows'; columns?: Array<{ name: string; type: string }>; rows: Array<Array<string | null>> };

export interface CorpusStatement {
  id: string;
  file: string;
  line: number;
  sql: string;
  /** QueryExecutionContext.Database; undefined means none is sent. */
  database: string | undefined;
  /** Rows compared in order (the statement ends in ORDER BY). */
  ordered: boolean;
  /** Expected rows must all be present; others may be too (SHOW DATABASES, DESCRIBE). */
  contains: boolean;
  /** Values compared with whitespace around tabs and at both ends removed (SHOW/DESCRIBE text output). */
  trim: boolean;
  expect: Expectation;
  /**
   * A documented difference from Athena (`@differs <where it is documented>` and one `@sagelite
   * <json row>` per row): `expect` stays Athena's answer, and the runner checks that sagelite
   * gives these rows instead — so a fix, or a new regression, shows up.
   */
  knownDifference?: { documented: string; rows: Array<Array<string | null>> };
  /**
   * `@gap <why>`: sagelite does not give Athena's answer yet. The runner checks that it still
   * does not (a fix must drop the marker); the statement counts against its family's pass rate.
   */
  gap?: string;
}

/** A statement's family: its file's name without the order prefix (`04-strings.sql` → `strings`). */
export const familyOf = (file: string) => file.replace(/^\d+-/, '').replace(/\.sql$/, '');

export const CORPUS_DIR = join(import.meta.dirname, '..', '..', '..', 'test', 'athena-corpus');
export const STATEMENTS_DIR = join(CORPUS_DIR, 'statements');
export const DATA_DIR = join(CORPUS_DIR, 'data');
export const DEFAULT_DATABASE = 'corpus';

function parseColumns(text: string, where: string): Array<{ name: string; type: string }> {
  return text.split(/,\s+/).map((c) => {
    const at = c.lastIndexOf(':');
    if (at <= 0) throw new Error(`${where}: column "${c}" is not name:type`);
    return { name: c.slice(0, at).trim(), type: c.slice(at + 1).trim() };
  });
}

function parseRow(line: string, where: string): Array<string | null> {
  const row = JSON.parse(line) as unknown;
  if (!Array.isArray(row)) throw new Error(`${where}: a row must be a JSON array`);
  for (const v of row) if (v !== null && typeof v !== 'string') throw new Error(`${where}: values are strings or null (Athena renders every value as text): ${line}`);
  return row as Array<string | null>;
}

/**
 * Parses one statement file.
 *
 * @example
 * parseCorpusFile('=== p-1\nSELECT 1 AS x\n--> x:integer\n["1"]\n', 'a.sql')[0].expect
 * // { kind: 'rows', columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }
 */
export function parseCorpusFile(text: string, file: string): CorpusStatement[] {
  const out: CorpusStatement[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.startsWith('=== ')) {
      if (line.trim() !== '' && !line.startsWith('#')) throw new Error(`${file}:${i + 1}: text outside a statement block`);
      i++;
      continue;
    }
    const id = line.slice(4).trim();
    const start = i + 1;
    const st: CorpusStatement = { id, file, line: start, sql: '', database: DEFAULT_DATABASE, ordered: false, contains: false, trim: false, expect: { kind: 'ok' } };
    i++;
    const sql: string[] = [];
    for (; i < lines.length && (lines[i]!.startsWith('@') || lines[i]!.startsWith('# ')); i++) {
      if (lines[i]!.startsWith('# ')) continue;
      const [directive, arg] = lines[i]!.slice(1).split(/\s+/);
      if (directive === 'db') st.database = arg;
      else if (directive === 'nodb') st.database = undefined;
      else if (directive === 'ordered') st.ordered = true;
      else if (directive === 'contains') st.contains = true;
      else if (directive === 'trim') st.trim = true;
      else if (directive === 'differs') st.knownDifference = { documented: lines[i]!.slice('@differs'.length).trim(), rows: st.knownDifference?.rows ?? [] };
      else if (directive === 'gap') {
        st.gap = lines[i]!.slice('@gap'.length).trim();
        if (st.gap === '') throw new Error(`${file}:${i + 1}: @gap needs the reason sagelite differs`);
      }
      else if (directive === 'sagelite') (st.knownDifference ??= { documented: '', rows: [] }).rows.push(parseRow(lines[i]!.slice('@sagelite'.length).trim(), `${file}:${i + 1}`));
      else throw new Error(`${file}:${i + 1}: unknown directive @${directive}`);
    }
    for (; i < lines.length && !lines[i]!.startsWith('-->'); i++) if (!lines[i]!.startsWith('# ')) sql.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${file}:${start}: statement ${id} has no --> line`);
    st.sql = sql.join('\n').trim();
    const head = lines[i]!.slice(3).trim();
    i++;
    const where = `${file}:${i}`;
    if (head === 'ok') st.expect = { kind: 'ok' };
    else if (head.startsWith('fail ')) {
      const m = /^fail \/(.*)\/$/.exec(head);
      if (!m) throw new Error(`${where}: fail needs /regex/`);
      st.expect = { kind: 'fail', reason: new RegExp(m[1]!) };
    } else if (head.startsWith('error ') || head.startsWith('refused ')) {
      const kind = head.startsWith('error ') ? 'error' : 'refused';
      const reason = head.slice(kind.length + 1).trim();
      const prefix = reason.endsWith(' …');
      st.expect = { kind, reason: prefix ? reason.slice(0, -2) : reason, prefix };
    } else {
      const rows: Array<Array<string | null>> = [];
      for (; i < lines.length && lines[i]!.startsWith('['); i++) rows.push(parseRow(lines[i]!, `${file}:${i + 1}`));
      st.expect = head === 'rows' ? { kind: 'rows', rows } : { kind: 'rows', columns: parseColumns(head, where), rows };
    }
    if (st.ordered && !/ORDER BY/i.test(st.sql)) throw new Error(`${file}:${start}: @ordered but the SQL has no ORDER BY`);
    if (st.sql === '') throw new Error(`${file}:${start}: statement ${id} has no SQL`);
    if (st.knownDifference && (st.knownDifference.documented === '' || st.knownDifference.rows.length === 0 || st.expect.kind !== 'rows')) {
      throw new Error(`${file}:${start}: a known difference needs @differs <where documented>, @sagelite rows, and Athena's rows`);
    }
    out.push(st);
  }
  return out;
}

/** Every statement of the corpus, files in name order, statements in file order (later ones may depend on earlier DDL). */
export function loadCorpus(dir = STATEMENTS_DIR): CorpusStatement[] {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => parseCorpusFile(readFileSync(join(dir, f), 'utf8'), f));
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.id)) throw new Error(`duplicate statement id ${s.id}`);
    seen.add(s.id);
  }
  return all;
}
