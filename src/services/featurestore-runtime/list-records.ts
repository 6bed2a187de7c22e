import { InvalidPositionError } from '../../storage/feature-store.js';
import type { Operation } from '../operation.js';
import type { CompiledGroup } from './compiled.js';
import { invalidForGroup } from './errors.js';
import { onGroup, requireOnlineStore, runtimeGroup } from './groups.js';

export interface ListRecordsInput {
  FeatureGroupName: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeSoftDeletedRecords?: boolean;
}

export interface ListRecordsOutput {
  RecordIdentifiers: string[];
  NextToken?: string;
}

/** A page's size when MaxResults is not given: the model's largest (docs/DECISIONS.md). */
export const DEFAULT_LIST_RECORDS = 100;

/** The group a token belongs to: its ARN and creation time, so a token outlives no group. */
const groupTag = (c: CompiledGroup) => `${c.group.arn}@${c.group.createdAt.getTime()}`;

function encodeToken(c: CompiledGroup, position: string): string {
  return Buffer.from(JSON.stringify({ g: groupTag(c), p: position }), 'utf8').toString('base64url');
}

function invalidToken(c: CompiledGroup): never {
  throw invalidForGroup(`The NextToken is not valid for ListRecords of FeatureGroup ${c.group.name}: pass the NextToken of the previous ListRecords of this feature group, unchanged.`);
}

function decodeToken(c: CompiledGroup, token: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    invalidToken(c);
  }
  const { g, p } = (parsed ?? {}) as { g?: unknown; p?: unknown };
  if (g !== groupTag(c) || typeof p !== 'string') invalidToken(c);
  return p;
}

/**
 * sagemaker:ListRecords. The identifiers of the records in a group's online store, a page at a
 * time: live records, soft-deleted ones too when asked, never expired ones. Standard groups list
 * in identifier order; InMemory groups in Redis's SCAN order, where MaxResults is a hint, as AWS
 * documents for that tier.
 */
export const listRecords: Operation<ListRecordsInput, ListRecordsOutput> = {
  authorization: onGroup('sagemaker:ListRecords'),
  async handle(input, ctx) {
    const c = await runtimeGroup(ctx, input.FeatureGroupName, 'ListRecords');
    requireOnlineStore(c);
    const position = input.NextToken === undefined ? undefined : decodeToken(c, input.NextToken);
    try {
      const page = await ctx.state.records.listRecordIds(c.key, {
        limit: input.MaxResults ?? DEFAULT_LIST_RECORDS,
        includeSoftDeleted: input.IncludeSoftDeletedRecords === true,
        now: ctx.clock.now(),
        ...(position !== undefined ? { position } : {}),
      });
      return { RecordIdentifiers: page.recordIds, ...(page.position !== undefined ? { NextToken: encodeToken(c, page.position) } : {}) };
    } catch (e) {
      if (e instanceof InvalidPositionError) invalidToken(c);
      throw e;
    }
  },
};
