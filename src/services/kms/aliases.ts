import type { AuthorizationRequest } from '../../auth/authorizer.js';
import { AliasExistsError } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { alreadyExists, aliasNotFound, limitExceeded, notAuthorized, validation } from './errors.js';
import { onKey, requireChangeable, resolveKey, type ResolvedKey } from './key-access.js';
import { aliasArn } from './key-ids.js';
import { exists } from './key-model.js';
import { MAX_ALIASES_PER_ACCOUNT } from './limits.js';
import { listed, page } from './pages.js';

/**
 * Aliases: friendly names for the caller's keys. An alias has no policy of its own: kms:<action>
 * on the alias ARN is decided by the caller's IAM policies, and on the key by its key policy, as
 * KMS decides (both must allow).
 */

/** An alias name KMS accepts: `alias/` and letters, digits, `/`, `_`, `-`; `alias/aws/` is AWS's. */
function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) throw validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) throw validation(`Alias ${name} contains invalid characters for an alias`);
  if (name.startsWith('alias/aws/')) throw notAuthorized(`Alias names beginning with alias/aws/ are reserved for AWS managed keys: ${name}.`);
}

/** The key an alias may point at: one of the caller's own, named by key id or key ARN (not by another alias). */
async function targetKey(ctx: OperationContext, keyId: string): Promise<ResolvedKey> {
  const key = await resolveKey(ctx, keyId, { aliases: false });
  if (key.ref.accountId !== ctx.principal.accountId) throw validation(`An alias can point only at a key of its own account: ${keyId}.`);
  return key;
}

/** kms:<action> on the alias ARN (IAM policies alone decide it: an alias has no policy). */
function onAlias(ctx: OperationContext, action: string, name: string): AuthorizationRequest {
  return { action, resource: aliasArn(ctx.region, ctx.principal.accountId, name), resourceAccount: ctx.principal.accountId };
}

async function existingAlias(ctx: OperationContext, name: string) {
  checkAliasName(name);
  const alias = await ctx.state.kms.getAlias(ctx.principal.accountId, ctx.region, name);
  if (!alias) throw aliasNotFound(aliasArn(ctx.region, ctx.principal.accountId, name));
  return alias;
}

export const createAlias: Operation<{ AliasName: string; TargetKeyId: string }> = {
  authorization: async (input, ctx) => [onAlias(ctx, 'kms:CreateAlias', input.AliasName), onKey(ctx, 'kms:CreateAlias', await targetKey(ctx, input.TargetKeyId))],
  async handle(input, ctx) {
    checkAliasName(input.AliasName);
    const key = await targetKey(ctx, input.TargetKeyId);
    requireChangeable(ctx, key.doc!);
    const me = ctx.principal.accountId;
    const now = ctx.clock.now().getTime();
    await ctx.state.locks.withLock(`kms-aliases:${me}:${ctx.region}`, async () => {
      if ((await ctx.state.kms.listAliases(me, ctx.region)).length >= MAX_ALIASES_PER_ACCOUNT) throw limitExceeded(`This account has ${MAX_ALIASES_PER_ACCOUNT} aliases in ${ctx.region}, the most sagelite keeps.`);
      try {
        await ctx.state.kms.createAlias({ accountId: me, region: ctx.region, aliasName: input.AliasName, targetKeyId: key.doc!.keyId, createdAt: now, updatedAt: now });
      } catch (e) {
        if (e instanceof AliasExistsError) throw alreadyExists(`An alias with the name ${aliasArn(ctx.region, me, input.AliasName)} already exists`);
        throw e;
      }
    });
    return {};
  },
};

/** kms:UpdateAlias on the alias, the key it leaves and the key it moves to. */
export const updateAlias: Operation<{ AliasName: string; TargetKeyId: string }> = {
  authorization: async (input, ctx) => {
    const alias = await existingAlias(ctx, input.AliasName);
    return [
      onAlias(ctx, 'kms:UpdateAlias', input.AliasName),
      onKey(ctx, 'kms:UpdateAlias', await resolveKey(ctx, alias.targetKeyId, { aliases: false })),
      onKey(ctx, 'kms:UpdateAlias', await targetKey(ctx, input.TargetKeyId)),
    ];
  },
  async handle(input, ctx) {
    await existingAlias(ctx, input.AliasName);
    const key = await targetKey(ctx, input.TargetKeyId);
    requireChangeable(ctx, key.doc!);
    await ctx.state.kms.updateAlias(ctx.principal.accountId, ctx.region, input.AliasName, key.doc!.keyId, ctx.clock.now().getTime());
    return {};
  },
};

export const deleteAlias: Operation<{ AliasName: string }> = {
  authorization: async (input, ctx) => {
    const alias = await existingAlias(ctx, input.AliasName);
    const key = await resolveKey(ctx, alias.targetKeyId, { aliases: false }).catch(() => undefined);
    return [onAlias(ctx, 'kms:DeleteAlias', input.AliasName), ...(key ? [onKey(ctx, 'kms:DeleteAlias', key)] : [])];
  },
  async handle(input, ctx) {
    await existingAlias(ctx, input.AliasName);
    await ctx.state.kms.deleteAlias(ctx.principal.accountId, ctx.region, input.AliasName);
    return {};
  },
};

/** kms:ListAliases: the caller's aliases (of one key, with KeyId), those of deleted keys left out. */
export const listAliases: Operation<{ KeyId?: string; Limit?: number; Marker?: string }> = {
  authorization: () => [{ action: 'kms:ListAliases', resource: '*' }],
  async handle(input, ctx) {
    const me = ctx.principal.accountId;
    const now = ctx.clock.now().getTime();
    const only = input.KeyId !== undefined ? (await targetKey(ctx, input.KeyId)).doc!.keyId : undefined;
    const live = new Set((await ctx.state.kms.listKeys(me, ctx.region)).filter((k) => exists(k, now)).map((k) => k.keyId));
    const rows = (await ctx.state.kms.listAliases(me, ctx.region))
      .filter((a) => live.has(a.targetKeyId) && (only === undefined || a.targetKeyId === only))
      .map((a) => ({ AliasName: a.aliasName, AliasArn: aliasArn(ctx.region, me, a.aliasName), TargetKeyId: a.targetKeyId, CreationDate: new Date(a.createdAt), LastUpdatedDate: new Date(a.updatedAt) }));
    return listed('Aliases', page(rows, `aliases:${only ?? ''}`, input.Marker, input.Limit));
  },
};
