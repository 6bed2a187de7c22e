import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../../core/clock.js';
import { newUniqueId } from '../../core/ids.js';
import type { IamGroup, IamUser, NewGroup, NewUser, Tag } from '../iam.js';
import { byName, mapRow, toGroup, toUser, underPath, writeUnique, type GroupRow, type UserRow } from './iam-rows.js';
import { prepare } from './node-sqlite.js';

/**
 * IAM users, groups and group membership on SQLite (iam_users, iam_groups, iam_group_members):
 * one family of {@link SqliteIamStore}. Deleting removes the row only; the store deletes the
 * entity's inline policies and attachments with it.
 */
export class SqliteIamUsers {
  readonly #q;

  constructor(db: DatabaseSync, private readonly clock: Clock) {
    this.#q = {
      user: prepare<[string, string], UserRow>(db, 'SELECT * FROM iam_users WHERE account_id = ? AND user_name = ? COLLATE NOCASE'),
      userById: prepare<[string], UserRow>(db, 'SELECT * FROM iam_users WHERE user_id = ?'),
      users: prepare<[string], UserRow>(db, 'SELECT * FROM iam_users WHERE account_id = ?'),
      insertUser: db.prepare(
        'INSERT INTO iam_users (user_id, account_id, user_name, path, created_at, permissions_boundary_arn, tags) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      renameUser: db.prepare('UPDATE iam_users SET user_name = ?, path = ? WHERE user_id = ?'),
      userTags: db.prepare('UPDATE iam_users SET tags = ? WHERE user_id = ?'),
      userTagsOf: db.prepare('SELECT tags FROM iam_users WHERE user_id = ?'),
      userBoundary: db.prepare('UPDATE iam_users SET permissions_boundary_arn = ? WHERE user_id = ?'),
      deleteUser: db.prepare('DELETE FROM iam_users WHERE user_id = ?'),

      group: prepare<[string, string], GroupRow>(db, 'SELECT * FROM iam_groups WHERE account_id = ? AND group_name = ? COLLATE NOCASE'),
      groupById: prepare<[string], GroupRow>(db, 'SELECT * FROM iam_groups WHERE group_id = ?'),
      groups: prepare<[string], GroupRow>(db, 'SELECT * FROM iam_groups WHERE account_id = ?'),
      insertGroup: db.prepare('INSERT INTO iam_groups (group_id, account_id, group_name, path, created_at) VALUES (?, ?, ?, ?, ?)'),
      renameGroup: db.prepare('UPDATE iam_groups SET group_name = ?, path = ? WHERE group_id = ?'),
      deleteGroup: db.prepare('DELETE FROM iam_groups WHERE group_id = ?'),
      addMember: db.prepare('INSERT OR IGNORE INTO iam_group_members (group_id, user_id, added_at) VALUES (?, ?, ?)'),
      removeMember: db.prepare('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?'),
      groupsOfUser: prepare<[string], GroupRow>(db,
        'SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.group_id = g.group_id WHERE m.user_id = ?',
      ),
      usersOfGroup: prepare<[string], UserRow>(db,
        'SELECT u.* FROM iam_users u JOIN iam_group_members m ON m.user_id = u.user_id WHERE m.group_id = ?',
      ),
    };
  }

  // ---- users --------------------------------------------------------------------------------

  getUser(accountId: string, userName: string): IamUser | undefined {
    return mapRow(this.#q.user.get(accountId, userName), toUser);
  }

  getUserById(userId: string): IamUser | undefined {
    return mapRow(this.#q.userById.get(userId), toUser);
  }

  createUser(input: NewUser): IamUser {
    const userId = newUniqueId('AIDA');
    const now = this.clock.now().getTime();
    writeUnique('user', input.userName, () =>
      this.#q.insertUser.run(userId, input.accountId, input.userName, input.path, now, input.permissionsBoundaryArn ?? null, JSON.stringify(input.tags)),
    );
    return this.getUserById(userId)!;
  }

  updateUser(userId: string, changes: { userName?: string; path?: string }): IamUser {
    const current = this.#q.userById.get(userId);
    if (!current) throw new Error(`no user ${userId}`);
    const name = changes.userName ?? current.user_name;
    writeUnique('user', name, () => this.#q.renameUser.run(name, changes.path ?? current.path, userId));
    return this.getUserById(userId)!;
  }

  /** The user's row only (see the class comment). */
  deleteUserRow(userId: string): void {
    this.#q.deleteUser.run(userId);
  }

  listUsers(accountId: string, pathPrefix?: string): IamUser[] {
    return underPath(this.#q.users.all(accountId).map(toUser), pathPrefix).sort(byName((u) => u.userName));
  }

  setUserTags(userId: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): void {
    // Read and written with nothing else running on the database in between.
    const stored = typeof tags === 'function' ? (this.#q.userTagsOf.get(userId) as { tags: string } | undefined) : undefined;
    if (typeof tags === 'function' && !stored) return;
    this.#q.userTags.run(JSON.stringify(typeof tags === 'function' ? tags(JSON.parse(stored!.tags) as Tag[]) : tags), userId);
  }

  setUserPermissionsBoundary(userId: string, policyArn: string | undefined): void {
    this.#q.userBoundary.run(policyArn ?? null, userId);
  }

  // ---- groups -------------------------------------------------------------------------------

  createGroup(input: NewGroup): IamGroup {
    const groupId = newUniqueId('AGPA');
    writeUnique('group', input.groupName, () =>
      this.#q.insertGroup.run(groupId, input.accountId, input.groupName, input.path, this.clock.now().getTime()),
    );
    return toGroup(this.#q.groupById.get(groupId)!);
  }

  getGroup(accountId: string, groupName: string): IamGroup | undefined {
    return mapRow(this.#q.group.get(accountId, groupName), toGroup);
  }

  getGroupById(groupId: string): IamGroup | undefined {
    return mapRow(this.#q.groupById.get(groupId), toGroup);
  }

  updateGroup(groupId: string, changes: { groupName?: string; path?: string }): IamGroup {
    const current = this.#q.groupById.get(groupId);
    if (!current) throw new Error(`no group ${groupId}`);
    const name = changes.groupName ?? current.group_name;
    writeUnique('group', name, () => this.#q.renameGroup.run(name, changes.path ?? current.path, groupId));
    return toGroup(this.#q.groupById.get(groupId)!);
  }

  /** The group's row only (see the class comment). */
  deleteGroupRow(groupId: string): void {
    this.#q.deleteGroup.run(groupId);
  }

  listGroups(accountId: string, pathPrefix?: string): IamGroup[] {
    return underPath(this.#q.groups.all(accountId).map(toGroup), pathPrefix).sort(byName((g) => g.groupName));
  }

  addUserToGroup(groupId: string, userId: string): void {
    this.#q.addMember.run(groupId, userId, this.clock.now().getTime());
  }

  removeUserFromGroup(groupId: string, userId: string): boolean {
    return this.#q.removeMember.run(groupId, userId).changes > 0;
  }

  listGroupsForUser(userId: string): IamGroup[] {
    return this.#q.groupsOfUser.all(userId).map(toGroup).sort(byName((g) => g.groupName));
  }

  listUsersInGroup(groupId: string): IamUser[] {
    return this.#q.usersOfGroup.all(groupId).map(toUser).sort(byName((u) => u.userName));
  }
}
