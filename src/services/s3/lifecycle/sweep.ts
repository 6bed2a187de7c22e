import type { Logger } from 'pino';
import type { Bucket, LifecycleRule } from '../../../storage/s3.js';
import { isDeleteMarker, versionIdOf, type ObjectVersion } from '../../../storage/s3-objects.js';
import type { ServerState } from '../../operation.js';
import { newVersionId } from '../objects/versions.js';
import { retentionActive } from '../objects/object-lock.js';
import { currentExpiry, dueAfterDays, rulePrefix, ruleSelects } from './rules.js';

/** What one sweep did, for the log and the tests. */
export interface SweepReport {
  expired: number;
  markersRemoved: number;
  noncurrentRemoved: number;
  uploadsAborted: number;
  /** A bucket's work stopped at its action budget: the next sweep goes on at once. */
  more: boolean;
}

/** At most this many actions per bucket per sweep, so one tenant's huge bucket never holds up the others' rules. */
const BUCKET_BUDGET = 1000;
/**
 * At most this many objects, versions and uploads looked at (and pages read, see QUERY_COST)
 * per account per sweep, over all its buckets and rules: an account's many objects (or many rules
 * or buckets, each a scan of its own) are gone through a slice a pass, from where the last pass
 * stopped, never all at once while every other account waits.
 */
const ACCOUNT_SCAN_BUDGET = 20_000;
const PAGE = 1000;
/** What reading a page costs of the budget besides its rows: a thousand rules scanning nothing are a thousand queries. */
const QUERY_COST = 50;

type SweepState = Pick<ServerState, 's3Buckets' | 's3Objects' | 'accounts' | 'locks' | 'clock'>;

interface Budget {
  /** Actions left (expiries, removals, aborts). */
  left: number;
  /** Objects, versions and uploads that may still be looked at. */
  rows: number;
}

/** A key's versions as read so far, newest first: what deciding about the next one needs. */
interface KeyProgress {
  key: string;
  /** When the previous (newer) version was made: the next one has been noncurrent since then. */
  newerMadeAt: number;
  /** Noncurrent objects of the key selected so far (NewerNoncurrentVersions keeps that many). */
  noncurrent: number;
}

const STEPS = ['current', 'versions', 'uploads'] as const;
type Step = (typeof STEPS)[number];

/** Where a bucket's sweep stopped when its budget ran out: a rule's step, and how far into it (nowhere yet without markers). */
interface Resume {
  rule: number;
  /** The rule as it was (JSON): a configuration changed since starts the bucket over. */
  ruleText: string;
  step: Step;
  /** current: the last key looked at. */
  afterKey?: string;
  /** versions and uploads: the last one looked at. */
  keyMarker?: string;
  versionIdMarker?: string;
  uploadIdMarker?: string;
  /** versions: what is known of the key the step stopped in. */
  progress?: KeyProgress;
}

/**
 * Where each bucket's sweep, and each account's round of its buckets, stopped, between passes of
 * this process (a bucket made again under the name starts afresh).
 */
export interface SweepCursors {
  buckets: Map<string, Resume>;
  /** The bucket an account's budget ran out in: its next pass begins there. */
  accounts: Map<string, string>;
}
const cursorsOfThisProcess: SweepCursors = { buckets: new Map(), accounts: new Map() };

/**
 * One pass of every bucket's lifecycle rules at the server clock's now (which tests move):
 * expires current objects (a delete marker where the bucket has versioning), removes expired
 * delete markers, noncurrent versions past their days (keeping the newest ones asked for), and
 * multipart uploads left incomplete. Versions under Object Lock are left alone, as on AWS.
 * Processes sharing one state take turns (the `s3-lifecycle` lock), so a pass is never done twice
 * at once, and a pass that finds its work already done does nothing. Each bucket gets a bounded
 * slice of work per pass and goes on from there the next.
 */
