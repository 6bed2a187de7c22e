import type { ObjectTag } from '../../../storage/s3-objects.js';
import type { Operation } from '../../operation.js';
import { s3Errors } from './errors.js';
import { requestTagContext, storedObjectRequests, type ObjectAddress } from './object-access.js';
import { checkTags } from './write-input.js';

export interface ObjectTaggingInput extends ObjectAddress {
  VersionId?: string;
}

export interface PutObjectTaggingInput extends ObjectTaggingInput {
  Tagging: { TagSet?: Array<{ Key?: string; Value?: string }> };
}

function tagSet(input: PutObjectTaggingInput): ObjectTag[] {
  const set = input.Tagging?.TagSet ?? [];
  if (set.some((t) => t.Key === undefined)) throw s3Errors.malformedXml();
  return checkTags(set.map((t) => ({ Key: t.Key!, Value: t.Value ?? '' })));
}

/** s3:GetObjectTagging — the object's tag set. */
export const getObjectTagging: Operation<ObjectTaggingInput, { TagSet: ObjectTag[] }> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:GetObjectTagging'),
  async handle(input, ctx) {
    const object = await ctx.state.s3Objects.meta.getObject(input.Bucket, input.Key);
    if (!object) throw s3Errors.noSuchKey(input.Key);
    return { TagSet: object.tags };
  },
};

/** s3:PutObjectTagging — replaces the tag set (s3:RequestObjectTag/* and s3:ExistingObjectTag/* go to authorization). */
export const putObjectTagging: Operation<PutObjectTaggingInput, Record<string, never>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:PutObjectTagging', { context: requestTagContext(tagSet(input)) }),
  async handle(input, ctx) {
    if (!(await ctx.state.s3Objects.meta.updateObject(input.Bucket, input.Key, { tags: tagSet(input) }))) throw s3Errors.noSuchKey(input.Key);
    return {};
  },
};

/** s3:DeleteObjectTagging — removes every tag (204). */
export const deleteObjectTagging: Operation<ObjectTaggingInput, Record<string, never>> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:DeleteObjectTagging'),
  async handle(input, ctx) {
    if (!(await ctx.state.s3Objects.meta.updateObject(input.Bucket, input.Key, { tags: [] }))) throw s3Errors.noSuchKey(input.Key);
    return {};
  },
};
