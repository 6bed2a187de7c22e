import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { iamResourceArn, requestTagContext, withContext } from '../arns.js';
import { requireBoundaryPolicy } from '../boundaries.js';
import { entityAlreadyExists, nameTakenAs } from '../errors.js';
import { checkTrustDocument } from '../policy-documents.js';
import { initialTags } from '../tags.js';
import { bindTrustPrincipals, displayedTrustPolicy } from '../trust.js';
import { roleView } from '../views.js';

export interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** The default MaxSessionDuration of a role: one hour. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/**
 * iam:CreateRole — the trust policy is compiled as kind 'trust', limited to 2048 characters, and
 * its user/role principals must exist; they are bound to their unique ids (see trust.ts).
 */
export const createRole: Operation<CreateRoleInput> = {
  authorization: (input, ctx) => [
    withContext(
      { action: 'iam:CreateRole', resource: iamResourceArn(ctx.principal.accountId, 'role', input.Path ?? '/', input.RoleName), resourceAccount: ctx.principal.accountId },
      { ...requestTagContext(input.Tags), ...(input.PermissionsBoundary !== undefined ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
    ),
  ],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const accountId = ctx.principal.accountId;
    const taken = () => entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
    if (await iam.getRole(accountId, input.RoleName)) throw taken();
    checkTrustDocument(input.AssumeRolePolicyDocument);
    const trustPrincipalBindings = await bindTrustPrincipals(iam, input.AssumeRolePolicyDocument);
    const tags = initialTags(input.Tags, 'role');
    const boundary = input.PermissionsBoundary === undefined ? undefined : (await requireBoundaryPolicy(ctx, input.PermissionsBoundary)).arn;
    const role = await nameTakenAs(
      iam.createRole({
        accountId,
        roleName: input.RoleName,
        path: input.Path ?? '/',
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
        assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
        trustPrincipalBindings,
        ...(boundary ? { permissionsBoundaryArn: boundary } : {}),
        tags,
      }),
      taken,
    );
    return { Role: roleView(role, await displayedTrustPolicy(iam, role), 'created') };
  },
};
