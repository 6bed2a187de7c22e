import type { Tag } from '../../../storage/iam.js';
import type { Operation } from '../../operation.js';
import { iamResourceArn, requestTagContext, withContext } from '../arns.js';
import { entityAlreadyExists, nameTakenAs } from '../errors.js';
import { requireBoundaryPolicy } from '../boundaries.js';
import { initialTags } from '../tags.js';
import { userView } from '../views.js';

export interface CreateUserInput {
  UserName: string;
  Path?: string;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** iam:CreateUser — names are unique in the account without regard to case. */
export const createUser: Operation<CreateUserInput> = {
  authorization: (input, ctx) => [
    withContext(
      { action: 'iam:CreateUser', resource: iamResourceArn(ctx.principal.accountId, 'user', input.Path ?? '/', input.UserName), resourceAccount: ctx.principal.accountId },
      { ...requestTagContext(input.Tags), ...(input.PermissionsBoundary !== undefined ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
    ),
  ],
  async handle(input, ctx) {
    const iam = ctx.state.iam;
    const accountId = ctx.principal.accountId;
    const taken = () => entityAlreadyExists(`User with name ${input.UserName} already exists.`);
    if (await iam.getUser(accountId, input.UserName)) throw taken();
    const tags = initialTags(input.Tags, 'user');
    const boundary = input.PermissionsBoundary === undefined ? undefined : (await requireBoundaryPolicy(ctx, input.PermissionsBoundary)).arn;
    const user = await nameTakenAs(iam.createUser({ accountId, userName: input.UserName, path: input.Path ?? '/', tags, ...(boundary ? { permissionsBoundaryArn: boundary } : {}) }), taken);
    return { User: userView(user, 'full') };
  },
};
