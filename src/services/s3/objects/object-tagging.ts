import type { ObjectTag } from '../../../storage/s3-objects.js';
import type { Operation } from '../../operation.js';
import { bucketForAuthorization } from '../access.js';
import { s3Errors } from './errors.js';
import { requestTagContext, storedObjectRequests, type ObjectAddress } from './object-access.js';
import { checkTags } from './write-input.js';
import { readableVersion, versionIdOutput } from './versions.js';
import type { OperationContext } from '../../operation.js';
import type { VersionChange } from '../../../storage/s3-objects.js';

/**
 * Changes the version a request names (the current one without a version id) in place, and says
 * which: NoSuchKey, NoSuchVersion or 405 for a delete marker, as a read of it would be.
 */
export async function changeVersion(ctx: OperationContext, input: ObjectTaggingInput, change: VersionChange): Promise<{ VersionId?: string }> {
  for (let attempt = 0; ; attempt++) {
    const version = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId, 'PUT');
    const id = version.versionId ?? 'null';
    if (await ctx.state.s3Objects.meta.updateObject(input.Bucket, input.Key, change, id)) return versionIdOutput(await bucketForAuthorization(ctx, input.Bucket), version);
    // Replaced or removed between the read and the change: look again, then answer as for a missing one.
    if (attempt >= 2) throw s3Errors.noSuchKey(input.Key);
  }
}

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
export const getObjectTagging: Operation<ObjectTaggingInput, { TagSet: ObjectTag[]; VersionId?: string }> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:GetObjectTagging', { ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) }),
  async handle(input, ctx) {
    const object = await readableVersion(ctx, input.Bucket, input.Key, input.VersionId);
    return { TagSet: object.tags, ...versionIdOutput(await bucketForAuthorization(ctx, input.Bucket), object) };
  },
};

/** s3:PutObjectTagging — replaces the tag set (s3:RequestObjectTag/* and s3:ExistingObjectTag/* go to authorization). */
export const putObjectTagging: Operation<PutObjectTaggingInput, { VersionId?: string }> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:PutObjectTagging', { context: requestTagContext(tagSet(input)), ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) }),
  async handle(input, ctx) {
    return changeVersion(ctx, input, { tags: tagSet(input) });
  },
};

/** s3:DeleteObjectTagging — removes every tag (204). */
export const deleteObjectTagging: Operation<ObjectTaggingInput, { VersionId?: string }> = {
  authorization: (input, ctx) => storedObjectRequests(ctx, input, 's3:DeleteObjectTagging', { ...(input.VersionId !== undefined ? { versionId: input.VersionId } : {}) }),
  async handle(input, ctx) {
    return changeVersion(ctx, input, { tags: [] });
  },
};
