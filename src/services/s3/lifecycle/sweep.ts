import type { Logger } from 'pino';
import type { Bucket, LifecycleRule } from '../../../storage/s3.js';
import { isDeleteMarker, versionIdOf, type ListedVersion, type ObjectVersion } from '../../../storage/s3-objects.js';
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
  /** A bucket's work stopped at its budget: the next sweep goes on. */
  more: boolean;
}

/** At most this many actions per bucket per sweep, so one tenant's huge bucket never holds up the others' rules. */
const BUCKET_BUDGET = 1000;
const PAGE = 1000;

type SweepState = Pick<ServerState, 's3Buckets' | 's3Objects' | 'accounts' | 'locks' | 'clock'>;

/**
 * One pass of every bucket's lifecycle rules at the server clock's now (which tests move):
 * expires current objects (a delete marker where the bucket has versioning), removes expired
 * delete markers, noncurrent versions past their days (keeping the newest ones asked for), and
 * multipart uploads left incomplete. Versions under Object Lock are left alone, as on AWS.
 * Processes sharing one state take turns (the `s3-lifecycle` lock), so a pass is never done twice
 * at once, and a pass that finds its work already done does nothing.
 */
export function sweepLifecycle(state: SweepState): Promise<SweepReport> {
  return state.locks.withLock('s3-lifecycle', async () => {
    const report: SweepReport = { expired: 0, markersRemoved: 0, noncurrentRemoved: 0, uploadsAborted: 0, more: false };
    for (const bucket of await state.s3Buckets.bucketsWithConfiguration('lifecycle')) {
      const budget = { left: BUCKET_BUDGET };
      for (const rule of bucket.lifecycle ?? []) {
        if (rule.Status !== 'Enabled') continue;
        await sweepRule(state, bucket, rule, report, budget);
      }
      if (budget.left <= 0) report.more = true;
    }
    return report;
  });
}

async function sweepRule(state: SweepState, bucket: Bucket, rule: LifecycleRule, report: SweepReport, budget: { left: number }): Promise<void> {
  const now = state.clock.now();
  if (rule.Expiration?.Days !== undefined || rule.Expiration?.Date !== undefined) await expireCurrent(state, bucket, rule, now, report, budget);
  if (bucket.versioning && (rule.Expiration?.ExpiredObjectDeleteMarker || rule.NoncurrentVersionExpiration)) await sweepVersions(state, bucket, rule, now, report, budget);
  if (rule.AbortIncompleteMultipartUpload) await abortUploads(state, bucket, rule, now, report, budget);
}

async function expireCurrent(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: { left: number }): Promise<void> {
  const meta = state.s3Objects.meta;
  const prefix = rulePrefix(rule);
  let after: string | undefined;
  for (;;) {
    const page = await meta.listObjects(bucket.name, { prefix, ...(after !== undefined ? { after } : {}), limit: PAGE });
    for (const object of page) {
      after = object.key;
      if (budget.left <= 0) return;
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
    if (page.length < PAGE) return;
  }
}

/** Each key's versions, newest first, as ListObjectVersions pages them. */
async function* keysWithVersions(state: SweepState, bucket: string, prefix: string): AsyncGenerator<ListedVersion[]> {
  let marker: { keyMarker: string; versionIdMarker: string } | undefined;
  let group: ListedVersion[] = [];
  for (;;) {
    const page = await state.s3Objects.meta.listVersions(bucket, { prefix, ...(marker ?? {}), limit: PAGE });
    for (const entry of page) {
      if (group.length > 0 && group[0]!.version.key !== entry.version.key) {
        yield group;
        group = [];
      }
      group.push(entry);
      marker = { keyMarker: entry.version.key, versionIdMarker: versionIdOf(entry.version) };
    }
    if (page.length < PAGE) break;
  }
  if (group.length > 0) yield group;
}

const isProtected = (v: ObjectVersion, now: Date) => !isDeleteMarker(v) && (v.legalHold === true || retentionActive(v.retention, now));

async function sweepVersions(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: { left: number }): Promise<void> {
  const meta = state.s3Objects.meta;
  const nve = rule.NoncurrentVersionExpiration;
  for await (const versions of keysWithVersions(state, bucket.name, rulePrefix(rule))) {
    if (budget.left <= 0) return;
    const [latest] = versions;
    // An expired delete marker: the latest version, and the key's only one.
    if (rule.Expiration?.ExpiredObjectDeleteMarker && versions.length === 1 && latest!.isLatest && isDeleteMarker(latest!.version)) {
      budget.left--;
      if (await meta.deleteVersion(bucket.name, latest!.version.key, versionIdOf(latest!.version))) report.markersRemoved++;
      continue;
    }
    if (!nve?.NoncurrentDays) continue;
    // A version is noncurrent from the moment the next newer one was made.
    let newerNoncurrent = 0;
    for (let i = 1; i < versions.length; i++) {
      const v = versions[i]!.version;
      if (isDeleteMarker(v) || !ruleSelects(rule, v)) continue;
      const kept = nve.NewerNoncurrentVersions !== undefined && newerNoncurrent < nve.NewerNoncurrentVersions;
      newerNoncurrent++;
      if (kept || dueAfterDays(versions[i - 1]!.version.lastModified, nve.NoncurrentDays) > now || isProtected(v, now)) continue;
      if (budget.left-- <= 0) return;
      const removed = await meta.deleteVersion(bucket.name, v.key, versionIdOf(v), (found) => {
        if (isProtected(found, now)) throw new Error('protected');
      }).catch(() => undefined);
      if (removed && !isDeleteMarker(removed)) {
        await state.s3Objects.discardBlobs([removed.blobId]);
        report.noncurrentRemoved++;
      }
    }
  }
}

async function abortUploads(state: SweepState, bucket: Bucket, rule: LifecycleRule, now: Date, report: SweepReport, budget: { left: number }): Promise<void> {
  const meta = state.s3Objects.meta;
  const days = rule.AbortIncompleteMultipartUpload!.DaysAfterInitiation;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await meta.listUploads(bucket.name, { prefix: rulePrefix(rule), ...(keyMarker !== undefined ? { keyMarker, uploadIdMarker: uploadIdMarker! } : {}), limit: PAGE });
    for (const upload of page) {
      keyMarker = upload.key;
      uploadIdMarker = upload.uploadId;
      if (!ruleSelects(rule, { key: upload.key }) || dueAfterDays(upload.initiated, days) > now) continue;
      if (budget.left-- <= 0) return;
      const blobs = await meta.abortUpload(upload.uploadId);
      if (blobs) {
        await state.s3Objects.discardBlobs(blobs);
        report.uploadsAborted++;
      }
    }
    if (page.length < PAGE) return;
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
