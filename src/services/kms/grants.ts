import { randomBytes, randomUUID } from 'node:crypto';
import type { ContextValue } from '../../auth/policy/index.js';
import type { KmsGrant, KmsGrantConstraints, KmsKeyDocument } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { dryRun, invalidGrantId, invalidState, limitExceeded, unsupported, validation } from './errors.js';
import { bindGrantPrincipal, principalAccount, withGrants } from './grant-access.js';
import { checkConstraints, checkGrantTokens, checkOperations, constraintType, GRANT_ID, grantListEntry, grantToken, idempotencyKey, narrowEnough } from './grant-model.js';
import { onKey, requireKey, resolveKey } from './key-access.js';
import { DEFAULT_GRANT_PAGE, MAX_GRANT_PAGE, MAX_GRANTS_PER_GRANTEE, MAX_GRANTS_PER_KEY, MAX_GRANTS_PER_OTHER_ACCOUNT } from './limits.js';
import { cursorMarker, readCursorMarker } from './pages.js';

/**
 * CreateGrant, ListGrants and RevokeGrant: grants on a key, made and managed by whom its key
 * policy (and, in another account, the caller's own IAM policy) allows kms:CreateGrant,
 * kms:ListGrants, kms:RevokeGrant — or, for CreateGrant, a grant allowing CreateGrant, whose
 * grantee may make grants no wider than its own. RetireGrant is in grant-retire.ts.
 */

interface CreateGrantInput {
  KeyId: string;
  GranteePrincipal?: string;
  RetiringPrincipal?: string;
  Operations: string[];
  Constraints?: KmsGrantConstraints & { SourceArn?: string };
  GrantTokens?: string[];
  Name?: string;
  DryRun?: boolean;
  GranteeServicePrincipal?: string;
  RetiringServicePrincipal?: string;
}

/** The grant a CreateGrant request asks for, read and checked before anything is looked up. */
interface RequestedGrant {
  grantee: string;
  retiring?: string;
  operations: string[];
  constraints?: KmsGrantConstraints;
}

function requested(input: CreateGrantInput): RequestedGrant {
  if (input.GranteeServicePrincipal !== undefined || input.RetiringServicePrincipal !== undefined) {
    throw unsupported('sagelite has no AWS service principals: a grant names an account, user or role ARN.');
  }
  if (input.GranteePrincipal === undefined) throw validation('GranteePrincipal is required: the ARN of an account, user or role.');
  principalAccount(input.GranteePrincipal);
  if (input.RetiringPrincipal !== undefined) principalAccount(input.RetiringPrincipal);
  const constraints = checkConstraints(input.Constraints);
  return {
    grantee: input.GranteePrincipal,
    ...(input.RetiringPrincipal !== undefined ? { retiring: input.RetiringPrincipal } : {}),
    operations: checkOperations(input.Operations),
    ...(constraints ? { constraints } : {}),
  };
}

/** The condition keys CreateGrant offers the policies (kms:GrantOperations, kms:GranteePrincipal, …). */
function grantContext(ctx: OperationContext, g: RequestedGrant): Record<string, ContextValue> {
  const type = constraintType(g.constraints);
  return {
    'kms:GrantOperations': g.operations,
    'kms:GranteePrincipal': g.grantee,
    ...(g.retiring !== undefined ? { 'kms:RetiringPrincipal': g.retiring } : {}),
    ...(type ? { 'kms:GrantConstraintType': type } : {}),
    'kms:GrantIsForAWSResource': ctx.viaService !== undefined,
  };
}

const rootOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/**
 * Saves the grant under the key's grant lock, within the key's bounds: all its grants, one
 * grantee's, and those principals of one other account made. A named grant made before is
 * found again even on a full key.
 */
async function saveWithinBounds(ctx: OperationContext, doc: KmsKeyDocument, grant: KmsGrant): Promise<KmsGrant> {
  const kms = ctx.state.kms;
  const where = [doc.accountId, doc.region, doc.keyId] as const;
  let full: string | undefined;
  if ((await kms.countGrants(...where)) >= MAX_GRANTS_PER_KEY) full = `${doc.arn} has ${MAX_GRANTS_PER_KEY} grants, the most sagelite keeps on a key.`;
  else if ((await kms.countGrants(...where, { granteePrincipal: grant.granteePrincipal })) >= MAX_GRANTS_PER_GRANTEE) {
    full = `${doc.arn} has ${MAX_GRANTS_PER_GRANTEE} grants for ${grant.granteePrincipal}, the most a key has for one grantee principal.`;
  } else if (grant.issuingAccount !== rootOf(doc.accountId) && (await kms.countGrants(...where, { issuingAccount: grant.issuingAccount })) >= MAX_GRANTS_PER_OTHER_ACCOUNT) {
    full = `${doc.arn} has ${MAX_GRANTS_PER_OTHER_ACCOUNT} grants made by account ${ctx.principal.accountId}, the most sagelite lets another account make on a key.`;
  }
  if (full === undefined) return (await kms.createGrant(grant)).grant;
  if (grant.idempotencyKey !== undefined) {
    const again = await kms.createGrant(grant);
    if (!again.created) return again.grant;
    await kms.deleteGrant(...where, grant.grantId);
  }
  throw limitExceeded(full);
}

/**
 * kms:CreateGrant on the key, with the new grant's condition keys; a grant allowing CreateGrant
 * counts only where the new grant is within it (its operations, a constraint as strict).
 */
