import { after } from 'node:test';
import { openTestDatabase } from '../../../test/support/postgres.js';
import { runKmsStoreContract } from '../kms.contract.js';
import { PgKmsStore } from './kms-store.js';

// One database for the contract (making one takes a second or more), emptied for each test.
let shared: ReturnType<typeof openTestDatabase> | undefined;
after(async () => {
  if (shared) await (await shared).close();
});

runKmsStoreContract('PostgreSQL', async () => {
  const t = await (shared ??= openTestDatabase());
  await t.db.query('TRUNCATE kms_keys, kms_aliases, kms_grants');
  return { store: new PgKmsStore(t.db), close: async () => undefined };
});
