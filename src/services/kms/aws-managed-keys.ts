import type { OperationContext } from '../operation.js';
import { AliasExistsError } from '../../storage/kms.js';
import { keyArn } from './key-ids.js';
import { exists } from './key-model.js';
import { newKey } from './keys.js';

/**
 * AWS managed keys (`aws/s3`): made by KMS the first time a service needs one for an account
 * and region, with the policy AWS gives them — any principal of the account may use the key,
 * only through that service; the account may read its metadata — and never changed after
 * (KeyManager AWS). Only the key's own account can use it: its policy names no other.
 */
function awsManagedPolicy(accountId: string, region: string, service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${service.toUpperCase()} for all principals in the account that are authorized to use ${service.toUpperCase()}`,
        Effect: 'Allow', Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*',
      },
    ],
  }, null, 2);
}

/** The ARN of the account's `aws/<service>` key in `region`, made (with its alias) if the account has none yet. */
export async function awsManagedKeyArn(ctx: OperationContext, accountId: string, region: string, service: string): Promise<string> {
  const aliasName = `alias/aws/${service}`;
  const now = ctx.clock.now().getTime();
  const found = await ctx.state.kms.getAlias(accountId, region, aliasName);
  if (found) {
    const key = await ctx.state.kms.getKey(accountId, region, found.targetKeyId);
    if (key && exists(key, now)) return key.arn;
  }
  return ctx.state.locks.withLock(`kms-aws-managed:${accountId}:${region}:${service}`, async () => {
    const again = await ctx.state.kms.getAlias(accountId, region, aliasName);
    if (again) return keyArn(region, accountId, again.targetKeyId);
    const doc = newKey({ ...ctx, region }, {
      accountId, description: `Default key that protects my ${service.toUpperCase()} objects when no other key is defined`,
      policy: awsManagedPolicy(accountId, region, service), tags: [], keyManager: 'AWS',
    });
    await ctx.state.kms.saveKey(doc);
    try {
      await ctx.state.kms.createAlias({ accountId, region, aliasName, targetKeyId: doc.keyId, createdAt: now, updatedAt: now });
      return doc.arn;
    } catch (e) {
      if (!(e instanceof AliasExistsError)) throw e;
      // Another process made it first: theirs is the account's key.
      const theirs = (await ctx.state.kms.getAlias(accountId, region, aliasName))!;
      return keyArn(region, accountId, theirs.targetKeyId);
    }
  });
}