export const createGrant: Operation<CreateGrantInput> = {
  authorization: async (input, ctx) => {
    checkGrantTokens(input.GrantTokens);
    const g = requested(input);
    const key = await resolveKey(ctx, input.KeyId);
    return [await withGrants(ctx, onKey(ctx, 'kms:CreateGrant', key, grantContext(ctx, g)), key, (parent) => {
      if (!parent.operations.includes('CreateGrant')) return { permits: false, reason: `grant allows ${JSON.stringify(parent.operations)}, not CreateGrant` };
      const within = narrowEnough(parent, g);
      return { permits: within.ok, reason: `grant allows CreateGrant; ${within.reason}` };
    })];
  },
  async handle(input, ctx) {
    const g = requested(input);
    const doc = await requireKey(ctx, input.KeyId);
    if (doc.state === 'PendingDeletion') throw invalidState(`${doc.arn} is pending deletion.`);
    const bindings = { ...(await bindGrantPrincipal(ctx, g.grantee)), ...(g.retiring !== undefined ? await bindGrantPrincipal(ctx, g.retiring) : {}) };
    dryRun(input.DryRun);
    const fields = {
      ...(input.Name !== undefined ? { name: input.Name } : {}),
      granteePrincipal: g.grantee,
      ...(g.retiring !== undefined ? { retiringPrincipal: g.retiring } : {}),
      issuingAccount: rootOf(ctx.principal.accountId),
      operations: g.operations,
      ...(g.constraints ? { constraints: g.constraints } : {}),
    };
    const digest = idempotencyKey(fields);
    const grant: KmsGrant = {
      grantId: randomBytes(32).toString('hex'), accountId: doc.accountId, region: doc.region, keyId: doc.keyId, ...fields,
      principalBindings: bindings, createdAt: ctx.clock.now().getTime(), ...(digest !== undefined ? { idempotencyKey: digest } : {}),
    };
    const saved = await ctx.state.locks.withLock(`kms-grants:${doc.arn}`, () => saveWithinBounds(ctx, doc, grant));
    return { GrantToken: grantToken(doc.arn, saved.grantId, randomUUID()), GrantId: saved.grantId };
  },
};

/** kms:ListGrants and kms:RevokeGrant: on the key, by its key policy (another account's key too, by key ARN). */
async function onGrantsOf(ctx: OperationContext, action: string, keyId: string) {
  const key = await resolveKey(ctx, keyId);
  return [onKey(ctx, action, key, { 'kms:GrantIsForAWSResource': ctx.viaService !== undefined })];
}

/** The grant a GrantId names on the key: a malformed or unknown id is InvalidGrantIdException. */
export async function existingGrant(ctx: OperationContext, doc: KmsKeyDocument, grantId: string): Promise<KmsGrant> {
  const grant = GRANT_ID.test(grantId) ? await ctx.state.kms.getGrant(doc.accountId, doc.region, doc.keyId, grantId) : undefined;
  if (!grant) throw invalidGrantId(grantId);
  return grant;
}

/** A page size: Limit, or 50; never more than 100. */
export const grantPageSize = (limit: number | undefined): number => Math.min(limit ?? DEFAULT_GRANT_PAGE, MAX_GRANT_PAGE);

export const listGrants: Operation<{ KeyId: string; Limit?: number; Marker?: string; GrantId?: string; GranteePrincipal?: string; GranteeServicePrincipal?: string }> = {
  authorization: (input, ctx) => onGrantsOf(ctx, 'kms:ListGrants', input.KeyId),
  async handle(input, ctx) {
    if (input.GranteeServicePrincipal !== undefined) throw unsupported('sagelite has no AWS service principals: grants name an account, user or role ARN.');
    const doc = await requireKey(ctx, input.KeyId);
    if (input.GrantId !== undefined) {
      if (!GRANT_ID.test(input.GrantId)) throw invalidGrantId(input.GrantId);
      const one = await ctx.state.kms.getGrant(doc.accountId, doc.region, doc.keyId, input.GrantId);
      const shown = one && (input.GranteePrincipal === undefined || one.granteePrincipal === input.GranteePrincipal) ? [one] : [];
      return { Grants: shown.map((g) => grantListEntry(g, doc.arn)), Truncated: false };
    }
    const size = grantPageSize(input.Limit);
    const listing = `grants:${doc.arn}:${input.GranteePrincipal ?? ''}`;
    const rows = await ctx.state.kms.listGrants(doc.accountId, doc.region, doc.keyId, {
      ...(input.GranteePrincipal !== undefined ? { granteePrincipal: input.GranteePrincipal } : {}),
      ...(input.Marker !== undefined ? { after: readCursorMarker(input.Marker, listing)! } : {}),
      limit: size + 1,
    });
    const shown = rows.slice(0, size);
    const last = shown[shown.length - 1];
    const more = rows.length > size && last !== undefined;
    return { Grants: shown.map((g) => grantListEntry(g, doc.arn)), Truncated: more, ...(more ? { NextMarker: cursorMarker(last, listing) } : {}) };
  },
};

export const revokeGrant: Operation<{ KeyId: string; GrantId: string; DryRun?: boolean }> = {
  authorization: (input, ctx) => onGrantsOf(ctx, 'kms:RevokeGrant', input.KeyId),
  async handle(input, ctx) {
    const doc = await requireKey(ctx, input.KeyId);
    const grant = await existingGrant(ctx, doc, input.GrantId);
    dryRun(input.DryRun);
    await ctx.state.kms.deleteGrant(doc.accountId, doc.region, doc.keyId, grant.grantId);
    return {};
  },
};
