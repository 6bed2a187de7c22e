/**
 * docs/SDK.md and the README's SDK example, run as a reader runs them: the setup block in bash
 * against a real server (accounts, the guide's roles, the sample, the notebook's profiles in
 * ~/.aws/config), then the examples as one ES module in a project that depends on sagelite,
 * type-checked by strict TypeScript and run with node in the same shell (AWS_PROFILE is the
 * notebook's). What their comments say they return is checked from a line the test appends.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { compileExample, notebookModule, readerProject } from '../support/doc-programs.js';
import { BIN } from './cli-process.js';
import { ServerProcess, shapeEnv } from './harness.js';

const TEST = 'test/e2e/docs-sdk-examples.test.ts';
const LOCAL = 'http://127.0.0.1:4566';
/** Prefixes the appended line, so its JSON is found among what the examples print. */
const CHECK = 'DOCS-CHECK ';

/** What the SDK examples' comments promise, printed by the line appended to them. */
const SDK_CHECK = `
console.log(${JSON.stringify(CHECK)} + JSON.stringify({
  offline: offline.Contents?.map((o) => o.Key), report, retried, aaron, some, many, over40, columns: columns.map((c) => c.Name),
  output: execution.ResultConfiguration?.OutputLocation, set: set.rows, setOutput: set.outputLocation, lastDay: lastDay.rows, labelsSql,
}));
`;
const README_CHECK = `\nconsole.log(${JSON.stringify(CHECK)} + JSON.stringify({ report, counted }));\n`;

/** The JSON of the appended line. */
function checked(stdout: string, which: number): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l.startsWith(CHECK));
  assert.ok(lines[which], `no ${CHECK}line #${which} in:\n${stdout}`);
  return JSON.parse(lines[which]!.slice(CHECK.length)) as Record<string, unknown>;
}

describe('docs/SDK.md and the README’s SDK example, run as a reader runs them', () => {
  let server: ServerProcess;
  let home: string;
  let project: string;
  let result: { status: number | null; stdout: string; stderr: string };

  before(async () => {
    server = await ServerProcess.start();
    home = mkdtempSync(join(tmpdir(), 'sagelite-docs-home-'));
    project = mkdtempSync(join(tmpdir(), 'sagelite-docs-project-'));
    readerProject(project, PACKAGE_ROOT);
    const local = (code: string) => code.replaceAll(LOCAL, server.url);
    writeFileSync(join(project, 'examples.mts'), notebookModule(markedBlocks(PACKAGE_ROOT, 'docs/SDK.md', 'sdk', TEST).map(local)) + SDK_CHECK);
    writeFileSync(join(project, 'readme.mts'), notebookModule(markedBlocks(PACKAGE_ROOT, 'README.md', 'sdk-readme', TEST).map(local)) + README_CHECK);
    for (const name of ['examples', 'readme']) {
      const compiled = compileExample(project, name, PACKAGE_ROOT);
      assert.equal(compiled.status, 0, `${name}: strict TypeScript refuses the examples:\n${compiled.output}`);
    }
    // Only what differs from a reader's machine: the server's port and data directory, HOME, and
    // `npx sagelite` run from outside a project that has it installed.
    const [setup] = markedBlocks(PACKAGE_ROOT, 'docs/SDK.md', 'sdk-setup', TEST);
    const script = `${local(setup!).replaceAll('npx sagelite', `node ${JSON.stringify(BIN)}`)}\nnode examples.mjs\nnode readme.mjs\n`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('SAGELITE_')));
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: project, encoding: 'utf8', timeout: 300_000, env: { ...env, ...shapeEnv(server.dataDir), HOME: home, NO_COLOR: '1', SAGELITE_DATA_DIR: server.dataDir },
    });
    result = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  });
  after(async () => {
    await server.stop();
    for (const dir of [home, project]) rmSync(dir, { recursive: true, force: true });
  });

  it('the setup block makes A and B, the guide’s roles, the sample in B and the notebook’s profiles', () => {
    assert.equal(result.status, 0, `the examples failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /✓ create feature group customers +Created, 8 features/);
    assert.match(result.stdout, /✓ offline store of purchases +Active, 10 rows/);
    assert.match(result.stdout, /✓ written to .*\/\.aws\/config\n/);
  });

  it('the examples do what their comments say, as A’s notebook through B’s role', () => {
    assert.equal(result.status, 0, `the examples failed:\n${result.stdout}\n${result.stderr}`);
    const c = checked(result.stdout, 0);
    assert.ok((c['offline'] as string[]).some((k) => k.endsWith('.parquet')), 'B’s offline store listed as B’s role');
    const report = c['report'] as { total: number; succeeded: number; failed: Array<{ index: number; error: { code: string; message: string } }> };
    assert.deepEqual([report.total, report.succeeded, report.failed.length, report.failed[0]!.index, report.failed[0]!.error.code], [2, 1, 1, 1, 'ValidationException']);
    assert.match(report.failed[0]!.error.message, /^Validation Error: Value "thirty" of feature age/);
    assert.deepEqual(c['retried'], { total: 2, succeeded: 2, failed: [] });
    assert.deepEqual({ ...(c['aaron'] as object), created_at: 0 }, { cid: 1001, name: 'aaron', age: 32, state: 'OH', created_at: 0 });
    assert.deepEqual(c['some'], { name: 'bria' });
    const many = c['many'] as Array<{ cid: number } | null>;
    assert.deepEqual(many.map((r) => r?.cid ?? null), [1001, null, 1002]);
    assert.deepEqual(c['over40'], [{ cid: 7148, name: 'greta', age: 41 }, { cid: 7265, name: 'zoe', age: 59 }]);
    assert.deepEqual(c['columns'], ['cid', 'name', 'age']);
    assert.match(c['output'] as string, /^s3:\/\/sagemaker-athena-results-111111111111\/query_results\/[\w-]+\.csv$/);
    assert.match(result.stdout, /^\{ pid: 31618, cid: 7148, purchase_amount: 24\.61 \}$/m);
    assert.match(result.stdout, /^TABLE_NOT_FOUND: .*'awsdatacatalog\.sagemaker_featurestore\.nope' does not exist/m);
    // A training set's rows come in no particular order (its query has no ORDER BY, as Athena's).
    const set = [...(c['set'] as Array<Record<string, unknown>>)].sort((x, y) => Number(x['cid']) - Number(y['cid']));
    assert.deepEqual(set.map((r) => [r['cid'], r['label'], r['age.1']]), [[7148, 1, 41], [7265, 0, 59]]);
    assert.ok([24.61, 35.17].includes(set[0]!['purchase_amount.2'] as number), JSON.stringify(set[0]));
    assert.match(c['setOutput'] as string, /^s3:\/\/sagemaker-athena-results-111111111111\/training\/[\w-]+\.csv$/);
    const lastDay = c['lastDay'] as Array<Record<string, unknown>>;
    assert.ok(lastDay.length >= 5, `the sample's five customers at least: ${JSON.stringify(lastDay)}`);
    assert.ok(lastDay.some((r) => r['age'] === 41 && r['state'] === 'OR'));
    assert.match(c['labelsSql'] as string, /FROM "ml"\."labels" origin_base/);
  });

  it('the README’s example ingests and counts through the same role', () => {
    assert.equal(result.status, 0, `the examples failed:\n${result.stdout}\n${result.stderr}`);
    const c = checked(result.stdout, 1);
    assert.deepEqual(c['report'], { total: 1, succeeded: 1, failed: [] });
    const [counted] = c['counted'] as Array<{ n: number }>;
    assert.ok(counted!.n >= 5, `customers in the offline store: ${counted!.n}`);
  });
});
