import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { expectedPrints, markedBlock, oneLine } from '../support/doc-blocks.js';
import { childEnv, installTarball, NpmProcess, runNpm, type Ran } from '../support/npm.js';

// What a user gets from `npm pack`: both tarballs installed in empty directories, run with npx on
// the Node that runs this test (CI runs it on 22 and 24). Installing takes tens of seconds on a
// loaded machine, so every bound here is generous; nothing is measured.
const INSTALL_MS = 5 * 60_000;
const COMMAND_MS = 3 * 60_000;
const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
}

/** `npm pack` of the root or of a workspace, into `dir`: its prepack script builds first. */
function pack(dir: string, workspace?: string): Packed & { tarball: string } {
  const r = runNpm('npm', ['pack', '--json', '--pack-destination', dir, ...(workspace ? ['--workspace', workspace] : [])], { cwd: PACKAGE_ROOT, timeoutMs: COMMAND_MS });
  assert.equal(r.status, 0, `npm pack ${workspace ?? ''} failed:\n${r.stderr}`);
  const [packed] = JSON.parse(r.stdout) as Packed[];
  return { ...packed!, tarball: join(dir, packed!.filename) };
}

/** Every file under `dir` (relative to the repository), for comparing with a tarball's list. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(PACKAGE_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(PACKAGE_ROOT, join(e.parentPath, e.name)));
}

function ok(r: Ran, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('the packed tarballs, installed in empty directories and run with npx', { timeout: 20 * 60_000 }, () => {
  let work: string;
  let app: string;
  let sdkApp: string;
  let server: NpmProcess | undefined;
  let serverUrl: string;
  let dataDir: string;
  let sagelite: Packed & { tarball: string };
  let sdk: Packed & { tarball: string };
  // npx runs the installed bin only: no registry is asked for anything once installed.
  const npx = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => runNpm('npx', ['--offline', ...args], { cwd, timeoutMs: COMMAND_MS, env });

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sagelite-tarballs-'));
    [app, sdkApp, dataDir] = ['app', 'sdk-app', 'data'].map((d) => join(work, d)) as [string, string, string];
    for (const d of [app, sdkApp, dataDir]) mkdirSync(d);
    sagelite = pack(work);
    sdk = pack(work, '@sagelite/sdk');
  });
  after(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sagelite’s tarball holds every compiled module of the server, CLI and SDK, the models and the demo’s sample, and no tests', () => {
    const files = new Set(sagelite.files.map((f) => f.path));
    const sources = [...filesUnder('src'), ...filesUnder('packages/sdk/src')].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    assert.ok(sources.length > 300, `found only ${sources.length} sources`);
    const missing = sources.map((f) => `dist/${f.replace(/\.ts$/, '.js')}`).filter((f) => !files.has(f));
    assert.deepEqual(missing, [], 'compiled modules left out of the tarball');
    // Read at run time: the botocore models (src/models/model.ts), the demo's sample (src/demo/sample.ts), the bin.
    const runtime = [...filesUnder('models'), ...filesUnder('data/cross-account-sample'), 'bin/sagelite.js', 'package.json', 'README.md', 'LICENSE'];
    assert.deepEqual(runtime.filter((f) => !files.has(f)), [], 'runtime files left out of the tarball');
    const unwanted = [...files].filter((f) => /\.test\.|\.map$|^(src|test|bench|scripts|docs|packages)\/|^dist\/(test|bench)\//.test(f));
    assert.deepEqual(unwanted, [], 'tests, sources or maps in the tarball');
  });

  it('sagelite installs from its tarball alone', (t) => {
    const { mode, ran } = installTarball(app, sagelite.tarball, INSTALL_MS);
    ok(ran, `npm install ${mode} ${sagelite.filename}`);
    t.diagnostic(`installed with npm install ${mode}`);
    assert.ok(existsSync(join(app, 'node_modules', 'sagelite', 'dist', 'src', 'cli', 'main.js')));
  });

  it('npx sagelite --version prints the package’s version', () => {
    assert.equal(ok(npx(app, ['sagelite', '--version']), 'npx sagelite --version').trim(), VERSION);
  });

  it('npx sagelite demo runs the cross-account guide through, on its own server', () => {
    const out = ok(npx(app, ['sagelite', 'demo']), 'npx sagelite demo');
    assert.match(out, /✓ Athena query +SELECT \* FROM "purchases_\d+": SUCCEEDED/);
    assert.match(out, /✓ the guide ran through: 23 steps/);
    assert.doesNotMatch(out, /✗/);
  });

  it('npx sagelite serve answers the AWS CLI: sts get-caller-identity with an account’s root key', async () => {
    const started = await NpmProcess.start('npx', ['--offline', 'sagelite', 'serve', '--port', '0', '--data-dir', dataDir], { cwd: app, ready: /sagelite listening on (http:\/\/[^"\s]+)/, timeoutMs: 60_000 });
    server = started.process;
    serverUrl = started.match[1]!;
    const account = JSON.parse(ok(npx(app, ['sagelite', 'account', 'create', '--json', '--data-dir', dataDir]), 'npx sagelite account create')) as { accountId: string; accessKeyId: string; secretAccessKey: string };
    const r = spawnSync('aws', ['--endpoint-url', serverUrl, 'sts', 'get-caller-identity', '--output', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: childEnv({
        AWS_ACCESS_KEY_ID: account.accessKeyId, AWS_SECRET_ACCESS_KEY: account.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '',
      }),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { UserId: account.accountId, Account: account.accountId, Arn: `arn:aws:iam::${account.accountId}:root` });
  });

  it('the README walkthrough runs as written against the installed package: account, ingest, get, query', () => {
    assert.ok(serverUrl, 'the server of the previous test is running');
    const script = markedBlock(join(PACKAGE_ROOT, 'README.md'), 'walkthrough').replaceAll('http://127.0.0.1:4566', serverUrl);
    // Then the keys the walkthrough made, for the SDK's example below (same account, same state).
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', `${script}\nprintf '%s %s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" > keys.txt`], {
      cwd: app, encoding: 'utf8', timeout: COMMAND_MS,
      env: childEnv({ SAGELITE_DATA_DIR: dataDir, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', npm_config_offline: 'true' }),
    });
    assert.equal(r.status, 0, `the walkthrough failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /ingested 3 of 3 rows into orders/);
    assert.match(r.stdout, /ana +\| 2 +\| 14\.24\nben +\| 1 +\| 25\.5\n/);
  });

  it('@sagelite/sdk installs alone: only the AWS SDK, no DuckDB, no SQLite, no native module, no install script', (t) => {
    const { mode, ran } = installTarball(sdkApp, sdk.tarball, INSTALL_MS);
    ok(ran, `npm install ${mode} ${sdk.filename}`);
    t.diagnostic(`installed with npm install ${mode}`);
    const modules = join(sdkApp, 'node_modules');
    const manifest = JSON.parse(readFileSync(join(modules, '@sagelite', 'sdk', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies).filter((d) => !/^@(aws-sdk|smithy|aws-crypto)\//.test(d)), [], 'dependencies beyond the AWS SDK');
    const lock = JSON.parse(readFileSync(join(sdkApp, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const installed = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/'));
    assert.ok(installed.includes('node_modules/@sagelite/sdk'));
    assert.deepEqual(installed.filter((p) => /node_modules\/(@duckdb|sagelite$|better-sqlite3|duckdb)/.test(p)), []);
    assert.deepEqual(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([name]) => name), [], 'packages with install scripts');
    const native = readdirSync(modules, { recursive: true }).map(String).filter((f) => f.endsWith('.node') || f.endsWith('binding.gyp'));
    assert.deepEqual(native, [], 'native modules');
    const sdkFiles = sdk.files.map((f) => f.path);
    assert.deepEqual(sdkFiles.filter((f) => /\.test\.|\.map$|tsbuildinfo|^src\//.test(f)), [], 'tests or sources in the SDK tarball');
  });

  it('the SDK README’s example runs as written against the served tarball and prints what it says', () => {
    const [accessKeyId, secretAccessKey] = readFileSync(join(app, 'keys.txt'), 'utf8').trim().split(' ');
    const example = markedBlock(join(PACKAGE_ROOT, 'packages', 'sdk', 'README.md'), 'sdk-example');
    writeFileSync(join(sdkApp, 'orders.mjs'), example);
    const r = spawnSync(process.execPath, ['orders.mjs'], {
      cwd: sdkApp, encoding: 'utf8', timeout: COMMAND_MS,
      env: childEnv({
        AWS_ENDPOINT_URL: serverUrl, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      }),
    });
    assert.equal(r.status, 0, `the example failed:\n${r.stdout}\n${r.stderr}`);
    const expected = expectedPrints(example);
    assert.match(expected, /succeeded: 2/, 'the example states its output');
    assert.equal(oneLine(r.stdout), expected);
  });
});
