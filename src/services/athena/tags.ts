import type { AthenaTag, WorkGroupRecord } from '../../storage/athena.js';
import { requestTagContext } from '../sagemaker/arns.js';
import type { Operation, OperationContext } from '../operation.js';
import { paginate } from './arns.js';
import { invalidRequest, resourceNotFound } from './errors.js';

const MAX_TAGS = 50;

/** Tag keys are unique and may not use the reserved `aws:` prefix; at most 50 per resource. */
export function checkTags(tags: readonly AthenaTag[]): AthenaTag[] {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key === undefined || t.Key === '') throw invalidRequest('Tag keys must not be empty.');
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidRequest(`Tag keys beginning with 'aws:' are reserved: ${t.Key}`);
    if (seen.has(t.Key)) throw invalidRequest(`Duplicate tag key: ${t.Key}`);
    seen.add(t.Key);
  }
  if (tags.length > MAX_TAGS) throw invalidRequest(`A resource may have at most ${MAX_TAGS} tags.`);
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

const WORK_GROUP_ARN = /^arn:aws:athena:([a-z0-9-]+):(\d{12}):workgroup\/([A-Za-z0-9._-]{1,128})$/;

/** The work group a ResourceARN names, when it is one of the caller's account and region. */
async function workGroupOfArn(ctx: OperationContext, arn: string): Promise<WorkGroupRecord> {
  const m = WORK_GROUP_ARN.exec(arn);
  if (!m) {
    if (/^arn:aws:athena:[^:]*:\d{12}:datacatalog\//.test(arn)) throw invalidRequest('Tags on data catalogs are not supported by sagelite; tag work groups.');
    throw invalidRequest(`Invalid resource ARN: ${arn}`);
  }
  const wg = m[1] === ctx.region && m[2] === ctx.principal.accountId ? await ctx.state.athena.getWorkGroup(m[2], m[1], m[3]!) : undefined;
  if (!wg) throw resourceNotFound(`WorkGroup ${m[3]} is not found.`, arn);
  return wg;
}

/** The question on the ARN as given (a malformed one is still asked about, then refused by the handler). */
function onArn(action: string, arn: string, extra = {}) {
  const acct = /^arn:aws:athena:[^:]*:(\d{12}):/.exec(arn)?.[1];
  return [{ action, resource: arn, ...(acct ? { resourceAccount: acct } : {}), context: extra }];
}

/** athena:TagResource on the work group; tags given replace those of the same key. */
export const tagResource: Operation<{ ResourceARN: string; Tags: AthenaTag[] }> = {
  authorization: (input, ctx) => onArn('athena:TagResource', input.ResourceARN, requestTagContext(input.Tags)),
  async handle(input, ctx) {
    const wg = await workGroupOfArn(ctx, input.ResourceARN);
    const added = checkTags(input.Tags);
    const merged = [...wg.tags.filter((t) => !added.some((a) => a.Key === t.Key)), ...added];
    await ctx.state.athena.putWorkGroup({ ...wg, tags: checkTags(merged) });
    return {};
  },
};

/** athena:UntagResource on the work group; keys it does not have are ignored. */
export const untagResource: Operation<{ ResourceARN: string; TagKeys: string[] }> = {
  authorization: (input, ctx) => onArn('athena:UntagResource', input.ResourceARN, { 'aws:TagKeys': input.TagKeys ?? [] }),
  async handle(input, ctx) {
    const wg = await workGroupOfArn(ctx, input.ResourceARN);
    await ctx.state.athena.putWorkGroup({ ...wg, tags: wg.tags.filter((t) => !input.TagKeys.includes(t.Key)) });
    return {};
  },
};

/** athena:ListTagsForResource on the work group; pages (MaxResults of at least 75). */
export const listTagsForResource: Operation<{ ResourceARN: string; NextToken?: string; MaxResults?: number }> = {
  authorization: (input) => onArn('athena:ListTagsForResource', input.ResourceARN),
  async handle(input, ctx) {
    const wg = await workGroupOfArn(ctx, input.ResourceARN);
    const { items, NextToken } = paginate('ListTagsForResource', input.ResourceARN, wg.tags, input.NextToken, input.MaxResults, 100);
    return { Tags: items, ...(NextToken ? { NextToken } : {}) };
  },
};
