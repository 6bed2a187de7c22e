import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../app.js';
import { configFromEnv } from '../core/config.js';
import { AdminClient } from '../../packages/sdk/src/admin-client.js';
import { awsFailure, destroyClients, guideClients, type GuideClients } from './clients.js';
import { ExpectedBreak, UnexpectedStepFailure, type DemoContext } from './context.js';
import { assumeCrossAccountRole, createFeatureGroups, ingestSample, notebookSession, readOnlineStore } from './notebook.js';
import { queryOfflineStore, readTrainingSet, waitForOfflineStore } from './offline-athena.js';
import { BREAK_DESCRIPTIONS, defaultBuckets, guidePlan, pathOfBreak, type BreakMode, type DemoPath } from './plan.js';
import { runCatalogPath } from './catalog-path.js';
import { runRamPath } from './ram-path.js';
import { Reporter } from './reporter.js';
import { applyGuideSetup } from './setup.js';

export interface DemoOptions {
  /** A running server; without one the demo starts its own on a temporary data directory. */
  endpoint?: string;
  /** The operator's key of that server (its data directory's operator.json). */
  operatorKey?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  /** How A reaches B: assuming B's role (the guide, the default), RAM shares, or B's Glue catalog in A's Athena. */
  path?: DemoPath;
  /** A piece of that path to leave out (one of PATH_BREAKS[path]). */
  break?: BreakMode;
  write: (text: string) => void;
  color?: boolean;
  /** The in-process server's offline-store flush interval (ms). */
  offlineFlushIntervalMs?: number;
}

/** How the run ended. exitCode 0: the guide ran through, or the break failed where and how expected. */
export interface DemoResult {
  exitCode: 0 | 1;
  outcome: 'completed' | 'expected-failure' | 'failed';
  /** The step that stopped the run, if any. */
  stoppedAt?: string;
  /** Steps the server could not run (no Athena yet). */
  unavailable: number;
}

async function startOwnServer(flushMs: number): Promise<{ server: RunningServer; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagelite-demo-'));
  const { configFile: _ignored, ...env } = configFromEnv();
  try {
    const server = await startServer({ ...env, host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', testClock: false, offlineFlushIntervalMs: flushMs });
    return { server, dataDir };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Runs the cross-account guide end to end: accounts A and B, every role, policy and bucket of the
 * guide, then the notebook's work as A's execution role through B's role: feature groups,
 * ingestion, online reads, the offline store, an Athena query into A's bucket and the training
 * set read back as A. With `break`, one piece is left out and the run stops where the guide
 * would fail, printing the failure and the server's explanation.
 *
 * @example
 * const r = await runDemo({ write: (t) => process.stdout.write(t), break: 'trust' });
 * process.exitCode = r.exitCode; // 0: AssumeRole was denied, as --break trust should show
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const path = opts.path ?? 'assume-role';
  if (opts.break && pathOfBreak(opts.break) !== path) throw new Error(`--break ${opts.break} belongs to --path ${pathOfBreak(opts.break)}, not ${path}`);
  const report = new Reporter({ write: opts.write, color: opts.color ?? false });
  const region = opts.region ?? 'us-east-1';
  const started = Date.now();
  let own: { server: RunningServer; dataDir: string } | undefined;
  const clients: GuideClients[] = [];
  try {
    let endpoint = opts.endpoint;
    let operatorKey = opts.operatorKey;
    if (!endpoint) {
      own = await startOwnServer(opts.offlineFlushIntervalMs ?? 250);
      endpoint = own.server.url;
      operatorKey = own.server.operatorKey;
    }
    if (!operatorKey) throw new Error('the demo needs the operator key of the server at --endpoint (--operator-key FILE)');
    report.section(`sagelite demo: the cross-account SageMaker Feature Store guide, end to end (path ${path})`);
    report.line(`server   ${endpoint}${own ? ' (in-process, temporary data directory)' : ''}`);
    if (opts.break) report.line(`break    ${opts.break}: ${BREAK_DESCRIPTIONS[opts.break]}`);
    const admin = new AdminClient({ endpoint, credentials: operatorKey });
    type Created = { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    const a = await admin.call<Created>('CreateAccount', {});
    const b = await admin.call<Created>('CreateAccount', {});
    report.line(`accounts A ${a.AccountId} (consumer: notebook, results bucket)   B ${b.AccountId} (central feature store)`);
    report.line();

    const plan = guidePlan({ accountA: a.AccountId, accountB: b.AccountId, ...defaultBuckets(a.AccountId, b.AccountId) }, opts.break);
    const ctx: DemoContext = { endpoint, region, plan, report, admin };
    const rootA = guideClients(endpoint, region, { accessKeyId: a.AccessKeyId, secretAccessKey: a.SecretAccessKey });
    const rootB = guideClients(endpoint, region, { accessKeyId: b.AccessKeyId, secretAccessKey: b.SecretAccessKey });
    clients.push(rootA, rootB);
    await applyGuideSetup(plan, rootA, rootB, report);

    const keys = { a: { accessKeyId: a.AccessKeyId, secretAccessKey: a.SecretAccessKey }, b: { accessKeyId: b.AccessKeyId, secretAccessKey: b.SecretAccessKey } };
    if (path === 'ram') await runRamPath(ctx, rootB, keys, (c) => clients.push(c));
    else if (path === 'catalog') await runCatalogPath(ctx, rootA, rootB, keys.b, (c) => clients.push(c));
    else await runAssumeRolePath(ctx, clients);

    const unavailable = report.counts.unavailable;
    report.line(`\n✓ the guide ran through: ${report.counts.ok} steps${unavailable ? `, ${unavailable} not available on this server` : ''} (${seconds(started)})`);
    return { exitCode: 0, outcome: 'completed', unavailable };
  } catch (e) {
    const unavailable = report.counts.unavailable;
    if (e instanceof ExpectedBreak) {
      report.line(`\n✓ --break ${e.mode} failed at "${e.step}", where the guide fails without that piece (${seconds(started)})`);
      return { exitCode: 0, outcome: 'expected-failure', stoppedAt: e.step, unavailable };
    }
    if (e instanceof UnexpectedStepFailure) {
      report.line(`\n✗ unexpected: ${e.message} (${seconds(started)})`);
      return { exitCode: 1, outcome: 'failed', stoppedAt: e.step, unavailable };
    }
    const f = awsFailure(e);
    report.line(`\n✗ unexpected: ${f.name}: ${f.message}${f.requestId ? ` (request ${f.requestId})` : ''}`);
    return { exitCode: 1, outcome: 'failed', unavailable };
  } finally {
    for (const c of clients) destroyClients(c);
    if (own) {
      await own.server.close();
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  }
}

/** The guide's own path: the notebook, as A's execution role, assumes B's role and works in B. */
async function runAssumeRolePath(ctx: DemoContext, clients: GuideClients[]): Promise<void> {
  const report = ctx.report;
  report.section(`The notebook in A, as its execution role, through B's role`);
  const notebook = await notebookSession(ctx);
  clients.push(notebook);
  const inB = await assumeCrossAccountRole(ctx, notebook);
  clients.push(inB);
  const groups = await createFeatureGroups(ctx, inB);
  await ingestSample(ctx, inB, groups);
  await readOnlineStore(ctx, inB, groups);
  await waitForOfflineStore(ctx, inB, groups);
  const query = await queryOfflineStore(ctx, inB, groups[1]!);
  if (query) await readTrainingSet(ctx, notebook, query);
  else report.step('unavailable', 'A reads the training set CSV', 'needs the Athena query');
}

function seconds(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}
