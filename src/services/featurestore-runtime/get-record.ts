import type { Operation } from '../operation.js';
import { onGroup, requireOnlineStore, runtimeGroup } from './groups.js';
import type { FeatureValueInput } from './record-input.js';
import { expiresAtOutput, projection, recordOutput } from './record-view.js';

export interface GetRecordInput {
  FeatureGroupName: string;
  RecordIdentifierValueAsString: string;
  FeatureNames?: string[];
  ExpirationTimeResponse?: 'Enabled' | 'Disabled';
}

export interface GetRecordOutput {
  Record?: FeatureValueInput[];
  ExpiresAt?: string;
}

/**
 * sagemaker:GetRecord. The latest online record, projected to FeatureNames; a missing, deleted
 * or expired record is an empty 200 answer, as AWS documents.
 */
export const getRecord: Operation<GetRecordInput, GetRecordOutput> = {
  authorization: onGroup('sagemaker:GetRecord'),
  async handle(input, ctx) {
    const c = await runtimeGroup(ctx, input.FeatureGroupName, 'GetRecord');
    requireOnlineStore(c);
    const only = projection(c, input.FeatureNames);
    const record = await ctx.state.records.get(c.key, input.RecordIdentifierValueAsString, ctx.clock.now());
    if (!record) return {};
    const features = recordOutput(record, only);
    if (features.length === 0) return {};
    return { Record: features, ...expiresAtOutput(record, input.ExpirationTimeResponse === 'Enabled') };
  },
};
