import type { Operation } from '../../operation.js';
import { onList } from '../arns.js';
import { pageFields, paginate, type PageRequest } from '../paginate.js';
import { userView } from '../views.js';

export interface ListUsersInput extends PageRequest {
  PathPrefix?: string;
}

/** iam:ListUsers — by name, filtered by path prefix, paged; without tags or boundaries, as in IAM. */
export const listUsers: Operation<ListUsersInput> = {
  authorization: (input, ctx) => [onList(ctx, 'iam:ListUsers', 'user', input.PathPrefix)],
  async handle(input, ctx) {
    const page = paginate(await ctx.state.iam.listUsers(ctx.principal.accountId, input.PathPrefix), input);
    return { Users: page.items.map((u) => userView(u, 'list')), ...pageFields(page) };
  },
};
