import { Redis } from 'iovalkey';
import type { Clock } from '../../core/clock.js';
import { AwsError } from '../../core/errors.js';
import { InvalidPositionError, type FeatureGroupKey, type FeatureValue, type ListRecordIdsOptions, type OnlineRecord, type RecordIdPage, type RecordPut, type RecordStore, type RecordUpdate, type RecordWrite, type WriteOutcome } from '../feature-store.js';
import { mergeUpdate, refusal } from '../record-update.js';
import { RECORD_REPLACE_LUA, RECORD_WRITE_LUA } from './record-write.lua.js';

export interface RedisRecordStoreOptions {
  /** A redis:// (or rediss://) URL of a Redis or Valkey server. */
  url: string;
  /** Put before every key, so servers (and tests) can share one Redis without meeting. */
  keyPrefix?: string;
  /** The server's clock: a write judges a stored record's expiry by it, as reads do. */
  clock: Clock;
}

/**
 * How long after a record's ExpiresAt Redis itself may drop it. Reads judge expiry exactly, by
 * the server's clock; Redis's own expiry only reclaims memory, and the margin keeps a Redis whose
 * clock runs a little ahead from dropping a record that sagelite still shows.
 */
export const NATIVE_EXPIRY_GRACE_MS = 60_000;

/** The stored value's JSON part. */
interface StoredBody {
  /** The event time as sent. */
  t: string;
  f: ReadonlyArray<readonly [string, FeatureValue]>;
}

const WRITE_COMMAND = 'sageliteRecordWrite';
const REPLACE_COMMAND = 'sageliteRecordReplace';

type WriteScript = (key: string, kind: string, eventTimeMs: string, now: string, value: string, expiresAt: string, nativeExpiry: string) => Promise<string>;
type ReplaceScript = (key: string, expected: string, value: string, nativeExpiry: string) => Promise<number>;

/**
 * How often an update reads, merges and tries to replace a record that other writes keep
 * changing under it, before answering 503 (retryable) instead of spinning.
 */
const MAX_UPDATE_ATTEMPTS = 16;
/** How many SCAN calls one ListRecords page may take to find records among other groups' keys. */
const MAX_SCANS_PER_PAGE = 32;

/** The URL as logs and errors may show it: a password in it is masked. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * What a request sees when Redis cannot answer (down, restarting, unreachable): AWS's retryable
 * 503, which the SDKs retry, rather than an InternalFailure.
 */
export function redisUnavailable(): AwsError {
  return new AwsError('ServiceUnavailable', 503, 'The service is currently unavailable.');
}

/** Redis's answer, or {@link redisUnavailable} when it had none. */
async function answered<T>(reply: Promise<T>): Promise<T> {
  try {
    return await reply;
  } catch {
    throw redisUnavailable();
  }
}

