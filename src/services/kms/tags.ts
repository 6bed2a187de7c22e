import type { ContextValue } from '../../auth/policy/index.js';
import type { KmsTag } from '../../storage/kms.js';
import type { Operation } from '../operation.js';
import { tagError } from './errors.js';
import { changeKey, keyAuthorization, requireChangeable, requireKey } from './key-access.js';
import { MAX_TAGS } from './limits.js';
import { listed, page } from './pages.js';

/** Tags a request gives, checked as KMS checks them; also their aws:RequestTag/aws:TagKeys condition keys. */
export function checkTags(tags: readonly Partial<KmsTag>[] | undefined): { tags: KmsTag[]; context: Record<string, ContextValue> } {
  const out: KmsTag[] = [];
  for (const t of tags ?? []) {
    const key = t.TagKey ?? '';
    const value = t.TagValue ?? '';
    if (key.length < 1 || key.length > 128) throw tagError(`Tag key ${key} must be 1 to 128 characters.`);
    if (value.length > 256) throw tagError(`The value of tag ${key} must be at most 256 characters.`);
    if (key.toLowerCase().startsWith('aws:')) throw tagError(`Tag key ${key} begins with aws:, which is reserved for AWS.`);
    out.push({ TagKey: key, TagValue: value });
  }
  const context: Record<string, ContextValue> = {};
  for (const t of out) context[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
  if (out.length > 0) context['aws:TagKeys'] = out.map((t) => t.TagKey);
  return { tags: out, context };
}

/** A key's tags with `added` replacing those of the same key; more than 50 is TagException. */
export function mergeTags(existing: readonly KmsTag[], added: readonly KmsTag[]): KmsTag[] {
  const byKey = new Map(existing.map((t) => [t.TagKey, t]));
  for (const t of added) byKey.set(t.TagKey, t);
  if (byKey.size > MAX_TAGS) throw tagError(`A KMS key can have at most ${MAX_TAGS} tags.`);
  return [...byKey.values()];
}

export const tagResource: Operation<{ KeyId: string; Tags: KmsTag[] }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:TagResource', input.KeyId, { extra: checkTags(input.Tags).context }),
  async handle(input, ctx) {
    const { tags } = checkTags(input.Tags);
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      doc.tags = mergeTags(doc.tags, tags);
    });
    return {};
  },
};

export const untagResource: Operation<{ KeyId: string; TagKeys: string[] }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:UntagResource', input.KeyId, { extra: input.TagKeys.length ? { 'aws:TagKeys': input.TagKeys } : {} }),
  async handle(input, ctx) {
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      doc.tags = doc.tags.filter((t) => !input.TagKeys.includes(t.TagKey));
    });
    return {};
  },
};

export const listResourceTags: Operation<{ KeyId: string; Limit?: number; Marker?: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:ListResourceTags', input.KeyId),
  async handle(input, ctx) {
    const doc = await requireKey(ctx, input.KeyId);
    return listed('Tags', page(doc.tags, `tags:${doc.arn}`, input.Marker, input.Limit));
  },
};
