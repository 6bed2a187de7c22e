import type { FeatureGroup, OutboxRow } from '../storage/feature-store.js';
import { batchSuffix, creationEpoch, eventTimeMs, objectLocation, partitionPath, resolvedOutputS3Uri, type S3Location } from './layout.js';

/** One Parquet object to write: rows of one group and one event-time hour, oldest sequence first. */
export interface Batch {
  group: FeatureGroup;
  /** `year=…/month=…/day=…/hour=…`. */
  partition: string;
  rows: OutboxRow[];
  location: S3Location;
}

/** How the flusher tells groups apart in its maps. */
export function groupKey(accountId: string, region: string, name: string): string {
  return `${accountId}/${region}/${name}`;
}

/** The event time that partitions a row; a value the writer cannot read falls back to the invocation time. */
export function rowEventMs(group: FeatureGroup, row: OutboxRow): number {
  const type = group.featureDefinitions.find((f) => f.FeatureName === group.eventTimeFeatureName)?.FeatureType;
  return eventTimeMs(row.eventTime, type) ?? row.apiInvocationTime.getTime();
}

/**
 * Splits one group's pending rows into objects: one per event-time hour, at most `maxRowsPerFile`
 * rows each. Every object is named from its first row only (never from the rest of its content),
 * so a retry that sees more or fewer rows of the same partition still lands on the same key:
 * after a crash between PutObject and acknowledge the object is overwritten, not duplicated.
 * That is why the file's timestamp is its first row's event time, where SageMaker uses the
 * latest event time in the file (docs/DECISIONS.md, "Offline store").
 *
 * @example
 * planBatches(group, rows, 10_000).map((b) => b.location.key)
 */
export function planBatches(group: FeatureGroup, rows: readonly OutboxRow[], maxRowsPerFile: number): Batch[] {
  const resolved = resolvedOutputS3Uri(group);
  if (!resolved) return [];
  const byPartition = new Map<string, { rows: OutboxRow[]; firstMs: number }>();
  for (const row of [...rows].sort((a, b) => a.sequence - b.sequence)) {
    const ms = rowEventMs(group, row);
    const partition = partitionPath(ms);
    const entry = byPartition.get(partition);
    if (entry) entry.rows.push(row);
    else byPartition.set(partition, { rows: [row], firstMs: ms });
  }
  const batches: Batch[] = [];
  for (const [partition, { rows: partRows }] of byPartition) {
    for (let i = 0; i < partRows.length; i += maxRowsPerFile) {
      const chunk = partRows.slice(i, i + maxRowsPerFile);
      const first = chunk[0]!;
      const suffix = batchSuffix([group.accountId, group.region, group.name, creationEpoch(group.createdAt), partition, first.sequence, first.apiInvocationTime.getTime()]);
      const firstMs = rowEventMs(group, first);
      batches.push({ group, partition, rows: chunk, location: objectLocation({ resolvedUri: resolved, partitionMs: firstMs, fileMs: firstMs, suffix }) });
    }
  }
  return batches;
}
