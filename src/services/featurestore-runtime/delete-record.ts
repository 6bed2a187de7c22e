import type { Operation } from '../operation.js';
import { invalidRecord } from './errors.js';
import { onGroup, runtimeGroup, targetStores } from './groups.js';
import { checkEventTime, checkRecordId } from './record-input.js';

export interface DeleteRecordInput {
  FeatureGroupName: string;
  RecordIdentifierValueAsString: string;
  EventTime: string;
  TargetStores?: Array<'OnlineStore' | 'OfflineStore'>;
  DeletionMode?: 'SoftDelete' | 'HardDelete';
}

/**
 * sagemaker:DeleteRecord. SoftDelete (the default) hides the record and drops its features;
 * HardDelete removes it. Both append a deletion marker for the offline store. When the delete's
 * EventTime is not later than the stored record's, a SoftDelete leaves the record but still
 * writes its marker, and a HardDelete fails with ValidationException and writes nothing.
 */
export const deleteRecord: Operation<DeleteRecordInput, Record<string, never>> = {
  authorization: onGroup('sagemaker:DeleteRecord'),
  async handle(input, ctx) {
    const received = ctx.clock.now();
    const c = await runtimeGroup(ctx, input.FeatureGroupName, 'DeleteRecord');
    const stores = targetStores(c, input.TargetStores);
    const recordId = input.RecordIdentifierValueAsString;
    checkRecordId(recordId);
    const eventTimeMs = checkEventTime(c, input.EventTime);
    const mode = input.DeletionMode ?? 'SoftDelete';
    const outcome = await ctx.state.records.write({
      kind: 'delete',
      mode,
      group: c.key,
      shape: c.shape,
      recordId,
      eventTime: input.EventTime,
      eventTimeMs,
      ...stores,
      apiInvocationTime: received,
    });
    if (mode === 'HardDelete' && outcome.online === 'stale') {
      throw invalidRecord(`EventTime ${input.EventTime} is not later than the EventTime of record ${recordId} in the OnlineStore; a HardDelete must be later than the record it deletes. Nothing was deleted.`);
    }
    return {};
  },
};
