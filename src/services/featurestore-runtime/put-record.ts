import type { TtlDuration } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import type { CompiledGroup } from './compiled.js';
import { onGroup, runtimeGroup, targetStores } from './groups.js';
import { validRecord, type FeatureValueInput } from './record-input.js';
import { expiresAt } from './ttl.js';

export interface PutRecordInput {
  FeatureGroupName: string;
  Record: FeatureValueInput[];
  TargetStores?: Array<'OnlineStore' | 'OfflineStore'>;
  TtlDuration?: TtlDuration;
}

/**
 * Writes one record as PutRecord does, to an already authorized group: checked against the group,
 * its TargetStores and TTL resolved (the record's, else `defaultTtl`, else the group's), and
 * resolved once the write (and its offline row) has committed. BatchWriteRecord writes each entry
 * with it.
 */
export async function writeRecord(ctx: OperationContext, c: CompiledGroup, input: Omit<PutRecordInput, 'FeatureGroupName'>, received: Date, defaultTtl?: TtlDuration): Promise<void> {
  const stores = targetStores(c, input.TargetStores);
  const r = validRecord(c, input.Record);
  const expiry = expiresAt(r.eventTimeMs, input.TtlDuration ?? defaultTtl, c.groupTtl);
  await ctx.state.records.write({
    kind: 'put',
    group: c.key,
    shape: c.shape,
    recordId: r.recordId,
    features: r.features,
    eventTime: r.eventTime,
    eventTimeMs: r.eventTimeMs,
    ...(expiry ? { expiresAt: expiry } : {}),
    ...stores,
    apiInvocationTime: received,
  });
}

/**
 * sagemaker:PutRecord. Replaces the whole online record when its event time is later than the
 * stored one's; otherwise the record is historic and goes to the offline store only. The offline
 * row joins the online write's transaction, and the answer waits for that commit.
 */
export const putRecord: Operation<PutRecordInput, Record<string, never>> = {
  authorization: onGroup('sagemaker:PutRecord'),
  async handle(input, ctx) {
    const received = ctx.clock.now();
    await writeRecord(ctx, await runtimeGroup(ctx, input.FeatureGroupName, 'PutRecord'), input, received);
    return {};
  },
};
