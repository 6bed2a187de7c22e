import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { AwsError } from '../../core/errors.js';
import type { TtlDuration } from '../../storage/feature-store.js';
import type { Operation, OperationContext } from '../operation.js';
import { groupRef, onFeatureGroup } from '../sagemaker/arns.js';
import { authorizeEach } from './batch-authorize.js';
import { runtimeGroup } from './groups.js';
import { writeRecord } from './put-record.js';
import type { FeatureValueInput } from './record-input.js';

export interface BatchWriteRecordEntry {
  FeatureGroupName: string;
  Record: FeatureValueInput[];
  TargetStores?: Array<'OnlineStore' | 'OfflineStore'>;
  TtlDuration?: TtlDuration;
}

export interface BatchWriteRecordInput {
  Entries: BatchWriteRecordEntry[];
  TtlDuration?: TtlDuration;
}

interface EntryError {
  Entry: BatchWriteRecordEntry;
  ErrorCode: string;
  ErrorMessage: string;
}

export interface BatchWriteRecordOutput {
  Errors: EntryError[];
  UnprocessedEntries: BatchWriteRecordEntry[];
}

/** One entry written as PutRecord writes a record; its error, if any, as the answer lists it. */
async function writeEntry(ctx: OperationContext, entry: BatchWriteRecordEntry, requestTtl: TtlDuration | undefined, denied: string | undefined, received: Date): Promise<EntryError | undefined> {
  if (denied !== undefined) return { Entry: entry, ErrorCode: 'AccessDeniedException', ErrorMessage: denied };
  try {
    await writeRecord(ctx, await runtimeGroup(ctx, entry.FeatureGroupName, 'BatchWriteRecord'), entry, received, requestTtl);
    return undefined;
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { Entry: entry, ErrorCode: e.code, ErrorMessage: e.message };
  }
}

/**
 * sagemaker:BatchWriteRecord. Up to 25 records (the model's limit) across feature groups, of
 * this account or of others by ARN, each written as PutRecord writes one: the same checks, the
 * same durability (the answer waits for every commit), its offline row. Each group is authorized
 * on its own (sagemaker:BatchWriteRecord on the group, docs/DECISIONS.md); an entry that is
 * denied or fails is listed in Errors with its code and message while the rest is written. The
 * entries are applied together, as concurrent PutRecords: two of one record keep the later
 * event time. Nothing is ever left unprocessed.
 */
export const batchWriteRecord: Operation<BatchWriteRecordInput, BatchWriteRecordOutput> = {
  authorization: 'always',
  async handle(input, ctx) {
    const received = ctx.clock.now();
    const refs = input.Entries.map((e) => groupRef(ctx, e.FeatureGroupName));
    const unique = new Map(refs.map((r) => [r.arn, r] as const));
    const requests: AuthorizationRequest[] = [];
    for (const r of unique.values()) requests.push(await onFeatureGroup(ctx, 'sagemaker:BatchWriteRecord', r));
    const denials = await authorizeEach(ctx, requests);
    const outcomes = await Promise.all(input.Entries.map((entry, i) => writeEntry(ctx, entry, input.TtlDuration, denials.get(refs[i]!.arn), received)));
    return { Errors: outcomes.filter((e): e is EntryError => e !== undefined), UnprocessedEntries: [] };
  },
};
