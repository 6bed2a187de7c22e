import { randomBytes } from 'node:crypto';
import type { ContextValue } from '../../auth/policy/index.js';
import type { KmsKeyDocument } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { blobKey, open, seal, type EncryptionContext } from './ciphertext.js';
import { dryRun, incorrectKey, unsupported, validation } from './errors.js';
import { grantedKeyAuthorization, judgeUse, withGrants } from './grant-access.js';
import { checkGrantTokens } from './grant-model.js';
import { onKey, requireKey, requireUsable, resolveKey } from './key-access.js';
import { keyArn } from './key-ids.js';
import { MAX_CONTEXT_PAIRS } from './limits.js';

/**
 * KMS's cryptographic operations on symmetric keys: Encrypt, Decrypt, GenerateDataKey(WithoutPlaintext),
 * ReEncrypt and GenerateRandom. Each may reach another account's key (by its key or alias ARN),
 * allowed only where that key's policy (or a grant on it) and the caller's own policies both
 * allow; the encryption context is bound into every blob, offered to the policies as
 * kms:EncryptionContext:<key> and held against the grants' constraints. GrantTokens are
 * checked and add nothing: sagelite's grants take effect when made.
 */

const ALGORITHM = 'SYMMETRIC_DEFAULT';

/** The condition keys of an encryption context (kms:EncryptionContext:<key>, kms:EncryptionContextKeys). */
export function contextKeys(context: EncryptionContext | undefined): Record<string, ContextValue> {
  const pairs = Object.entries(context ?? {});
  if (pairs.length > MAX_CONTEXT_PAIRS) throw validation(`An encryption context can have at most ${MAX_CONTEXT_PAIRS} pairs in sagelite.`);
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of pairs) out[`kms:EncryptionContext:${k}`] = v;
  if (pairs.length > 0) out['kms:EncryptionContextKeys'] = pairs.map(([k]) => k);
  return out;
}

function checkAlgorithm(algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== ALGORITHM) throw unsupported(`sagelite's KMS keys are symmetric: their only encryption algorithm is ${ALGORITHM}, not ${algorithm}.`);
}

function material(ctx: OperationContext, doc: KmsKeyDocument): Buffer {
  return ctx.state.kmsRootKey.unseal(doc.sealedMaterial, doc.arn);
}

function encryptUnder(ctx: OperationContext, doc: KmsKeyDocument, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
  requireUsable(doc);
  return seal(material(ctx, doc), { accountId: doc.accountId, keyId: doc.keyId }, plaintext, context);
}

/** The key ARN a blob names, in the request's region (KMS keys are regional: a blob opens where it was made). */
function blobKeyArn(ctx: OperationContext, blob: Buffer): string {
  const k = blobKey(blob);
  return keyArn(ctx.region, k.accountId, k.keyId);
}

/** The key that opens a blob; a KeyId given must name that same key (IncorrectKeyException). */
async function blobOwnerKey(ctx: OperationContext, blob: Buffer, keyId: string | undefined) {
  const key = await resolveKey(ctx, blobKeyArn(ctx, blob));
  if (keyId !== undefined && (await resolveKey(ctx, keyId)).arn !== key.arn) throw incorrectKey();
  return key;
}

/** kms:<operation> on the key a KeyId names, with the encryption context's condition keys and the grants naming the caller. */
function useOfKey(ctx: OperationContext, operation: string, keyId: string, context: EncryptionContext | undefined, tokens: readonly string[] | undefined) {
  checkGrantTokens(tokens);
  return grantedKeyAuthorization(ctx, operation, keyId, { context, extra: contextKeys(context) });
}

/** kms:<operation> on the key that made a blob (Decrypt, ReEncryptFrom). */
async function useOfBlobKey(ctx: OperationContext, operation: string, blob: Buffer, keyId: string | undefined, context: EncryptionContext | undefined) {
  const key = await blobOwnerKey(ctx, blob, keyId);
  return withGrants(ctx, onKey(ctx, `kms:${operation}`, key, contextKeys(context)), key, judgeUse(operation, context));
}

interface EncryptInput { KeyId: string; Plaintext: Buffer; EncryptionContext?: EncryptionContext; EncryptionAlgorithm?: string; DryRun?: boolean; GrantTokens?: string[] }

export const encrypt: Operation<EncryptInput> = {
  authorization: (input, ctx) => useOfKey(ctx, 'Encrypt', input.KeyId, input.EncryptionContext, input.GrantTokens),
  async handle(input, ctx) {
    checkAlgorithm(input.EncryptionAlgorithm);
    const doc = await requireKey(ctx, input.KeyId);
    requireUsable(doc);
    dryRun(input.DryRun);
    return { CiphertextBlob: encryptUnder(ctx, doc, input.Plaintext, input.EncryptionContext), KeyId: doc.arn, EncryptionAlgorithm: ALGORITHM };
  },
};

interface DecryptInput { CiphertextBlob: Buffer; KeyId?: string; EncryptionContext?: EncryptionContext; EncryptionAlgorithm?: string; DryRun?: boolean; Recipient?: unknown; GrantTokens?: string[] }

