import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { AwsError } from '../../core/errors.js';
import type { Operation, OperationContext } from '../operation.js';
import { findGroup, groupRef, onFeatureGroup, type GroupRef } from '../sagemaker/arns.js';
import { authorizeEach } from './batch-authorize.js';
import { compiledGroup } from './compiled.js';
import { invalidForGroup, invalidRecord, notFoundMessage } from './errors.js';
import { requireOnlineStore } from './groups.js';
import type { FeatureValueInput } from './record-input.js';
import { expiresAtOutput, projection, recordOutput } from './record-view.js';

export interface BatchGetRecordIdentifier {
  FeatureGroupName: string;
  RecordIdentifiersValueAsString: string[];
  FeatureNames?: string[];
}

export interface BatchGetRecordInput {
  Identifiers: BatchGetRecordIdentifier[];
  ExpirationTimeResponse?: 'Enabled' | 'Disabled';
}

interface ResultDetail {
  FeatureGroupName: string;
  RecordIdentifierValueAsString: string;
  Record: FeatureValueInput[];
  ExpiresAt?: string;
}

interface ResultError {
  FeatureGroupName: string;
  RecordIdentifierValueAsString: string;
  ErrorCode: string;
  ErrorMessage: string;
}

export interface BatchGetRecordOutput {
  Records: ResultDetail[];
  Errors: ResultError[];
  UnprocessedIdentifiers: BatchGetRecordIdentifier[];
}

/** Feature Store's quota: one BatchGetRecord reads at most 100 records. */
export const MAX_BATCH_RECORDS = 100;

/** The records of one identifier, or the errors that stand for them. */
async function readIdentifier(ctx: OperationContext, id: BatchGetRecordIdentifier, ref: GroupRef, denied: string | undefined, out: BatchGetRecordOutput, expiry: boolean): Promise<void> {
  const fail = (code: string, message: string) => {
    for (const rid of id.RecordIdentifiersValueAsString) out.Errors.push({ FeatureGroupName: id.FeatureGroupName, RecordIdentifierValueAsString: rid, ErrorCode: code, ErrorMessage: message });
  };
  if (denied !== undefined) return fail('AccessDeniedException', denied);
  const group = await findGroup(ctx, ref);
  if (!group) return fail('ResourceNotFound', notFoundMessage(id.FeatureGroupName));
  try {
    if (group.status !== 'Created') throw invalidForGroup(`FeatureGroup ${group.name} is ${group.status}; records can be read and written only while it is Created.`);
    const c = compiledGroup(group);
    requireOnlineStore(c);
    const only = projection(c, id.FeatureNames);
    const found = await ctx.state.records.getMany(c.key, id.RecordIdentifiersValueAsString, ctx.clock.now());
    for (const rid of id.RecordIdentifiersValueAsString) {
      const record = found.get(rid);
      const features = record ? recordOutput(record, only) : [];
      if (!record || features.length === 0) continue;
      out.Records.push({ FeatureGroupName: id.FeatureGroupName, RecordIdentifierValueAsString: rid, Record: features, ...expiresAtOutput(record, expiry) });
    }
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    fail(e.code, e.message);
  }
}

/**
 * sagemaker:BatchGetRecord. Up to 100 records across feature groups, of this account or of
 * others by ARN. Each group is authorized on its own: a denied or missing group, or one without
 * an online store, turns into one error per requested record, and the rest is still read. A
 * record that does not exist is simply absent, as GetRecord's empty answer. The three lists are
 * always present; nothing is ever left unprocessed.
 */
export const batchGetRecord: Operation<BatchGetRecordInput, BatchGetRecordOutput> = {
  authorization: 'always',
  async handle(input, ctx) {
    const total = input.Identifiers.reduce((n, id) => n + id.RecordIdentifiersValueAsString.length, 0);
    if (total > MAX_BATCH_RECORDS) {
      throw invalidRecord(`BatchGetRecord asks for ${total} records; one request can read at most ${MAX_BATCH_RECORDS}.`);
    }
    const refs = input.Identifiers.map((id) => groupRef(ctx, id.FeatureGroupName));
    const unique = new Map(refs.map((r) => [r.arn, r] as const));
    const requests: AuthorizationRequest[] = [];
    for (const r of unique.values()) requests.push(await onFeatureGroup(ctx, 'sagemaker:BatchGetRecord', r));
    const denials = await authorizeEach(ctx, requests);
    const out: BatchGetRecordOutput = { Records: [], Errors: [], UnprocessedIdentifiers: [] };
    const expiry = input.ExpirationTimeResponse === 'Enabled';
    // One identifier after another: the answer lists records and errors in the order asked.
    for (const [i, id] of input.Identifiers.entries()) await readIdentifier(ctx, id, refs[i]!, denials.get(refs[i]!.arn), out, expiry);
    return out;
  },
};