export function sweepLifecycle(state: SweepState, cursors: SweepCursors = cursorsOfThisProcess): Promise<SweepReport> {
  return state.locks.withLock('s3-lifecycle', async () => {
    const report: SweepReport = { expired: 0, markersRemoved: 0, noncurrentRemoved: 0, uploadsAborted: 0, more: false };
    const byAccount = new Map<string, Bucket[]>();
    for (const bucket of await state.s3Buckets.bucketsWithConfiguration('lifecycle')) {
      const own = byAccount.get(bucket.accountId);
      if (own) own.push(bucket);
      else byAccount.set(bucket.accountId, [bucket]);
    }
    const live = new Set<string>();
    for (const [accountId, buckets] of byAccount) {
      buckets.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      for (const b of buckets) live.add(bucketId(b));
      // The account's buckets in turn, from the one its budget last ran out in.
      const first = Math.max(0, buckets.findIndex((b) => b.name === cursors.accounts.get(accountId)));
      cursors.accounts.delete(accountId);
      const rows = { left: ACCOUNT_SCAN_BUDGET };
      for (let i = 0; i < buckets.length; i++) {
        const bucket = buckets[(first + i) % buckets.length]!;
        const budget: Budget = { left: BUCKET_BUDGET, rows: rows.left };
        await sweepBucket(state, bucket, report, budget, cursors.buckets);
        rows.left = budget.rows;
        if (budget.left <= 0) report.more = true;
        if (rows.left <= 0) {
          cursors.accounts.set(accountId, bucket.name);
          break;
        }
      }
    }
    for (const id of cursors.buckets.keys()) if (!live.has(id)) cursors.buckets.delete(id);
    return report;
  });
}

const bucketId = (bucket: Bucket): string => `${bucket.name}/${bucket.createdAt.getTime()}`;

const stepApplies = (step: Step, bucket: Bucket, rule: LifecycleRule): boolean =>
  rule.Status === 'Enabled' && (step === 'current'
    ? rule.Expiration?.Days !== undefined || rule.Expiration?.Date !== undefined
    : step === 'versions'
      ? bucket.versioning !== undefined && (rule.Expiration?.ExpiredObjectDeleteMarker === true || rule.NoncurrentVersionExpiration !== undefined)
      : rule.AbortIncompleteMultipartUpload !== undefined);

/** The bucket's rules, step by step, from where the last pass stopped to the end of the list (the next pass begins again). */
async function sweepBucket(state: SweepState, bucket: Bucket, report: SweepReport, budget: Budget, cursors: Map<string, Resume>): Promise<void> {
  const id = bucketId(bucket);
  const rules = bucket.lifecycle ?? [];
  const saved = cursors.get(id);
  cursors.delete(id);
  const from = saved && rules[saved.rule] !== undefined && JSON.stringify(rules[saved.rule]) === saved.ruleText ? saved : undefined;
  const now = state.clock.now();
  for (let r = from?.rule ?? 0; r < rules.length; r++) {
    const rule = rules[r]!;
    for (const step of STEPS) {
      const resuming = from?.rule === r ? from : undefined;
      if (resuming && STEPS.indexOf(step) < STEPS.indexOf(resuming.step)) continue;
      if (!stepApplies(step, bucket, rule)) continue;
      const at: Resume = resuming?.step === step ? resuming : { rule: r, ruleText: JSON.stringify(rule), step };
      if (outOfBudget(budget)) {
        cursors.set(id, at);
        return;
      }
      const stopped = step === 'current'
        ? await expireCurrent(state, bucket, rule, now, report, budget, at)
        : step === 'versions'
          ? await sweepVersions(state, bucket, rule, now, report, budget, at)
          : await abortUploads(state, bucket, rule, now, report, budget, at);
      if (stopped) {
        cursors.set(id, stopped);
        return;
      }
    }
  }
}

const outOfBudget = (budget: Budget): boolean => budget.left <= 0 || budget.rows <= 0;

