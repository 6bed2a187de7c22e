import { newSecretAccessKey, newUniqueId } from '../../../core/ids.js';
import { AccessKeyQuotaError, type AccessKey } from '../../../storage/accounts.js';
import type { Operation, OperationContext } from '../../operation.js';
import { accessKeyNotFound, limitExceeded, validationError } from '../errors.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { keyHolder, onKeyHolder, sameOwner, type KeyHolder } from './key-owner.js';

/** IAM's quota of access keys per user (and per root user). */
export const MAX_ACCESS_KEYS = 2;

function metadata(key: AccessKey, holder: KeyHolder): Record<string, unknown> {
  return { ...(holder.userName !== undefined ? { UserName: holder.userName } : {}), AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createdAt };
}

/** The holder's key with this id, or NoSuchEntity (another user's key is not found either). */
async function holderKey(ctx: OperationContext, holder: KeyHolder, accessKeyId: string): Promise<AccessKey> {
  const key = await ctx.state.accounts.getAccessKey(accessKeyId);
  if (!key || key.accountId !== ctx.principal.accountId || !sameOwner(key.owner, holder.owner)) throw accessKeyNotFound(accessKeyId);
  return key;
}

/** iam:CreateAccessKey — AKIA id, 40-character secret, Active; at most 2 per user. */
export const createAccessKey: Operation<{ UserName?: string }> = {
  authorization: async (input, ctx) => [await onKeyHolder(ctx, 'iam:CreateAccessKey', input.UserName)],
  async handle(input, ctx) {
    const holder = await keyHolder(ctx, input.UserName);
    let key: AccessKey;
    try {
      key = await ctx.state.accounts.addAccessKey({
        accessKeyId: newUniqueId('AKIA'),
        secretAccessKey: newSecretAccessKey(),
        accountId: ctx.principal.accountId,
        owner: holder.owner,
        status: 'Active',
      }, { maxPerOwner: MAX_ACCESS_KEYS });
    } catch (e) {
      if (e instanceof AccessKeyQuotaError) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS}`);
      throw e;
    }
    return { AccessKey: { ...metadata(key, holder), SecretAccessKey: key.secretAccessKey } };
  },
};

/** iam:ListAccessKeys — the holder's keys (never their secrets), oldest first. */
export const listAccessKeys: Operation<{ UserName?: string } & PageRequest> = {
  authorization: async (input, ctx) => [await onKeyHolder(ctx, 'iam:ListAccessKeys', input.UserName)],
  async handle(input, ctx) {
    const holder = await keyHolder(ctx, input.UserName);
    const page = paginate(await ctx.state.accounts.listAccessKeys(ctx.principal.accountId, holder.owner), input);
    return { AccessKeyMetadata: page.items.map((k) => metadata(k, holder)), ...pageFields(page) };
  },
};

/** iam:UpdateAccessKey — Active or Inactive (an inactive key no longer signs requests). */
export const updateAccessKey: Operation<{ UserName?: string; AccessKeyId: string; Status: string }> = {
  authorization: async (input, ctx) => [await onKeyHolder(ctx, 'iam:UpdateAccessKey', input.UserName)],
  async handle(input, ctx) {
    if (input.Status !== 'Active' && input.Status !== 'Inactive') {
      throw validationError(`1 validation error detected: Value '${input.Status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    const key = await holderKey(ctx, await keyHolder(ctx, input.UserName), input.AccessKeyId);
    await ctx.state.accounts.updateAccessKeyStatus(key.accessKeyId, input.Status);
    return {};
  },
};

/** iam:DeleteAccessKey — forgets the key at once. */
export const deleteAccessKey: Operation<{ UserName?: string; AccessKeyId: string }> = {
  authorization: async (input, ctx) => [await onKeyHolder(ctx, 'iam:DeleteAccessKey', input.UserName)],
  async handle(input, ctx) {
    const key = await holderKey(ctx, await keyHolder(ctx, input.UserName), input.AccessKeyId);
    await ctx.state.accounts.deleteAccessKey(key.accessKeyId);
    return {};
  },
};

/**
 * iam:GetAccessKeyLastUsed — sagelite does not record key use yet, so it answers as IAM does for
 * a key never used: ServiceName and Region "N/A", no date.
 */
export const getAccessKeyLastUsed: Operation<{ AccessKeyId: string }> = {
  authorization: async (input, ctx) => {
    const key = await ctx.state.accounts.getAccessKey(input.AccessKeyId);
    const user = key?.owner.type === 'user' ? await ctx.state.iam.getUserById(key.owner.userId) : undefined;
    const resource = user ? user.arn : `arn:aws:iam::${key?.accountId ?? ctx.principal.accountId}:root`;
    return [{ action: 'iam:GetAccessKeyLastUsed', resource, resourceAccount: key?.accountId ?? ctx.principal.accountId }];
  },
  async handle(input, ctx) {
    const key = await ctx.state.accounts.getAccessKey(input.AccessKeyId);
    if (!key || key.accountId !== ctx.principal.accountId || key.owner.type === 'session') throw accessKeyNotFound(input.AccessKeyId);
    const user = key.owner.type === 'user' ? await ctx.state.iam.getUserById(key.owner.userId) : undefined;
    return { ...(user ? { UserName: user.userName } : {}), AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
  },
};
