import { AwsError } from '../../core/errors.js';
import type { FeatureValue, TtlDuration } from '../../storage/feature-store.js';
import type { Operation } from '../operation.js';
import type { CompiledGroup } from './compiled.js';
import { invalidForGroup, invalidRecord } from './errors.js';
import { onGroup, requireOnlineStore, runtimeGroup, targetStores } from './groups.js';
import { checkEventTime, checkRecordId, MAX_RECORD_BYTES, validFeatures, type FeatureValueInput } from './record-input.js';
import { ttlMillis } from './ttl.js';

export interface UpdateRecordInput {
  FeatureGroupName: string;
  RecordIdentifierValueAsString: string;
  Features: FeatureValueInput[];
  TargetStores?: Array<'OnlineStore' | 'OfflineStore'>;
  TtlDuration?: TtlDuration;
}

/** AWS's quota: one UpdateRecord sets at most 100 features. */
export const MAX_UPDATE_FEATURES = 100;

/** The online store types UpdateRecord serves; a Standard group must migrate to Standard_V2 first. */
function requirePartialUpdates(c: CompiledGroup): void {
  requireOnlineStore(c);
  const type = c.group.onlineStoreConfig?.StorageType ?? 'Standard';
  if (type === 'Standard') {
    throw invalidForGroup(
      `UpdateRecord is available only for feature groups whose online store StorageType is Standard_V2 or InMemory; FeatureGroup ${c.group.name} uses Standard. ` +
        'Migrate it with UpdateFeatureGroup (OnlineStoreConfig.StorageType Standard_V2).',
    );
  }
}

/** The features to set: checked as PutRecord checks them, the record identifier taken out (it may be given, unchanged). */
function featuresToSet(c: CompiledGroup, recordId: string, values: readonly FeatureValueInput[]): Array<[string, FeatureValue]> {
  if (values.length > MAX_UPDATE_FEATURES) throw invalidRecord(`UpdateRecord sets ${values.length} features; one request can set at most ${MAX_UPDATE_FEATURES}.`);
  const features = validFeatures(c, values);
  const id = features.find(([n]) => n === c.idFeature);
  if (id && id[1] !== recordId) {
    throw invalidRecord(`Features gives ${c.idFeature}, the record identifier feature, the value ${JSON.stringify(id[1])}, not RecordIdentifierValueAsString ${JSON.stringify(recordId)}: a record's identifier cannot change.`);
  }
  return features.filter(([n]) => n !== c.idFeature);
}

/**
 * sagemaker:UpdateRecord. Sets some features of an existing record and keeps the others, for
 * Standard_V2 and InMemory groups. The event time is the record's unless the event-time feature is
 * among the features (an earlier one is a ConflictException; an equal or later one applies); a
 * TtlDuration needs that event time. The store merges under its lock and writes the merged record
 * online and, where the group has one, as a whole row to the offline store (docs/DECISIONS.md).
 */
export const updateRecord: Operation<UpdateRecordInput, Record<string, never>> = {
  authorization: onGroup('sagemaker:UpdateRecord'),
  async handle(input, ctx) {
    const received = ctx.clock.now();
    const c = await runtimeGroup(ctx, input.FeatureGroupName, 'UpdateRecord');
    requirePartialUpdates(c);
    const stores = targetStores(c, input.TargetStores);
    const recordId = input.RecordIdentifierValueAsString;
    checkRecordId(recordId);
    const features = featuresToSet(c, recordId, input.Features);
    const eventTime = features.find(([n]) => n === c.timeFeature)?.[1];
    if (Array.isArray(eventTime)) throw invalidRecord(`Feature ${c.timeFeature} is the event time feature: send its value as ValueAsString.`);
    const eventTimeMs = eventTime === undefined ? undefined : checkEventTime(c, eventTime);
    if (input.TtlDuration !== undefined && eventTime === undefined) {
      throw invalidRecord(`A TtlDuration needs an EventTime: send the event time feature ${c.timeFeature} in Features with it.`);
    }
    const ttlMs = input.TtlDuration === undefined ? undefined : ttlMillis(input.TtlDuration);
    const outcome = await ctx.state.records.write({
      kind: 'update',
      group: c.key,
      shape: c.shape,
      recordId,
      features: features.filter(([n]) => n !== c.timeFeature),
      ...(eventTime !== undefined ? { eventTime, eventTimeMs: eventTimeMs! } : {}),
      ...(ttlMs !== undefined ? { ttlMs } : {}),
      ...stores,
      apiInvocationTime: received,
      maxRecordBytes: MAX_RECORD_BYTES,
    });
    if (outcome.tooLargeBytes !== undefined) {
      throw invalidRecord(`The updated record would be ${outcome.tooLargeBytes} bytes; a record can be at most ${MAX_RECORD_BYTES} bytes (350 KB). Nothing was updated.`);
    }
    if (outcome.online === 'absent') {
      throw new AwsError('ResourceNotFound', 404, `Resource Not Found: Record ${recordId} does not exist in FeatureGroup ${c.group.name} (or it was deleted). UpdateRecord changes existing records only: create one with PutRecord.`);
    }
    if (outcome.online === 'stale') {
      throw new AwsError('ConflictException', 409, `EventTime ${eventTime!} is earlier than the EventTime of record ${recordId}. Read the record's latest EventTime and send one equal to it or later.`);
    }
    return {};
  },
};