async function expireCurrent(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: Budget, at: Resume): Promise<Resume | undefined> {
  const meta = state.s3Objects.meta;
  const prefix = rulePrefix(rule);
  let after = at.afterKey;
  for (;;) {
    const page = await meta.listObjects(bucket.name, { prefix, ...(after !== undefined ? { after } : {}), limit: PAGE });
    budget.rows -= QUERY_COST;
    for (const object of page) {
      if (outOfBudget(budget)) return { rule: at.rule, ruleText: at.ruleText, step: at.step, ...(after !== undefined ? { afterKey: after } : {}) };
      budget.rows--;
      after = object.key;
      const due = currentExpiry(rule, object.lastModified);
      if (!due || due > now || !ruleSelects(rule, object)) continue;
      budget.left--;
      report.expired++;
      if (!bucket.versioning) {
        const removed = await meta.deleteObject(bucket.name, object.key);
        if (removed) await state.s3Objects.discardBlobs([removed.blobId]);
        continue;
      }
      const owner = await state.accounts.getAccount(bucket.accountId);
      const { replacedBlobId } = await meta.putDeleteMarker({
        bucket: bucket.name, key: object.key, ...(bucket.versioning.status === 'Enabled' ? { versionId: newVersionId() } : {}),
        lastModified: now, ownerAccountId: bucket.accountId, ownerCanonicalId: owner?.canonicalUserId ?? '', deleteMarker: true,
      }, bucket.versioning.status);
      if (replacedBlobId) await state.s3Objects.discardBlobs([replacedBlobId]);
    }
    if (page.length < PAGE) return undefined;
  }
}

const isProtected = (v: ObjectVersion, now: Date) => !isDeleteMarker(v) && (v.legalHold === true || retentionActive(v.retention, now));

/**
 * Expired delete markers and noncurrent versions, read key by key and newest first as
 * ListObjectVersions pages them, one page at a time: what is decided about a version needs only
 * the key's versions before it (how many, and when the newer one was made), never the whole key
 * in memory. A page's removals wait until the next page is read, so the page marker is never
 * one of them.
 */
async function sweepVersions(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: Budget, at: Resume): Promise<Resume | undefined> {
  const meta = state.s3Objects.meta;
  const nve = rule.NoncurrentVersionExpiration;
  const expireMarkers = rule.Expiration?.ExpiredObjectDeleteMarker === true;
  let marker = at.keyMarker !== undefined && at.versionIdMarker !== undefined ? { keyMarker: at.keyMarker, versionIdMarker: at.versionIdMarker } : undefined;
  // A marker version removed since (by its owner) would list its key again from the top: start the step over instead.
  if (marker && !(await meta.getVersion(bucket.name, marker.keyMarker, marker.versionIdMarker))) marker = undefined;
  let key: KeyProgress | undefined = marker ? at.progress : undefined;
  /** A key's first version, a latest delete marker: removed once the next version read is another key's (or there is none). */
  let loneMarker: ObjectVersion | undefined;
  let removals: Array<{ version: ObjectVersion; run: () => Promise<void> }> = [];
  const removeAll = async (except?: string) => {
    for (const r of removals) if (versionIdOf(r.version) !== except || r.version.key !== marker?.keyMarker) await r.run();
    removals = [];
  };
  const removeMarker = (v: ObjectVersion) => removals.push({ version: v, run: async () => {
    if (await meta.deleteVersion(bucket.name, v.key, versionIdOf(v))) report.markersRemoved++;
  } });
  const removeNoncurrent = (v: ObjectVersion) => removals.push({ version: v, run: async () => {
    const removed = await meta.deleteVersion(bucket.name, v.key, versionIdOf(v), (found) => {
      if (isProtected(found, now)) throw new Error('protected');
    }).catch(() => undefined);
    if (removed && !isDeleteMarker(removed)) {
      await state.s3Objects.discardBlobs([removed.blobId]);
      report.noncurrentRemoved++;
    }
  } });
  for (;;) {
    const page = await meta.listVersions(bucket.name, { prefix: rulePrefix(rule), ...(marker ?? {}), limit: PAGE });
    budget.rows -= QUERY_COST;
    // The last page's removals, now that the page marker has served.
    await removeAll();
    for (const { version: v, isLatest } of page) {
      if (outOfBudget(budget)) {
        // The marker version stays for the next pass to go on from (it is judged again in a later full pass).
        await removeAll(marker?.versionIdMarker);
        return { rule: at.rule, ruleText: at.ruleText, step: at.step, ...(marker ?? {}), ...(marker && key ? { progress: key } : {}) };
      }
      budget.rows--;
      if (key?.key !== v.key) {
        if (loneMarker) removeMarker(loneMarker);
        loneMarker = undefined;
        key = { key: v.key, newerMadeAt: 0, noncurrent: 0 };
        if (expireMarkers && isLatest && isDeleteMarker(v)) {
          loneMarker = v;
          budget.left--;
        }
      } else {
        loneMarker = undefined;
        if (nve?.NoncurrentDays && !isDeleteMarker(v) && ruleSelects(rule, v)) {
          const kept = nve.NewerNoncurrentVersions !== undefined && key.noncurrent < nve.NewerNoncurrentVersions;
          key.noncurrent++;
          if (!kept && dueAfterDays(new Date(key.newerMadeAt), nve.NoncurrentDays) <= now && !isProtected(v, now) && budget.left-- > 0) removeNoncurrent(v);
        }
      }
      key.newerMadeAt = v.lastModified.getTime();
      marker = { keyMarker: v.key, versionIdMarker: versionIdOf(v) };
    }
    if (page.length < PAGE) {
      if (loneMarker) removeMarker(loneMarker);
      await removeAll();
      return undefined;
    }
  }
}

