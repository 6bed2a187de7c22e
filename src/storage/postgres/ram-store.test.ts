import { after } from 'node:test';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { runResourceShareStoreContract } from '../ram.contract.js';
import { PgResourceShareStore } from './ram-store.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runResourceShareStoreContract('PostgreSQL', async () => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE ram_share_entities, ram_resource_shares');
  return { store: new PgResourceShareStore(t.db), close: async () => undefined };
});
