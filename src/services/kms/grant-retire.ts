import type { AuthorizationRequest } from '../../auth/authorizer.js';
import type { GrantEntry, GrantSet } from '../../auth/policy/index.js';
import type { KmsGrant } from '../../storage/kms.js';
import type { Operation, OperationContext } from '../operation.js';
import { dryRun, invalidGrantId, unsupported, validation } from './errors.js';
import { principalAccount } from './grant-access.js';
import { GRANT_ID, grantListEntry, readGrantToken } from './grant-model.js';
import { existingGrant, grantPageSize } from './grants.js';
import { keyArn } from './key-ids.js';
import { exists } from './key-model.js';
import { onKey, requireKey, resolveKey } from './key-access.js';
import { cursorMarker, readCursorMarker } from './pages.js';

/**
 * RetireGrant and ListRetirableGrants. A grant says who may retire it: its retiring principal,
 * its grantee when it allows RetireGrant — these without any IAM permission, from any account —
 * and, as a backup, the key's account and the account that made it, whose IAM principals need
 * kms:RetireGrant in their own policies (a key policy cannot give it). An IAM Deny of
 * kms:RetireGrant still refuses.
 */

interface RetireGrantInput {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
  DryRun?: boolean;
}

/** The key and grant a RetireGrant names: by its token, or by KeyId and GrantId. */
function target(input: RetireGrantInput): { keyId: string; grantId: string } {
  if (input.GrantToken !== undefined) {
    const t = readGrantToken(input.GrantToken);
    return { keyId: t.keyArn, grantId: t.grantId };
  }
  if (input.KeyId === undefined || input.GrantId === undefined) throw validation('Grant token OR (grant ID, key ID) must be specified');
  return { keyId: input.KeyId, grantId: input.GrantId };
}

const rootOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** Who may retire a grant, as the policy engine reads grants: each principal named, and whether it may. */
export function retirers(grant: KmsGrant, arn: string): GrantSet {
  const entry = (principal: string, permits: boolean, reason: string): GrantEntry => ({ id: grant.grantId, principal, principalBindings: grant.principalBindings, permits, reason });
  const keyRoot = rootOf(grant.accountId);
  return {
    name: `grant ${grant.grantId} on ${arn}: who may retire it`,
    decidesAcrossAccounts: true,
    grants: [
      ...(grant.retiringPrincipal !== undefined ? [entry(grant.retiringPrincipal, true, 'the retiring principal may retire the grant')] : []),
      entry(grant.granteePrincipal, grant.operations.includes('RetireGrant'),
        grant.operations.includes('RetireGrant') ? 'the grant allows RetireGrant: its grantee may retire it' : `the grantee may retire the grant only if it allows RetireGrant (it allows ${JSON.stringify(grant.operations)})`),
      entry(keyRoot, true, 'the key’s account may retire its grants (its IAM principals need kms:RetireGrant)'),
      ...(grant.issuingAccount !== keyRoot ? [entry(grant.issuingAccount, true, 'the account that made the grant may retire it (its IAM principals need kms:RetireGrant)')] : []),
    ],
  };
}

export const retireGrant: Operation<RetireGrantInput> = {
  authorization: async (input, ctx): Promise<AuthorizationRequest[]> => {
    const t = target(input);
    const key = await resolveKey(ctx, t.keyId);
    // A key policy cannot allow kms:RetireGrant: only the grant and the caller's IAM policies decide.
    const { resourcePolicy: _keyPolicy, ...request } = onKey(ctx, 'kms:RetireGrant', key);
    if (!key.doc) return [request];
    const grant = GRANT_ID.test(t.grantId) ? await ctx.state.kms.getGrant(key.doc.accountId, key.doc.region, key.doc.keyId, t.grantId) : undefined;
    if (!grant) {
      if (key.ref.accountId === ctx.principal.accountId) throw invalidGrantId(t.grantId);
      // Another account's caller learns nothing about the key from a grant id that names nothing.
      return [{ ...request, absentResource: `no grant ${t.grantId} exists on key ${key.arn}` }];
    }
    return [{ ...request, grants: retirers(grant, key.arn) }];
  },
  async handle(input, ctx) {
    const t = target(input);
    const doc = await requireKey(ctx, t.keyId);
    const grant = await existingGrant(ctx, doc, t.grantId);
    dryRun(input.DryRun);
    await ctx.state.kms.deleteGrant(doc.accountId, doc.region, doc.keyId, grant.grantId);
    return {};
  },
};

interface ListRetirableInput {
  Limit?: number;
  Marker?: string;
  RetiringPrincipal?: string;
  RetiringServicePrincipal?: string;
}

/** The grants of a page whose keys still exist; grants of a key past its deletion date are forgotten as they are met. */
async function ofLiveKeys(ctx: OperationContext, grants: readonly KmsGrant[]): Promise<KmsGrant[]> {
  const live = new Map<string, boolean>();
  const now = ctx.clock.now().getTime();
  const out: KmsGrant[] = [];
  for (const g of grants) {
    const id = `${g.accountId}/${g.keyId}`;
    let alive = live.get(id);
    if (alive === undefined) {
      const doc = await ctx.state.kms.getKey(g.accountId, g.region, g.keyId);
      alive = doc !== undefined && exists(doc, now);
      if (!alive) await ctx.state.kms.deleteKeyGrants(g.accountId, g.region, g.keyId);
      live.set(id, alive);
    }
    if (alive) out.push(g);
  }
  return out;
}

/**
 * kms:ListRetirableGrants (IAM policies only, on `*`): the grants, on any account's keys in the
 * region, whose retiring principal is the one named — which must be a principal of the caller's
 * own account, as KMS requires.
 */
export const listRetirableGrants: Operation<ListRetirableInput> = {
  authorization: (input, ctx) => {
    if (input.RetiringServicePrincipal !== undefined) throw unsupported('sagelite has no AWS service principals: grants name an account, user or role ARN.');
    if (input.RetiringPrincipal === undefined) throw validation('RetiringPrincipal is required: the ARN of a principal of your account.');
    const request: AuthorizationRequest = { action: 'kms:ListRetirableGrants', resource: '*' };
    if (principalAccount(input.RetiringPrincipal) !== ctx.principal.accountId) {
      return [{ ...request, absentResource: `${input.RetiringPrincipal} is not a principal of the caller's account ${ctx.principal.accountId}; ListRetirableGrants lists only what the caller's own account's principals may retire` }];
    }
    return [request];
  },
  async handle(input, ctx) {
    const principal = input.RetiringPrincipal!;
    const size = grantPageSize(input.Limit);
    const listing = `retirable:${ctx.region}:${principal}`;
    const after = readCursorMarker(input.Marker, listing);
    const rows = await ctx.state.kms.listRetirableGrants(ctx.region, principal, { ...(after ? { after } : {}), limit: size + 1 });
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    const more = rows.length > size && last !== undefined;
    const shown = await ofLiveKeys(ctx, page);
    return {
      Grants: shown.map((g) => grantListEntry(g, keyArn(g.region, g.accountId, g.keyId))),
      Truncated: more,
      ...(more ? { NextMarker: cursorMarker(last, listing) } : {}),
    };
  },
};
