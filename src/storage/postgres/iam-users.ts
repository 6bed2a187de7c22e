import type { Clock } from '../../core/clock.js';
import { writeTags } from './iam-tags.js';
import { newUniqueId } from '../../core/ids.js';
import type { IamGroup, IamUser, NewGroup, NewUser, Tag } from '../iam.js';
import { byName, mapRow, toGroup, toUser, underPath, type GroupRow, type UserRow } from '../sqlite/iam-rows.js';
import type { Queryable } from './database.js';
import { all, changed, one, writeUnique, type PgIamAccess } from './iam-access.js';

/**
 * IAM users, groups and group membership on PostgreSQL (iam_users, iam_groups,
 * iam_group_members): one family of {@link PgIamStore}. Deleting removes the row only (and its
 * memberships, by cascade); the store deletes the entity's inline policies and attachments with it
 * in the same transaction. Reads take a `q` so that a caller's snapshot can serve them.
 */
export class PgIamUsers {
  constructor(private readonly access: PgIamAccess, private readonly clock: Clock) {}

  // ---- users --------------------------------------------------------------------------------

  async getUser(accountId: string, userName: string, q: Queryable = this.access.pool): Promise<IamUser | undefined> {
    return mapRow(await one<UserRow>(q, 'SELECT * FROM iam_users WHERE account_id = $1 AND lower(user_name) = lower($2)', [accountId, userName]), toUser);
  }

  async getUserById(userId: string, q: Queryable = this.access.pool): Promise<IamUser | undefined> {
    return mapRow(await one<UserRow>(q, 'SELECT * FROM iam_users WHERE user_id = $1', [userId]), toUser);
  }

  async createUser(input: NewUser): Promise<IamUser> {
    const row = await writeUnique('user', input.userName, () =>
      this.access.write((c) =>
        one<UserRow>(c,
          `INSERT INTO iam_users (user_id, account_id, user_name, path, created_at, permissions_boundary_arn, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [newUniqueId('AIDA'), input.accountId, input.userName, input.path, this.clock.now().getTime(), input.permissionsBoundaryArn ?? null, JSON.stringify(input.tags)],
        ),
      ),
    );
    return toUser(row!);
  }

  async updateUser(userId: string, changes: { userName?: string; path?: string }): Promise<IamUser> {
    // Only a new name can clash; an absent one keeps the row's.
    const row = await writeUnique('user', changes.userName ?? userId, () =>
      this.access.write((c) =>
        one<UserRow>(c, 'UPDATE iam_users SET user_name = COALESCE($2, user_name), path = COALESCE($3, path) WHERE user_id = $1 RETURNING *', [
          userId,
          changes.userName ?? null,
          changes.path ?? null,
        ]),
      ),
    );
    if (!row) throw new Error(`no user ${userId}`);
    return toUser(row);
  }

  /** The user's row only, inside the caller's transaction (see the class comment). */
  async deleteUserRow(c: Queryable, userId: string): Promise<void> {
    await c.query('DELETE FROM iam_users WHERE user_id = $1', [userId]);
  }

  async listUsers(accountId: string, pathPrefix?: string): Promise<IamUser[]> {
    const rows = await all<UserRow>(this.access.pool, 'SELECT * FROM iam_users WHERE account_id = $1', [accountId]);
    return underPath(rows.map(toUser), pathPrefix).sort(byName((u) => u.userName));
  }

  async setUserTags(userId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
    await this.access.write((c) => writeTags(c, 'iam_users', 'user_id', userId, tags));
  }

  async setUserPermissionsBoundary(userId: string, policyArn: string | undefined): Promise<void> {
    await this.access.write((c) => c.query('UPDATE iam_users SET permissions_boundary_arn = $2 WHERE user_id = $1', [userId, policyArn ?? null]));
  }

  // ---- groups -------------------------------------------------------------------------------

  async createGroup(input: NewGroup): Promise<IamGroup> {
    const row = await writeUnique('group', input.groupName, () =>
      this.access.write((c) =>
        one<GroupRow>(c, 'INSERT INTO iam_groups (group_id, account_id, group_name, path, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
          newUniqueId('AGPA'),
          input.accountId,
          input.groupName,
          input.path,
          this.clock.now().getTime(),
        ]),
      ),
    );
    return toGroup(row!);
  }

  async getGroup(accountId: string, groupName: string): Promise<IamGroup | undefined> {
    return mapRow(await one<GroupRow>(this.access.pool, 'SELECT * FROM iam_groups WHERE account_id = $1 AND lower(group_name) = lower($2)', [accountId, groupName]), toGroup);
  }

  async updateGroup(groupId: string, changes: { groupName?: string; path?: string }): Promise<IamGroup> {
    const row = await writeUnique('group', changes.groupName ?? groupId, () =>
      this.access.write((c) =>
        one<GroupRow>(c, 'UPDATE iam_groups SET group_name = COALESCE($2, group_name), path = COALESCE($3, path) WHERE group_id = $1 RETURNING *', [
          groupId,
          changes.groupName ?? null,
          changes.path ?? null,
        ]),
      ),
    );
    if (!row) throw new Error(`no group ${groupId}`);
    return toGroup(row);
  }

  /** The group's row only, inside the caller's transaction (see the class comment). */
  async deleteGroupRow(c: Queryable, groupId: string): Promise<void> {
    await c.query('DELETE FROM iam_groups WHERE group_id = $1', [groupId]);
  }

  async listGroups(accountId: string, pathPrefix?: string): Promise<IamGroup[]> {
    const rows = await all<GroupRow>(this.access.pool, 'SELECT * FROM iam_groups WHERE account_id = $1', [accountId]);
    return underPath(rows.map(toGroup), pathPrefix).sort(byName((g) => g.groupName));
  }

  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    await this.access.write((c) =>
      c.query('INSERT INTO iam_group_members (group_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [groupId, userId, this.clock.now().getTime()]),
    );
  }

  async removeUserFromGroup(groupId: string, userId: string): Promise<boolean> {
    return this.access.write((c) => changed(c, 'DELETE FROM iam_group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId]));
  }

  async listGroupsForUser(userId: string, q: Queryable = this.access.pool): Promise<IamGroup[]> {
    const rows = await all<GroupRow>(q, 'SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id WHERE m.user_id = $1', [userId]);
    return rows.map(toGroup).sort(byName((g) => g.groupName));
  }

  async listUsersInGroup(groupId: string): Promise<IamUser[]> {
    const rows = await all<UserRow>(this.access.pool, 'SELECT u.* FROM iam_users u JOIN iam_group_members m ON m.user_id = u.user_id WHERE m.group_id = $1', [groupId]);
    return rows.map(toUser).sort(byName((u) => u.userName));
  }
}
