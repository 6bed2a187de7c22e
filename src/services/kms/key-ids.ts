import type { OperationContext } from '../operation.js';
import { invalidArn, invalidKeyId } from './errors.js';

/** A key's id as KMS makes them: a version-4 UUID, lower-case. */
export const KEY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/** What a KeyId member names: a key (by id or ARN) or an alias (by name or ARN), in an account. */
export type KeyReference =
  | { kind: 'key'; accountId: string; keyId: string }
  | { kind: 'alias'; accountId: string; aliasName: string };

export const keyArn = (region: string, accountId: string, keyId: string): string => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArn = (region: string, accountId: string, aliasName: string): string => `arn:aws:kms:${region}:${accountId}:${aliasName}`;

/**
 * Reads a KeyId member as KMS does: a key id or alias name is the caller's; a key or alias ARN
 * may name another account's (the only way to reach one), and must be of the request's region.
 *
 * @example
 * keyReference(ctx, 'alias/orders'); // { kind: 'alias', accountId: <caller>, aliasName: 'alias/orders' }
 */
export function keyReference(ctx: OperationContext, keyId: string, opts: { aliases?: boolean } = {}): KeyReference {
  const aliases = opts.aliases ?? true;
  const arn = KEY_ARN.exec(keyId) ?? (aliases ? ALIAS_ARN.exec(keyId) : null);
  if (arn) {
    if (arn[1] !== ctx.region) throw invalidArn(arn[1]!);
    if (arn[3]!.startsWith('alias/')) return { kind: 'alias', accountId: arn[2]!, aliasName: arn[3]! };
    if (!KEY_UUID.test(arn[3]!)) throw invalidKeyId(keyId);
    return { kind: 'key', accountId: arn[2]!, keyId: arn[3]! };
  }
  if (aliases && keyId.startsWith('alias/')) return { kind: 'alias', accountId: ctx.principal.accountId, aliasName: keyId };
  if (!KEY_UUID.test(keyId)) throw invalidKeyId(keyId);
  return { kind: 'key', accountId: ctx.principal.accountId, keyId };
}