/** A glob pattern matching `text` literally (SCAN's MATCH). */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * {@link RecordStore} on Redis or Valkey, for the InMemory tier (as AWS backs that tier with
 * ElastiCache). One string key per record:
 * `<prefix>rec:<account>:<region>:<lower-cased group name>:<group creation ms>:<record id>`
 * (group names hold no colon, so a group's keys share one prefix). Writes are one Lua script
 * each (record-write.lua.ts); reads are GET and MGET. The tier has no offline store, hence no
 * outbox: a write asking for the offline store is refused. An acknowledged write is as durable
 * as the Redis server's own persistence makes it (docs/DECISIONS.md).
 */
export class RedisRecordStore implements RecordStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #write: WriteScript;
  readonly #replace: ReplaceScript;
  readonly #clock: Clock;
  readonly #url: string;

  constructor(opts: RedisRecordStoreOptions) {
    this.#url = opts.url;
    this.#clock = opts.clock;
    this.#prefix = opts.keyPrefix ?? 'sagelite:';
    // A command fails (the request with it) after one retry instead of waiting out a long outage;
    // the client keeps reconnecting in the background.
    this.#client = new Redis(opts.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    // Without a listener, a lost connection would be an unhandled 'error' event, ending the process.
    this.#client.on('error', () => undefined);
    this.#client.defineCommand(WRITE_COMMAND, { numberOfKeys: 1, lua: RECORD_WRITE_LUA });
    this.#client.defineCommand(REPLACE_COMMAND, { numberOfKeys: 1, lua: RECORD_REPLACE_LUA });
    const client = this.#client as unknown as Record<string, WriteScript & ReplaceScript>;
    this.#write = client[WRITE_COMMAND]!.bind(this.#client);
    this.#replace = client[REPLACE_COMMAND]!.bind(this.#client);
  }

  /** Connects and checks the server answers (a wrong URL fails start-up, not the first request). */
  async connect(): Promise<void> {
    try {
      await this.#client.connect();
      await this.#client.ping();
    } catch (e) {
      this.#client.disconnect();
      throw new Error(`cannot reach the in-memory online store at ${withoutPassword(this.#url)}: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  async write(w: RecordWrite): Promise<WriteOutcome> {
    if (w.offline) throw new Error(`feature group ${w.group.name}: the in-memory tier has no offline store`);
    if (!w.online) return { online: 'skipped' };
    const key = this.#key(w.group, w.recordId);
    if (w.kind === 'update') return this.#update(w, key);
    const now = String(this.#clock.now().getTime());
    if (w.kind === 'put') {
      const { value, native } = this.#putValue(w);
      return { online: (await answered(this.#write(key, 'put', String(w.eventTimeMs), now, value, String(w.expiresAt?.getTime() ?? ''), native))) as WriteOutcome['online'] };
    }
    const value = this.#value(w.eventTimeMs, undefined, true, { t: w.eventTime, f: [] });
    return { online: (await answered(this.#write(key, w.mode, String(w.eventTimeMs), now, value, '', ''))) as WriteOutcome['online'] };
  }

  async get(group: FeatureGroupKey, recordId: string, now: Date): Promise<OnlineRecord | undefined> {
    const raw = await answered(this.#client.get(this.#key(group, recordId)));
    return raw === null ? undefined : this.#live(recordId, raw, now);
  }

  async getMany(group: FeatureGroupKey, recordIds: readonly string[], now: Date): Promise<Map<string, OnlineRecord>> {
    const out = new Map<string, OnlineRecord>();
    if (recordIds.length === 0) return out;
    const raws = await answered(this.#client.mget(...recordIds.map((id) => this.#key(group, id))));
    recordIds.forEach((id, i) => {
      const raw = raws[i];
      const record = raw == null ? undefined : this.#live(id, raw, now);
      if (record) out.set(id, record);
    });
    return out;
  }

  /**
   * UpdateRecord: read, merge (record-update.ts), and replace only if the record is still what
   * was read (a compare-and-set script); a concurrent write in between makes it start over.
   */
  async #update(w: RecordUpdate, key: string): Promise<WriteOutcome> {
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const raw = await answered(this.#client.get(key));
      const stored = raw === null ? undefined : this.#live(w.recordId, raw, this.#clock.now());
      const merged = mergeUpdate(stored, w);
      if (merged.outcome !== 'merged') return refusal(merged);
      const { value, native } = this.#putValue(merged.put);
      if ((await answered(this.#replace(key, raw!, value, native))) === 1) return { online: 'written' };
    }
    throw redisUnavailable();
  }

  /**
   * A page of the group's record ids by SCAN (MATCH on the group's key prefix): in Redis's order,
   * `limit` a hint as AWS documents for this tier, an id possibly repeated if Redis rehashes
   * meanwhile. Values are read (MGET) to leave out soft-deleted and expired records.
   */
  async listRecordIds(group: FeatureGroupKey, opts: ListRecordIdsOptions): Promise<RecordIdPage> {
    let cursor = opts.position === undefined ? '0' : scanCursor(opts.position);
    const prefix = `${this.#groupPrefix(group.accountId, group.region, group.name)}${group.createdAt?.getTime() ?? 0}:`;
    const keys: string[] = [];
    for (let scans = 0; scans < MAX_SCANS_PER_PAGE && keys.length < opts.limit; scans++) {
      const [next, found] = await answered(this.#client.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', Math.max(opts.limit, 10)));
      keys.push(...found);
      cursor = next;
      if (cursor === '0') break;
    }
    const recordIds: string[] = [];
    if (keys.length > 0) {
      const raws = await answered(this.#client.mget(...keys));
      const now = opts.now.getTime();
      keys.forEach((key, i) => {
        const raw = raws[i];
        if (raw == null) return;
        const h = header(raw);
        if (h.expiredAt(now) || (h.deleted && !opts.includeSoftDeleted)) return;
        recordIds.push(key.slice(prefix.length));
      });
    }
    return cursor === '0' ? { recordIds } : { recordIds, position: `scan:${cursor}` };
  }

  /** Redis drops expired keys itself (PXAT, with a grace); reads and writes already treat them as gone. */
  expire(): Promise<number> {
    return Promise.resolve(0);
  }

  /** Every record of the group, of every incarnation of its name (SCAN, then UNLINK in batches). */
  async dropFeatureGroup(accountId: string, region: string, name: string): Promise<void> {
    await this.#unlinkMatching(`${globEscape(this.#groupPrefix(accountId, region, name))}*`);
  }

  /** Every record of the account's groups (`sagelite account delete`): their keys share its prefix. */
  async dropAccount(accountId: string): Promise<void> {
    await this.#unlinkMatching(`${globEscape(`${this.#prefix}rec:${accountId}:`)}*`);
  }

  /** Every key under this store's prefix (`sagelite reset`); other prefixes' keys are left alone. */
  async dropAll(): Promise<void> {
    await this.#unlinkMatching(`${globEscape(this.#prefix)}*`);
  }

  async #unlinkMatching(match: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await answered(this.#client.scan(cursor, 'MATCH', match, 'COUNT', 1000));
      cursor = next;
      if (keys.length > 0) await answered(this.#client.unlink(...keys));
    } while (cursor !== '0');
  }

  #groupPrefix(accountId: string, region: string, name: string): string {
    return `${this.#prefix}rec:${accountId}:${region}:${name.toLowerCase()}:`;
  }

  #key(g: FeatureGroupKey, recordId: string): string {
    return `${this.#groupPrefix(g.accountId, g.region, g.name)}${g.createdAt?.getTime() ?? 0}:${recordId}`;
  }

  #value(eventTimeMs: number, expiresAt: number | undefined, deleted: boolean, body: StoredBody): string {
    return `${eventTimeMs}\n${expiresAt ?? ''}\n${deleted ? 1 : 0}\n${JSON.stringify(body)}`;
  }

  /** A put's stored value, and the instant Redis itself may drop it ('' for never). */
  #putValue(put: RecordPut): { value: string; native: string } {
    const expiresAt = put.expiresAt?.getTime();
    return {
      value: this.#value(put.eventTimeMs, expiresAt, false, { t: put.eventTime, f: put.features }),
      native: expiresAt === undefined ? '' : String(Math.ceil(expiresAt) + NATIVE_EXPIRY_GRACE_MS),
    };
  }

  /** The record, unless soft-deleted or expired at `now`. */
  #live(recordId: string, raw: string, now: Date): OnlineRecord | undefined {
    const h = header(raw);
    if (h.deleted || h.expiredAt(now.getTime())) return undefined;
    const body = JSON.parse(raw.slice(h.bodyAt)) as StoredBody;
    return {
      recordId,
      features: body.f,
      eventTime: body.t,
      eventTimeMs: h.eventTimeMs,
      ...(h.expires !== '' ? { expiresAt: new Date(Number(h.expires)) } : {}),
    };
  }
}

/** The SCAN cursor a position of ours (`scan:<cursor>`) carries. */
function scanCursor(position: string): string {
  const m = /^scan:([1-9][0-9]{0,19})$/.exec(position);
  if (!m) throw new InvalidPositionError(position);
  return m[1]!;
}

/** A stored value's header fields (`<eventTimeMs>\n<expiresAtMs or ''>\n<0|1 deleted>\n<JSON>`), read without parsing the JSON. */
function header(raw: string): { eventTimeMs: number; expires: string; deleted: boolean; bodyAt: number; expiredAt(nowMs: number): boolean } {
  const a = raw.indexOf('\n');
  const b = raw.indexOf('\n', a + 1);
  const c = raw.indexOf('\n', b + 1);
  const expires = raw.slice(a + 1, b);
  return { eventTimeMs: Number(raw.slice(0, a)), expires, deleted: raw.slice(b + 1, c) === '1', bodyAt: c + 1, expiredAt: (nowMs) => expires !== '' && Number(expires) <= nowMs };
}
