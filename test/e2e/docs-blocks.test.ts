/**
 * The demo commands of README.md and docs/GUIDE.md, and docs/policy-engine.md's example, run as
 * written: the demo blocks in bash (the last one against a server the test starts on the default
 * data directory of a HOME of its own), the example type-checked and run with node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { markedBlocks } from '../support/doc-blocks.js';
import { compileExample, notebookModule, readerProject } from '../support/doc-programs.js';
import { BIN, cleanEnv } from './cli-process.js';
import { ServerProcess } from './harness.js';

const TEST = 'test/e2e/docs-blocks.test.ts';

/**
 * `npm run demo` as package.json says, without the build it may start with: this test runs on
 * the build the suite made (a build here would rewrite dist/ under the other tests' feet).
 */
function npmRunDemo(): string {
  const script = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['demo']!;
  const run = script.replace(/^(npm run build --silent|node scripts\/build\.mjs) && /, '');
  assert.match(run, /^node bin\/sagelite\.js demo$/, `package.json's demo script changed: ${script}`);
  return `(cd ${JSON.stringify(PACKAGE_ROOT)} && node bin/sagelite.js demo)`;
}

/** Runs a shell block as written but for the server's URL, `npm run demo` and `npx sagelite`. */
function runShell(code: string, env: NodeJS.ProcessEnv, url = 'http://127.0.0.1:4566'): { status: number | null; stdout: string; stderr: string } {
  const script = code.replaceAll('http://127.0.0.1:4566', url).replaceAll('npm run demo', npmRunDemo()).replaceAll('npx sagelite', `node ${JSON.stringify(BIN)}`);
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 240_000, env: cleanEnv(env) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('docs: the demo blocks of README.md and GUIDE.md, and policy-engine.md’s example, as written', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'sagelite-docs-demo-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('README: the guide in one command', () => {
    const [block] = markedBlocks(PACKAGE_ROOT, 'README.md', 'demo', TEST);
    const r = runShell(block!, { HOME: home });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /\n✓ the guide ran through: 23 steps \(\d+\.\d s\)\n$/);
  });

  it('GUIDE: the demo, a break, and the demo against a running server on the default data directory', async () => {
    const [block] = markedBlocks(PACKAGE_ROOT, 'docs/GUIDE.md', 'guide-demo', TEST);
    const dataDir = join(home, '.local', 'share', 'sagelite');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const server = await ServerProcess.start({ dataDir });
    try {
      const r = runShell(block!, { HOME: home }, server.url);
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      const runs = r.stdout.split(/\n(?=sagelite demo: )/);
      assert.equal(runs.length, 5, r.stdout);
      assert.match(runs[0]!, /\(in-process, temporary data directory\)\n[\s\S]*✓ the guide ran through: 23 steps/);
      assert.match(runs[1]!, /✗ sts:AssumeRole into B +AccessDenied \(HTTP 403\)[\s\S]*✓ --break trust failed at "sts:AssumeRole into B"/);
      assert.match(runs[2]!, /\(path ram\)[\s\S]*✓ ram:AcceptResourceShareInvitation +ACCEPTED[\s\S]*✓ the guide ran through: 20 steps/);
      assert.match(runs[3]!, /\(path catalog\)[\s\S]*✓ --break glue-policy failed at "Athena query \(catalog central_feature_store\)"/);
      assert.match(runs[4]!, new RegExp(`^sagelite demo: .*\\nserver   ${server.url}\\n[\\s\\S]*✓ the guide ran through: 23 steps`));
    } finally {
      await server.stop();
    }
  });

  it('policy-engine.md: the example compiles under strict TypeScript and prints the denial and its explanation', () => {
    const [block] = markedBlocks(PACKAGE_ROOT, 'docs/policy-engine.md', 'policy-engine', TEST);
    // The import is relative to src/; the example runs against the build of it (by its absolute path).
    const engine = join(PACKAGE_ROOT, 'dist', 'src', 'auth', 'policy', 'index.js');
    const dir = join(home, 'policy-engine');
    readerProject(dir, PACKAGE_ROOT);
    writeFileSync(join(dir, 'example.mts'), notebookModule([block!.replaceAll("'./auth/policy/index.js'", `'${engine}'`)]));
    const compiled = compileExample(dir, 'example', PACKAGE_ROOT);
    assert.equal(compiled.status, 0, compiled.output);
    const r = spawnSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::reports\/q1\.csv because no identity-based policy allows the s3:PutObject action\n/);
    assert.match(r.stdout, /\[identity-based policy\] inline:user\/alice\/read → NoMatch/);
    assert.match(r.stdout, /Result: ImplicitDeny/);
  });
});
