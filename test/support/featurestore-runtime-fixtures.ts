import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AuthorizationRequest } from '../../src/auth/authorizer.js';
import { PolicyAuthorizer } from '../../src/auth/policy-authorizer.js';
import { AwsError } from '../../src/core/errors.js';
import { OffsetClock } from '../../src/core/clock.js';
import { rootPrincipal, type Principal } from '../../src/core/principal.js';
import { accessDenied } from '../../src/protocols/auth-errors.js';
import type { FeatureDefinition, FeatureGroup } from '../../src/storage/feature-store.js';
import { SqliteAccountStore } from '../../src/storage/sqlite/account-store.js';
import { openDatabase } from '../../src/storage/sqlite/database.js';
import { SqliteFeatureGroupStore } from '../../src/storage/sqlite/featurestore-groups.js';
import { SqliteOfflineOutbox } from '../../src/storage/sqlite/featurestore-outbox.js';
import { SqliteRecordStore } from '../../src/storage/sqlite/featurestore-records.js';
import { SqliteIamStore } from '../../src/storage/sqlite/iam-store.js';
import { SqliteResourceShareStore } from '../../src/storage/sqlite/ram-store.js';
import { SqliteDecisionLog } from '../../src/storage/sqlite/session-store.js';
import type { Operation, OperationContext, ServerState } from '../../src/services/operation.js';

/** A `customers` schema after the sample's (with a Fractional `score` of its own): Integral, String, Fractional. */
export const CUSTOMERS: FeatureDefinition[] = [
  { FeatureName: 'cid', FeatureType: 'Integral' },
  { FeatureName: 'name', FeatureType: 'String' },
  { FeatureName: 'age', FeatureType: 'Integral' },
  { FeatureName: 'city', FeatureType: 'String' },
  { FeatureName: 'score', FeatureType: 'Fractional' },
  { FeatureName: 'created_at', FeatureType: 'Fractional' },
];

/** A Created group as the control plane stores it, with both stores unless told otherwise. */
export function groupFixture(accountId: string, name: string, over: Partial<FeatureGroup> = {}): FeatureGroup {
  const now = new Date('2026-01-01T00:00:00Z');
  return {
    accountId,
    region: 'us-east-1',
    name,
    arn: `arn:aws:sagemaker:us-east-1:${accountId}:feature-group/${name.toLowerCase()}`,
    recordIdentifierFeatureName: 'cid',
    eventTimeFeatureName: 'created_at',
    featureDefinitions: CUSTOMERS,
    createdAt: now,
    lastModifiedAt: now,
    onlineStoreConfig: { EnableOnlineStore: true },
    offlineStoreConfig: { S3StorageConfig: { S3Uri: 's3://offline-b/prefix' } },
    status: 'Created',
    tags: [],
    ...over,
  };
}

/**
 * A server state on a fresh SQLite database (real stores, real policy engine), two accounts, and
 * a way to call operations as the pipeline does: authorization first, then the handler.
 *
 * @example
 * const f = await RuntimeFixture.open(); … f.close();
 */
export class RuntimeFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'sagelite-fs-runtime-'));
  readonly db: DatabaseSync = openDatabase(this.dir);
  readonly clock = new OffsetClock(() => Date.parse('2026-06-01T00:00:00Z'));
  readonly outbox = new SqliteOfflineOutbox(this.db);
  readonly records = new SqliteRecordStore(this.db, this.outbox, { clock: this.clock, sweepIntervalMs: 0 });
  readonly groups = new SqliteFeatureGroupStore(this.db);
  readonly state: ServerState;
  /** The two accounts, made by {@link open}. */
  a = '';
  b = '';
  #authorizer: PolicyAuthorizer;

  private constructor() {
    const accounts = new SqliteAccountStore(this.db, this.clock);
    const iam = new SqliteIamStore(this.db, this.clock);
    const decisions = new SqliteDecisionLog(this.db);
    this.#authorizer = new PolicyAuthorizer(iam, decisions);
    this.state = { clock: this.clock, iam, decisions, featureGroups: this.groups, records: this.records, outbox: this.outbox, accounts, resourceShares: new SqliteResourceShareStore(this.db) } as unknown as ServerState;
  }

  /** A fixture with its two accounts created. */
  static async open(): Promise<RuntimeFixture> {
    const f = new RuntimeFixture();
    f.a = (await f.state.accounts.createAccount({})).account.accountId;
    f.b = (await f.state.accounts.createAccount({})).account.accountId;
    return f;
  }

  async addGroup(g: FeatureGroup): Promise<FeatureGroup> {
    await this.groups.createFeatureGroup(g, []);
    return (await this.groups.getFeatureGroup(g.accountId, g.region, g.name))!;
  }

  ctx(principal: Principal = rootPrincipal(this.b, 'AKIAFIXTURE')): OperationContext {
    return { principal, region: 'us-east-1', requestId: `req-${Math.random()}`, sourceIp: '127.0.0.1', secureTransport: false, clock: this.clock, state: this.state };
  }

  /** Calls an operation as the pipeline does; a denial is the pipeline's AccessDeniedException. */
  async call<I, O>(op: Operation<I, O>, input: I, ctx: OperationContext = this.ctx()): Promise<O> {
    if (typeof op.authorization === 'function') {
      const requests: AuthorizationRequest[] = await op.authorization(input, ctx);
      const facts = { requestId: ctx.requestId, region: ctx.region, sourceIp: ctx.sourceIp, secureTransport: false, now: ctx.clock.now() };
      const d = await this.#authorizer.authorize(ctx.principal, requests, facts);
      if (!d.allowed) throw accessDenied('json', ctx.principal.arn, d.action, d.resource, d.reason);
    }
    return op.handle(input, ctx);
  }

  /** The AwsError an operation fails with. */
  async failure<I, O>(op: Operation<I, O>, input: I, ctx?: OperationContext): Promise<AwsError> {
    try {
      await this.call(op, input, ctx);
    } catch (e) {
      if (e instanceof AwsError) return e;
      throw e;
    }
    throw new Error('expected the operation to fail');
  }

  close(): void {
    this.records.close();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
