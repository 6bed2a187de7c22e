import type { TtlDuration } from '../../storage/feature-store.js';
import type { Operation } from '../operation.js';
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
 * sagemaker:PutRecord. Replaces the whole online record when its event time is later than the
 * stored one's; otherwise the record is historic and goes to the offline store only. The offline
 * row joins the online write's transaction, and the answer waits for that commit.
 */
export const putRecord: Operation<PutRecordInput, Record<string, never>> = {
  authorization: onGroup('sagemaker:PutRecord'),
  async handle(input, ctx) {
    const received = ctx.clock.now();
    const c = await runtimeGroup(ctx, input.FeatureGroupName, 'PutRecord');
    const stores = targetStores(c, input.TargetStores);
    const r = validRecord(c, input.Record);
    const expiry = expiresAt(r.eventTimeMs, input.TtlDuration, c.groupTtl);
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
    return {};
  },
};