export const decrypt: Operation<DecryptInput> = {
  authorization: async (input, ctx) => {
    checkGrantTokens(input.GrantTokens);
    return [await useOfBlobKey(ctx, 'Decrypt', input.CiphertextBlob, input.KeyId, input.EncryptionContext)];
  },
  async handle(input, ctx) {
    checkAlgorithm(input.EncryptionAlgorithm);
    if (input.Recipient !== undefined) throw unsupported('sagelite does not run Nitro Enclaves: Recipient is not supported.');
    const doc = await requireKey(ctx, blobKeyArn(ctx, input.CiphertextBlob));
    requireUsable(doc);
    dryRun(input.DryRun);
    return { Plaintext: open(material(ctx, doc), input.CiphertextBlob, input.EncryptionContext), KeyId: doc.arn, EncryptionAlgorithm: ALGORITHM };
  },
};

interface DataKeyInput { KeyId: string; EncryptionContext?: EncryptionContext; NumberOfBytes?: number; KeySpec?: string; DryRun?: boolean; Recipient?: unknown; GrantTokens?: string[] }

/** A data key's length: KeySpec AES_256 or AES_128, or NumberOfBytes — exactly one of them. */
function dataKeyBytes(input: DataKeyInput): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) throw validation('Please specify either number of bytes or key spec.');
  if (input.KeySpec !== undefined) return input.KeySpec === 'AES_128' ? 16 : 32;
  return input.NumberOfBytes!;
}

async function generateDataKey(input: DataKeyInput, ctx: OperationContext) {
  const bytes = dataKeyBytes(input);
  if (input.Recipient !== undefined) throw unsupported('sagelite does not run Nitro Enclaves: Recipient is not supported.');
  const doc = await requireKey(ctx, input.KeyId);
  requireUsable(doc);
  dryRun(input.DryRun);
  const plaintext = randomBytes(bytes);
  return { doc, plaintext, blob: encryptUnder(ctx, doc, plaintext, input.EncryptionContext) };
}

export const generateDataKeyOp: Operation<DataKeyInput> = {
  authorization: (input, ctx) => useOfKey(ctx, 'GenerateDataKey', input.KeyId, input.EncryptionContext, input.GrantTokens),
  async handle(input, ctx) {
    const { doc, plaintext, blob } = await generateDataKey(input, ctx);
    return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: doc.arn };
  },
};

export const generateDataKeyWithoutPlaintext: Operation<DataKeyInput> = {
  authorization: (input, ctx) => useOfKey(ctx, 'GenerateDataKeyWithoutPlaintext', input.KeyId, input.EncryptionContext, input.GrantTokens),
  async handle(input, ctx) {
    const { doc, blob } = await generateDataKey(input, ctx);
    return { CiphertextBlob: blob, KeyId: doc.arn };
  },
};

interface ReEncryptInput {
  CiphertextBlob: Buffer;
  SourceKeyId?: string;
  SourceEncryptionContext?: EncryptionContext;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContext;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
  DryRun?: boolean;
  GrantTokens?: string[];
}

/** kms:ReEncryptFrom on the key that made the blob, kms:ReEncryptTo on the destination: the plaintext never leaves KMS. */
export const reEncrypt: Operation<ReEncryptInput> = {
  authorization: async (input, ctx) => [
    await useOfBlobKey(ctx, 'ReEncryptFrom', input.CiphertextBlob, input.SourceKeyId, input.SourceEncryptionContext),
    ...(await useOfKey(ctx, 'ReEncryptTo', input.DestinationKeyId, input.DestinationEncryptionContext, input.GrantTokens)),
  ],
  async handle(input, ctx) {
    checkAlgorithm(input.SourceEncryptionAlgorithm);
    checkAlgorithm(input.DestinationEncryptionAlgorithm);
    const source = await requireKey(ctx, blobKeyArn(ctx, input.CiphertextBlob));
    const destination = await requireKey(ctx, input.DestinationKeyId);
    requireUsable(source);
    requireUsable(destination);
    dryRun(input.DryRun);
    const plaintext = open(material(ctx, source), input.CiphertextBlob, input.SourceEncryptionContext);
    return {
      CiphertextBlob: encryptUnder(ctx, destination, plaintext, input.DestinationEncryptionContext),
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: ALGORITHM,
      DestinationEncryptionAlgorithm: ALGORITHM,
    };
  },
};

/** kms:GenerateRandom: random bytes, no key involved. */
export const generateRandom: Operation<{ NumberOfBytes?: number; CustomKeyStoreId?: string; Recipient?: unknown }> = {
  authorization: () => [{ action: 'kms:GenerateRandom', resource: '*' }],
  handle(input) {
    if (input.NumberOfBytes === undefined) throw validation('NumberOfBytes is required: 1 to 1024.');
    if (input.CustomKeyStoreId !== undefined) throw unsupported('sagelite has no custom key stores.');
    if (input.Recipient !== undefined) throw unsupported('sagelite does not run Nitro Enclaves: Recipient is not supported.');
    return { Plaintext: randomBytes(input.NumberOfBytes) };
  },
};
