import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { ContextValue } from '../../auth/policy/index.js';
import { AwsError } from '../../core/errors.js';
import { KeyConflictError, type KmsKeyDocument } from '../../storage/kms.js';
import type { OperationContext } from '../operation.js';
import { aliasNotFound, invalidState, keyDisabled, keyNotFound } from './errors.js';
import { aliasArn, keyArn, keyReference, type KeyReference } from './key-ids.js';
import { exists } from './key-model.js';
import { SAVE_ATTEMPTS } from './limits.js';

/** A KeyId member resolved: the key's ARN, and the key if it exists (and the caller may learn so). */
export interface ResolvedKey {
  ref: KeyReference;
  arn: string;
  doc?: KmsKeyDocument;
  /** The alias the request named the key by (kms:RequestAlias). */
  alias?: string;
}

/**
 * The key a KeyId member names, following an alias. A missing key or alias of the caller's own
 * account is KMS's NotFoundException; one of another account is left absent, so that the
 * authorizer refuses it as AWS does, without saying whether it exists.
 */
export async function resolveKey(ctx: OperationContext, keyId: string, opts: { aliases?: boolean } = {}): Promise<ResolvedKey> {
  const ref = keyReference(ctx, keyId, opts);
  const own = ref.accountId === ctx.principal.accountId;
  const now = ctx.clock.now().getTime();
  let id: string;
  let alias: string | undefined;
  if (ref.kind === 'alias') {
    const found = await ctx.state.kms.getAlias(ref.accountId, ctx.region, ref.aliasName);
    if (!found) {
      if (own) throw aliasNotFound(aliasArn(ctx.region, ref.accountId, ref.aliasName));
      return { ref, arn: aliasArn(ctx.region, ref.accountId, ref.aliasName) };
    }
    id = found.targetKeyId;
    alias = ref.aliasName;
  } else {
    id = ref.keyId;
  }
  const arn = keyArn(ctx.region, ref.accountId, id);
  const doc = await ctx.state.kms.getKey(ref.accountId, ctx.region, id);
  if (!doc || !exists(doc, now)) {
    if (own) throw keyNotFound(arn);
    return { ref, arn, ...(alias ? { alias } : {}) };
  }
  return { ref, arn, doc, ...(alias ? { alias } : {}) };
}

/** The condition keys every operation on a key carries (kms:CallerAccount, the key's properties and tags, kms:ViaService). */
function keyContext(ctx: OperationContext, key: ResolvedKey): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'kms:CallerAccount': ctx.principal.accountId,
    'kms:KeySpec': 'SYMMETRIC_DEFAULT',
    'kms:KeyUsage': 'ENCRYPT_DECRYPT',
    'kms:KeyOrigin': 'AWS_KMS',
  };
  if (ctx.viaService) context['kms:ViaService'] = ctx.viaService;
  if (key.alias) context['kms:RequestAlias'] = key.alias;
  for (const t of key.doc?.tags ?? []) context[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
  return context;
}

/**
 * kms:<action> on a key, decided by its key policy (which must allow, as KMS's does) and the
 * caller's own policies; `extra` adds the request's condition keys (the encryption context's).
 */
export function onKey(ctx: OperationContext, action: string, key: ResolvedKey, extra: Record<string, ContextValue> = {}): AuthorizationRequest {
  const request: AuthorizationRequest = {
    action,
    resource: key.arn,
    resourceAccount: key.ref.accountId,
    context: { ...keyContext(ctx, key), ...extra },
  };
  if (!key.doc) return { ...request, absentResource: `no key ${key.arn} exists in account ${key.ref.accountId}` };
  return { ...request, resourcePolicy: { name: `key policy of ${key.arn}`, document: key.doc.policy, kind: 'resource', mustAllow: true } };
}

/**
 * Resolves the key a KeyId names and asks kms:<action> on it (the shape of most key operations'
 * authorization). Only the operations KMS lets another account call (`crossAccount`: the
 * cryptographic ones, DescribeKey, grants) reach another account's key; the others find none.
 */
export async function keyAuthorization(ctx: OperationContext, action: string, keyId: string, opts: { crossAccount?: boolean; extra?: Record<string, ContextValue> } = {}): Promise<AuthorizationRequest[]> {
  const key = await resolveKey(ctx, keyId);
  if (!opts.crossAccount && key.ref.accountId !== ctx.principal.accountId) throw keyNotFound(key.arn);
  return [onKey(ctx, action, key, opts.extra)];
}

/** The key after authorization: it exists, and the caller was allowed to learn so. */
export async function requireKey(ctx: OperationContext, keyId: string): Promise<KmsKeyDocument> {
  const key = await resolveKey(ctx, keyId);
  if (!key.doc) throw keyNotFound(key.arn);
  return key.doc;
}

/** A cryptographic operation needs an enabled key: a disabled one is DisabledException, one pending deletion KMSInvalidStateException. */
export function requireUsable(doc: KmsKeyDocument): void {
  if (doc.state === 'Disabled') throw keyDisabled(doc.arn);
  if (doc.state === 'PendingDeletion') throw invalidState(`${doc.arn} is pending deletion.`);
}

/** The key may be changed: it is the caller's own and, unless `pendingOk`, not pending deletion. AWS managed keys cannot be changed. */
export function requireChangeable(ctx: OperationContext, doc: KmsKeyDocument, opts: { pendingOk?: boolean } = {}): void {
  if (doc.accountId !== ctx.principal.accountId) throw keyNotFound(doc.arn);
  if (doc.keyManager === 'AWS') throw new AwsError('AccessDeniedException', 400, `${doc.arn} is an AWS managed key: its properties and key policy cannot be changed.`);
  if (!opts.pendingOk && doc.state === 'PendingDeletion') throw invalidState(`${doc.arn} is pending deletion.`);
}

/**
 * Reads the key, lets `change` decide and edit a copy, and saves it; when another writer saved
 * the key in between, reads and decides again.
 */
export async function changeKey<R>(ctx: OperationContext, keyId: string, change: (doc: KmsKeyDocument, now: number) => R): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const read = await requireKey(ctx, keyId);
    const now = ctx.clock.now().getTime();
    const doc: KmsKeyDocument = { ...structuredClone(read), revision: read.revision + 1 };
    const result = change(doc, now);
    try {
      await ctx.state.kms.saveKey(doc);
      return result;
    } catch (e) {
      if (!(e instanceof KeyConflictError) || attempt >= SAVE_ATTEMPTS) {
        throw e instanceof KeyConflictError ? new AwsError('KMSInternalException', 500, 'The key is being changed by another request. Try again.') : e;
      }
    }
  }
}
