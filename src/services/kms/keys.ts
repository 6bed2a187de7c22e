import { randomBytes, randomUUID } from 'node:crypto';
import type { ContextValue } from '../../auth/policy/index.js';
import type { KmsKeyDocument, KmsTag } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { invalidState, limitExceeded, unsupported, validation } from './errors.js';
import { changeKey, keyAuthorization, requireChangeable, requireKey } from './key-access.js';
import { keyArn } from './key-ids.js';
import { defaultKeyPolicy, exists, keyMetadata } from './key-model.js';
import { checkKeyPolicy, checkLockout } from './key-policies.js';
import { grantedKeyAuthorization } from './grant-access.js';
import { checkGrantTokens } from './grant-model.js';
import { MAX_KEYS_PER_ACCOUNT, MAX_PENDING_DAYS, MIN_PENDING_DAYS } from './limits.js';
import { listed, page } from './pages.js';
import { checkTags } from './tags.js';

interface CreateKeyInput {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  KeySpec?: string;
  CustomerMasterKeySpec?: string;
  Origin?: string;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: KmsTag[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}

/** What sagelite's KMS makes: symmetric encryption keys with KMS-generated material, in one region. */
function checkKeyKind(input: CreateKeyInput): void {
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT') throw unsupported(`sagelite's KMS makes symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT), not ${spec}.`);
  if ((input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') throw unsupported(`sagelite's KMS makes encryption keys only (KeyUsage ENCRYPT_DECRYPT), not ${input.KeyUsage}.`);
  if ((input.Origin ?? 'AWS_KMS') !== 'AWS_KMS') throw unsupported(`sagelite's KMS makes its keys' material itself (Origin AWS_KMS), not ${input.Origin}.`);
  if (input.MultiRegion) throw unsupported('sagelite has no multi-Region keys.');
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) throw unsupported('sagelite has no custom key stores.');
}

/** A new key's document, its material made and sealed under the root key. */
export function newKey(ctx: OperationContext, fields: { accountId: string; description: string; policy: string; tags: KmsTag[]; keyManager: KmsKeyDocument['keyManager'] }): KmsKeyDocument {
  const keyId = randomUUID();
  const arn = keyArn(ctx.region, fields.accountId, keyId);
  return {
    keyId, arn, accountId: fields.accountId, region: ctx.region, description: fields.description, keyManager: fields.keyManager,
    state: 'Enabled', createdAt: ctx.clock.now().getTime(), policy: fields.policy, tags: fields.tags,
    sealedMaterial: ctx.state.kmsRootKey.seal(randomBytes(32), arn), revision: 1,
  };
}

/** kms:CreateKey on `*`, with the request's key properties and tags as condition keys. */
export const createKey: Operation<CreateKeyInput> = {
  authorization: (input) => {
    const context: Record<string, ContextValue> = {
      'kms:KeySpec': input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': input.KeyUsage ?? 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': input.Origin ?? 'AWS_KMS',
      'kms:MultiRegion': String(input.MultiRegion ?? false),
      ...checkTags(input.Tags).context,
    };
    return [{ action: 'kms:CreateKey', resource: '*', context }];
  },
  async handle(input, ctx) {
    checkKeyKind(input);
    const { tags } = checkTags(input.Tags);
    if (input.Policy !== undefined) checkKeyPolicy(input.Policy);
    const me = ctx.principal.accountId;
    const doc = newKey(ctx, { accountId: me, description: input.Description ?? '', policy: input.Policy ?? defaultKeyPolicy(me), tags, keyManager: 'CUSTOMER' });
    if (input.Policy !== undefined) await checkLockout(ctx, doc, input.Policy, input.BypassPolicyLockoutSafetyCheck);
    await ctx.state.locks.withLock(`kms-keys:${me}:${ctx.region}`, async () => {
      if ((await ctx.state.kms.countKeys(me, ctx.region)) >= MAX_KEYS_PER_ACCOUNT) throw limitExceeded(`This account has ${MAX_KEYS_PER_ACCOUNT} KMS keys in ${ctx.region}, the most sagelite keeps.`);
      await ctx.state.kms.saveKey(doc);
    });
    return { KeyMetadata: keyMetadata(doc) };
  },
};

export const describeKey: Operation<{ KeyId: string; GrantTokens?: string[] }> = {
  authorization: (input, ctx) => {
    checkGrantTokens(input.GrantTokens);
    return grantedKeyAuthorization(ctx, 'DescribeKey', input.KeyId);
  },
  async handle(input, ctx) {
    return { KeyMetadata: keyMetadata(await requireKey(ctx, input.KeyId)) };
  },
};

/** kms:ListKeys: the caller's keys in the region (pending deletion included, deleted ones not). */
export const listKeys: Operation<{ Limit?: number; Marker?: string }> = {
  authorization: () => [{ action: 'kms:ListKeys', resource: '*' }],
  async handle(input, ctx) {
    const now = ctx.clock.now().getTime();
    const keys = (await ctx.state.kms.listKeys(ctx.principal.accountId, ctx.region)).filter((k) => exists(k, now)).map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }));
    return listed('Keys', page(keys, 'keys', input.Marker, input.Limit));
  },
};

export const enableKey: Operation<{ KeyId: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:EnableKey', input.KeyId),
  async handle(input, ctx) {
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      doc.state = 'Enabled';
    });
    return {};
  },
};

export const disableKey: Operation<{ KeyId: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:DisableKey', input.KeyId),
  async handle(input, ctx) {
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      doc.state = 'Disabled';
    });
    return {};
  },
};

/** Deletion after a waiting period of 7–30 days (30 by default) on the server clock; until then CancelKeyDeletion brings it back, disabled. */
export const scheduleKeyDeletion: Operation<{ KeyId: string; PendingWindowInDays?: number }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:ScheduleKeyDeletion', input.KeyId),
  async handle(input, ctx) {
    const days = input.PendingWindowInDays ?? MAX_PENDING_DAYS;
    if (days < MIN_PENDING_DAYS || days > MAX_PENDING_DAYS) throw validation(`PendingWindowInDays must be between ${MIN_PENDING_DAYS} and ${MAX_PENDING_DAYS}, not ${days}.`);
    const doc = await changeKey(ctx, input.KeyId, (d, now) => {
      requireChangeable(ctx, d);
      d.state = 'PendingDeletion';
      d.deletionDate = now + days * 86_400_000;
      return d;
    });
    return { KeyId: doc.arn, DeletionDate: new Date(doc.deletionDate!), KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
};

export const cancelKeyDeletion: Operation<{ KeyId: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:CancelKeyDeletion', input.KeyId),
  async handle(input, ctx) {
    const doc = await changeKey(ctx, input.KeyId, (d) => {
      requireChangeable(ctx, d, { pendingOk: true });
      if (d.state !== 'PendingDeletion') throw invalidState(`${d.arn} is not pending deletion.`);
      d.state = 'Disabled';
      delete d.deletionDate;
      return d;
    });
    return { KeyId: doc.arn };
  },
};

export const updateKeyDescription: Operation<{ KeyId: string; Description: string }> = {
  authorization: (input, ctx) => keyAuthorization(ctx, 'kms:UpdateKeyDescription', input.KeyId),
  async handle(input, ctx) {
    await changeKey(ctx, input.KeyId, (doc) => {
      requireChangeable(ctx, doc);
      doc.description = input.Description;
    });
    return {};
  },
};
