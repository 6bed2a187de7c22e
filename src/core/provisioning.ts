import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AccountExistsError, type AccountStore } from '../storage/accounts.js';

const accessKey = z.object({
  accessKeyId: z.string().regex(/^AKIA[A-Z2-7]{16}$/, 'an access key id is AKIA followed by 16 characters of A-Z and 2-7'),
  secretAccessKey: z.string().min(40).max(128),
});

const url = (schemes: readonly string[], example: string) =>
  z.string().refine((v) => {
    try {
      return schemes.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `a URL like ${example}`);

/**
 * The deployment a server process takes from the file where neither a flag nor an environment
 * variable says otherwise (`sagelite serve --state …` beats the file's `state`): the shared shape
 * written down once, for every process started with the file.
 */
const ServerSection = z
  .object({
    state: url(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/sagelite').optional(),
    statePoolSize: z.number().int().positive().optional(),
    processes: z.number().int().positive().optional(),
    onlineMemory: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
    onlineMemoryPrefix: z.string().min(1).optional(),
  })
  .strict();
export type ServerSection = z.infer<typeof ServerSection>;

/** The declarative file: accounts to exist, each with the root keys it must have; and, optionally, the server's deployment. */
export const ProvisioningFile = z.object({
  server: ServerSection.optional(),
  accounts: z
    .array(
      z.object({
        accountId: z.string().regex(/^\d{12}$/, 'an account id is 12 digits'),
        alias: z.string().regex(/^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$/).optional(),
        rootAccessKeys: z.array(accessKey).default([]),
      }),
    )
    .default([]),
});
export type ProvisioningFile = z.infer<typeof ProvisioningFile>;

export function readProvisioningFile(path: string): ProvisioningFile {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`sagelite: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = ProvisioningFile.safeParse(json);
  if (!parsed.success) throw new Error(`sagelite: ${path} is not a valid provisioning file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Makes the store hold what the file declares; running it again changes nothing (so a setup is
 * reproducible), and neither does another process applying the same file at the same time (N
 * servers starting on one database). A key id that already exists with another secret or owner
 * is an error.
 */
export async function applyProvisioning(store: AccountStore, file: ProvisioningFile): Promise<void> {
  for (const a of file.accounts) {
    const [first, ...rest] = a.rootAccessKeys;
    const created = !(await store.getAccount(a.accountId)) && (await createAccount(store, a.accountId, a.alias, first));
    if (!created && first) rest.unshift(first);
    for (const k of rest) await ensureRootKey(store, a.accountId, k);
  }
}

type ProvisionedKey = ProvisioningFile['accounts'][number]['rootAccessKeys'][number];

/** Creates the account with its first root key; false when another process created it first. */
async function createAccount(store: AccountStore, accountId: string, alias: string | undefined, rootKey: ProvisionedKey | undefined): Promise<boolean> {
  try {
    await store.createAccount({ accountId, ...(alias ? { alias } : {}), ...(rootKey ? { rootKey } : {}) });
    return true;
  } catch (e) {
    if (e instanceof AccountExistsError && e.what === 'account') return false;
    throw e;
  }
}

/** Adds the root key unless the account already has it (added earlier, or by another process just now). */
async function ensureRootKey(store: AccountStore, accountId: string, k: ProvisionedKey): Promise<void> {
  let existing = await store.getAccessKey(k.accessKeyId);
  if (!existing) {
    try {
      await store.addAccessKey({ ...k, accountId, owner: { type: 'root' }, status: 'Active' });
      return;
    } catch (e) {
      if (!(e instanceof AccountExistsError && e.what === 'accessKey')) throw e;
    }
    existing = await store.getAccessKey(k.accessKeyId);
  }
  if (existing?.accountId !== accountId || existing.secretAccessKey !== k.secretAccessKey || existing.owner.type !== 'root') {
    throw new Error(`sagelite: access key ${k.accessKeyId} already exists with another account or secret`);
  }
}
