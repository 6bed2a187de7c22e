import type { FeatureGroup, FeatureGroupReader, OfflineOutbox, OfflineStoreStatus, OutboxClaim, OutboxGroupRef, OutboxRow } from '../../src/storage/feature-store.js';

/**
 * In-memory stand-ins for the control plane's group store and the runtime's outbox, for the
 * offline writer's unit tests (S3, IAM and STS are always the real ones).
 */

/** A group like CreateFeatureGroup makes: id (String), amount (Fractional), count (Integral), event_time. */
export function testGroup(over: Partial<FeatureGroup> & { accountId: string; bucket?: string }): FeatureGroup {
  const createdAt = over.createdAt ?? new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  const name = over.name ?? 'customers';
  const region = over.region ?? 'us-east-1';
  return {
    region,
    name,
    arn: `arn:aws:sagemaker:${region}:${over.accountId}:feature-group/${name.toLowerCase()}`,
    recordIdentifierFeatureName: 'id',
    eventTimeFeatureName: 'event_time',
    featureDefinitions: [
      { FeatureName: 'id', FeatureType: 'String' },
      { FeatureName: 'amount', FeatureType: 'Fractional' },
      { FeatureName: 'count', FeatureType: 'Integral' },
      { FeatureName: 'event_time', FeatureType: 'Fractional' },
    ],
    createdAt,
    lastModifiedAt: createdAt,
    roleArn: `arn:aws:iam::${over.accountId}:role/fs-offline`,
    offlineStoreConfig: { S3StorageConfig: { S3Uri: `s3://${over.bucket ?? 'offline-b'}/fs` } },
    status: 'Created',
    offlineStoreStatus: { Status: 'Active' },
    tags: [],
    ...over,
  };
}

/** Outbox rows for `group` with the given sequences and event times (Unix seconds). */
export function testRows(group: FeatureGroup, rows: Array<{ sequence: number; eventTime: number; id?: string; deleted?: boolean }>): OutboxRow[] {
  return rows.map((r) => ({
    sequence: r.sequence,
    accountId: group.accountId,
    region: group.region,
    featureGroupName: group.name,
    featureGroupCreatedAt: group.createdAt,
    values: r.deleted
      ? { id: r.id ?? `c${r.sequence}`, amount: null, count: null, event_time: String(r.eventTime) }
      : { id: r.id ?? `c${r.sequence}`, amount: String(r.sequence + 0.5), count: String(r.sequence * 10), event_time: String(r.eventTime) },
    eventTime: String(r.eventTime),
    writeTime: new Date(r.eventTime * 1000),
    apiInvocationTime: new Date(Date.UTC(2024, 5, 1) + r.sequence),
    isDeleted: r.deleted ?? false,
  }));
}

/** An outbox held in an array, recording which groups the writer read (`reads`, in order). */
export class MemoryOutbox implements OfflineOutbox {
  rows: OutboxRow[] = [];
  acknowledged: number[] = [];
  reads: string[] = [];
  /** The row limit of each read in `reads`. */
  readLimits: number[] = [];
  add(rows: OutboxRow[]): void {
    this.rows.push(...rows);
    this.rows.sort((a, b) => a.sequence - b.sequence);
  }
  async pending(limit: number): Promise<OutboxRow[]> {
    return this.rows.slice(0, limit);
  }
  async pendingGroups(): Promise<OutboxGroupRef[]> {
    const groups = new Map<string, OutboxGroupRef>();
    for (const r of this.rows) {
      const key = `${r.accountId}/${r.region}/${r.featureGroupName}/${r.featureGroupCreatedAt.getTime()}`;
      if (!groups.has(key)) groups.set(key, { accountId: r.accountId, region: r.region, featureGroupName: r.featureGroupName, featureGroupCreatedAt: r.featureGroupCreatedAt });
    }
    return [...groups.values()];
  }
  async pendingOf(g: OutboxGroupRef, limit: number): Promise<OutboxRow[]> {
    this.reads.push(`${g.accountId}/${g.featureGroupName}`);
    this.readLimits.push(limit);
    const same = (r: OutboxRow) => r.accountId === g.accountId && r.region === g.region && r.featureGroupName === g.featureGroupName && r.featureGroupCreatedAt.getTime() === g.featureGroupCreatedAt.getTime();
    return this.rows.filter(same).slice(0, limit);
  }
  async acknowledge(sequences: readonly number[]): Promise<void> {
    const set = new Set(sequences);
    this.rows = this.rows.filter((r) => !set.has(r.sequence));
    this.acknowledged.push(...sequences);
  }
  // One writer only (the unit tests'): a claim is a read, and it is never taken over. The outbox
  // contract (test/support/outbox-contract.ts) checks the real stores' claims.
  async claim(g: OutboxGroupRef, _claimant: string, limit: number, leaseMs: number): Promise<OutboxClaim | undefined> {
    const rows = await this.pendingOf(g, limit);
    return rows.length === 0 ? undefined : { token: `t${this.reads.length}`, group: g, rows, until: new Date(Date.now() + leaseMs) };
  }
  async renew(): Promise<boolean> {
    return true;
  }
  async acknowledgeClaimed(claim: OutboxClaim, sequences: readonly number[]): Promise<boolean> {
    const mine = new Set(claim.rows.map((r) => r.sequence));
    await this.acknowledge(sequences.filter((s) => mine.has(s)));
    return true;
  }
  async release(): Promise<void> {}
}

/** A group store in a map, recording every status it is told. */
export class MemoryGroups implements FeatureGroupReader {
  groups = new Map<string, FeatureGroup>();
  statuses: Array<{ name: string; status: OfflineStoreStatus }> = [];
  put(group: FeatureGroup): void {
    this.groups.set(`${group.accountId}/${group.region}/${group.name}`, group);
  }
  delete(group: FeatureGroup): void {
    this.groups.delete(`${group.accountId}/${group.region}/${group.name}`);
  }
  async getFeatureGroup(accountId: string, region: string, name: string): Promise<FeatureGroup | undefined> {
    const g = this.groups.get(`${accountId}/${region}/${name}`);
    return g ? structuredClone(g) : undefined;
  }
  async setOfflineStoreStatus(accountId: string, region: string, name: string, status: OfflineStoreStatus): Promise<void> {
    const g = this.groups.get(`${accountId}/${region}/${name}`);
    if (g) g.offlineStoreStatus = status;
    this.statuses.push({ name, status });
  }
}
