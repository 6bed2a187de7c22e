import type { Tag } from '../iam.js';
import type { Queryable } from './database.js';

/**
 * Writes an IAM entity's tags: those given, or those `tags` makes of the row's tags as stored,
 * read under the row's lock (FOR UPDATE) in the caller's transaction, so that two concurrent
 * TagRole calls (on one process or two) both keep their tags. Nothing is written for a row that is gone.
 */
export async function writeTags(c: Queryable, table: 'iam_users' | 'iam_roles' | 'iam_policies', idColumn: 'user_id' | 'role_id' | 'arn', id: string, tags: Tag[] | ((stored: Tag[]) => Tag[])): Promise<void> {
  let next: Tag[];
  if (typeof tags === 'function') {
    const r = await c.query<{ tags: string }>(`SELECT tags FROM ${table} WHERE ${idColumn} = $1 FOR UPDATE`, [id]);
    if (!r.rows[0]) return;
    next = tags(JSON.parse(r.rows[0].tags) as Tag[]);
  } else next = tags;
  await c.query(`UPDATE ${table} SET tags = $2 WHERE ${idColumn} = $1`, [id, JSON.stringify(next)]);
}