async function abortUploads(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: Budget, at: Resume): Promise<Resume | undefined> {
  const meta = state.s3Objects.meta;
  const days = rule.AbortIncompleteMultipartUpload!.DaysAfterInitiation;
  let keyMarker = at.keyMarker;
  let uploadIdMarker = at.uploadIdMarker;
  for (;;) {
    const page = await meta.listUploads(bucket.name, { prefix: rulePrefix(rule), ...(keyMarker !== undefined ? { keyMarker, uploadIdMarker: uploadIdMarker! } : {}), limit: PAGE });
    budget.rows -= QUERY_COST;
    for (const upload of page) {
      if (outOfBudget(budget)) return { rule: at.rule, ruleText: at.ruleText, step: at.step, ...(keyMarker !== undefined ? { keyMarker, uploadIdMarker: uploadIdMarker! } : {}) };
      budget.rows--;
      keyMarker = upload.key;
      uploadIdMarker = upload.uploadId;
      if (!ruleSelects(rule, { key: upload.key }) || dueAfterDays(upload.initiated, days) > now) continue;
      budget.left--;
      const blobs = await meta.abortUpload(upload.uploadId);
      if (blobs) {
        await state.s3Objects.discardBlobs(blobs);
        report.uploadsAborted++;
      }
    }
    if (page.length < PAGE) return undefined;
  }
}

/**
 * Runs {@link sweepLifecycle} every `intervalMs` (config `lifecycleIntervalMs`), the next pass at
 * once when one stopped at a bucket's budget. Passes never overlap; a failed one is logged and
 * retried by the next.
 */
export class LifecycleSweeper {
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<unknown> | undefined;
  #stopped = false;

  constructor(private readonly state: SweepState & Pick<ServerState, 'testClock' | 'sharedClock'>, private readonly log: Logger, private readonly intervalMs: number) {}

  start(): void {
    const interval = this.intervalMs >= 1 ? this.intervalMs : 60_000;
    const loop = (delayMs: number) => {
      this.#timer = setTimeout(() => {
        let more = false;
        this.#current = this.#pass()
          .then((r) => {
            more = r.more;
            if (r.expired + r.markersRemoved + r.noncurrentRemoved + r.uploadsAborted > 0) this.log.info(r, 'S3 lifecycle pass');
          })
          .catch((err: unknown) => this.log.error({ err }, 'S3 lifecycle pass failed'))
          .finally(() => !this.#stopped && loop(more ? 0 : interval));
      }, delayMs);
      this.#timer.unref();
    };
    loop(interval);
  }

  async #pass(): Promise<SweepReport> {
    // Processes sharing a test clock catch up with it before judging what is due.
    const { sharedClock, testClock, clock } = this.state;
    if (testClock && sharedClock) clock.catchUp(await sharedClock.read());
    return sweepLifecycle(this.state);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#current;
  }
}
