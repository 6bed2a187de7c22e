import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { OffsetClock } from '../core/clock.js';
import { defaultDataDir } from '../core/config.js';
import { AccountExistsError, type Account, type AccountStore } from '../storage/accounts.js';
import { deleteAccountState, type AccountDeletion } from '../storage/sqlite/account-deletion.js';
import { SqliteAccountStore } from '../storage/sqlite/account-store.js';
import { LocalObjectStore } from '../storage/sqlite/s3-objects.js';
import { FileObjectStore } from '../storage/files/object-store.js';
import { deletePgAccountState } from '../storage/postgres/account-deletion.js';
import { PgAccountStore } from '../storage/postgres/account-store.js';
import { PgObjectMetadataStore } from '../storage/postgres/s3-objects-meta.js';
import { CliError, lockStoppedDataDir, openDataDir, reportCliErrors, requireDataDir } from './data-dir.js';
import { onlineMemoryOption, onlineMemoryPrefixOption, openSharedState, stateOption, withAccountStore, withMemoryRecords, type StateOptions } from './shared-state.js';

const asProfileOption = () =>
  new Option('--as-profile <name>', 'print the root key as a `[profile NAME]` section for ~/.aws/config (sagelite account create --as-profile admin >> ~/.aws/config)');

function accountIdArg(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('an AWS account id is 12 digits');
  return value;
}

const dataDirOption = () => new Option('--data-dir <dir>', 'the data directory of the server').default(defaultDataDir()).env('SAGELITE_DATA_DIR');

/** An account's root key as the commands print it. */
interface Printed {
  accountId: string;
  alias: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  canonicalUserId: string;
}

/** How a command prints a root key: JSON, shell exports, a shared-config profile, or text. */
interface KeyFormat {
  json?: boolean;
  env?: boolean;
  asProfile?: string;
}

/** Prints one account's root key as JSON, shell exports, a `[profile NAME]` section, or text. */
function printKey(out: Printed, format: KeyFormat): void {
  if (format.json) process.stdout.write(JSON.stringify(out) + '\n');
  else if (format.asProfile !== undefined) process.stdout.write(`\n[profile ${format.asProfile}]\naws_access_key_id = ${out.accessKeyId}\naws_secret_access_key = ${out.secretAccessKey}\n`);
  else if (format.env) process.stdout.write(`export AWS_ACCESS_KEY_ID=${out.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${out.secretAccessKey}\n`);
  else
    process.stdout.write(
      `account ${out.accountId}${out.alias ? ` (${out.alias})` : ''}\n` +
        `  AWS_ACCESS_KEY_ID=${out.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${out.secretAccessKey}\n  canonical user id ${out.canonicalUserId}\n`,
    );
}

/** The account an argument names, by its id or its alias. */
async function findAccount(store: AccountStore, idOrAlias: string): Promise<Account> {
  const found = (await store.listAccounts()).find((a) => a.accountId === idOrAlias || a.alias === idOrAlias);
  if (!found) throw new CliError(`no account ${idOrAlias} in this data directory (sagelite account list shows them)`);
  return found;
}

/** The account's active root keys, oldest first. */
async function rootKeys(store: AccountStore, a: Account): Promise<Printed[]> {
  return (await store.listAccessKeys(a.accountId, { type: 'root' }))
    .filter((k) => k.status === 'Active')
    .map((k) => ({ accountId: a.accountId, alias: a.alias ?? null, accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, canonicalUserId: a.canonicalUserId }));
}

function summary(d: AccountDeletion): string {
  const parts: Array<[number, string]> = [
    [d.iamUsers, 'IAM users'], [d.iamRoles, 'roles'], [d.iamGroups, 'groups'], [d.iamPolicies, 'managed policies'], [d.accessKeys, 'access keys'],
    [d.buckets, 'buckets'], [d.objects, 'objects'], [d.featureGroups, 'feature groups'], [d.records, 'online records'],
    [d.glueDatabases, 'Glue databases'], [d.athenaQueryExecutions, 'Athena query executions'], [d.revokedSessionsElsewhere, "other accounts' role sessions it had assumed"],
  ];
  return parts.map(([n, what]) => `${n} ${what}`).join(', ');
}

/**
 * `sagelite account create|list|credentials|delete`: the operator's commands on a data
 * directory. Whoever can read the data directory (mode 0700) is the operator: these commands
 * read and write it directly, as the server does.
 *
 * @example
 * registerAccount(program); // sagelite account credentials central --env
 */
export function registerAccount(program: Command): void {
  const account = program.command('account').description('manage accounts (12-digit ids with a root access key)');

  account
    .command('create')
    .description('create an account and its root access key, and print them')
    .option('--id <account-id>', 'the 12-digit account id (default: a random one)', accountIdArg)
    .option('--alias <name>', 'account alias')
    .option('--json', 'print one JSON object')
    .option('--env', 'print shell `export` lines for the root key (eval "$(sagelite account create --env)")')
    .addOption(asProfileOption())
    .addOption(dataDirOption())
    .addOption(stateOption())
    .action((opts: KeyFormat & StateOptions & { id?: string; alias?: string }) =>
      reportCliErrors('account create', () =>
        withAccountStore(opts, false, async (store) => {
          try {
            const { account: a, rootKey } = await store.createAccount({ ...(opts.id !== undefined ? { accountId: opts.id } : {}), ...(opts.alias !== undefined ? { alias: opts.alias } : {}) });
            printKey({ accountId: a.accountId, alias: a.alias ?? null, accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey, canonicalUserId: a.canonicalUserId }, opts);
          } catch (e) {
            if (e instanceof AccountExistsError && e.what === 'account') throw new CliError(`account ${e.value} already exists (sagelite account credentials ${e.value} prints its root key)`);
            if (e instanceof AccountExistsError) throw new CliError(`an account with alias ${opts.alias} already exists`);
            throw e;
          }
        }),
      ),
    );

  account
    .command('list')
    .description('list accounts (with --show-keys, their root keys too)')
    .option('--json', 'print JSON')
    .option('--show-keys', "print each account's root access keys")
    .addOption(dataDirOption())
    .addOption(stateOption())
    .action((opts: StateOptions & { json?: boolean; showKeys?: boolean }) =>
      reportCliErrors('account list', () =>
        withAccountStore(opts, true, async (store) => {
          const accounts = await store.listAccounts();
          if (opts.json) {
            const rows: Array<Record<string, unknown>> = [];
            for (const a of accounts) {
              rows.push({
                accountId: a.accountId, alias: a.alias ?? null, canonicalUserId: a.canonicalUserId,
                ...(opts.showKeys ? { rootKeys: (await rootKeys(store, a)).map((k) => ({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey })) } : {}),
              });
            }
            process.stdout.write(JSON.stringify(rows) + '\n');
            return;
          }
          for (const a of accounts) {
            process.stdout.write(`${a.accountId}${a.alias ? `  ${a.alias}` : ''}\n`);
            if (opts.showKeys) for (const k of await rootKeys(store, a)) process.stdout.write(`  AWS_ACCESS_KEY_ID=${k.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${k.secretAccessKey}\n`);
          }
        }),
      ),
    );

  account
    .command('credentials')
    .description("print an account's root access key again (by id or alias)")
    .argument('<account>', 'the account id or alias')
    .option('--json', 'print one JSON object')
    .option('--env', 'print shell `export` lines (eval "$(sagelite account credentials ID --env)")')
    .addOption(asProfileOption())
    .addOption(dataDirOption())
    .addOption(stateOption())
    .action((idOrAlias: string, opts: KeyFormat & StateOptions) =>
      reportCliErrors('account credentials', () =>
        withAccountStore(opts, true, async (store) => {
          const a = await findAccount(store, idOrAlias);
          const [key] = await rootKeys(store, a);
          if (!key) throw new CliError(`account ${a.accountId} has no active root access key`);
          printKey(key, opts);
        }),
      ),
    );

  account
    .command('delete')
    .description('delete an account and everything it owns (IAM, buckets and objects, feature groups and records, Glue, Athena); the server must be stopped')
    .argument('<account>', 'the account id or alias')
    .option('--yes', 'really delete (without it, nothing is changed)')
    .addOption(dataDirOption())
    .addOption(stateOption())
    .addOption(onlineMemoryOption())
    .addOption(onlineMemoryPrefixOption())
    .addHelpText('after', "\nAWS has no such API: this is the operator's. Other accounts' policies that name the account stay as written (docs/DECISIONS.md).")
    .action((idOrAlias: string, opts: StateOptions & { yes?: boolean }) =>
      reportCliErrors('account delete', async () => {
        const gone = opts.state ? await deleteShared(idOrAlias, opts) : await deleteEmbedded(idOrAlias, opts);
        // The account's InMemory records, when the servers keep them in Redis (their keys carry the account id).
        await withMemoryRecords(opts, async (redis) => redis?.dropAccount(gone.accountId));
        process.stdout.write(`deleted account ${gone.name}: ${summary(gone.counts)}\n`);
      }),
    );
}

/** Refused without --yes (exit 2): `name` is what would go. */
function confirm(opts: { yes?: boolean }, name: string): void {
  if (!opts.yes) throw new CliError(`this deletes account ${name} and everything it owns; run again with --yes to do it`, 2);
}

/** The embedded shape: the server must be stopped (it caches keys, groups and records). */
async function deleteEmbedded(idOrAlias: string, opts: StateOptions & { yes?: boolean }): Promise<{ accountId: string; name: string; counts: AccountDeletion }> {
  requireDataDir(opts.dataDir);
  const lock = lockStoppedDataDir(opts.dataDir, 'account delete');
  let db: ReturnType<typeof openDataDir> | undefined;
  try {
    db = openDataDir(opts.dataDir);
    const a = await findAccount(new SqliteAccountStore(db, new OffsetClock()), idOrAlias);
    const name = `${a.accountId}${a.alias ? ` (${a.alias})` : ''}`;
    confirm(opts, name);
    const counts = deleteAccountState(db, a.accountId)!;
    // Opening the object store removes the files no object names any more: the deleted buckets' bytes.
    await LocalObjectStore.open(db, join(opts.dataDir, 'objects'));
    return { accountId: a.accountId, name, counts };
  } finally {
    db?.close();
    lock.release();
  }
}

/**
 * The shared shape: servers may keep running. One transaction removes everything and tells every
 * server process to drop what it cached; then the deleted objects' files go.
 */
async function deleteShared(idOrAlias: string, opts: StateOptions & { yes?: boolean }): Promise<{ accountId: string; name: string; counts: AccountDeletion }> {
  const db = await openSharedState(opts.state!);
  try {
    const a = await findAccount(new PgAccountStore(db, new OffsetClock()), idOrAlias);
    const name = `${a.accountId}${a.alias ? ` (${a.alias})` : ''}`;
    confirm(opts, name);
    const gone = await deletePgAccountState(db, a.accountId);
    if (!gone) throw new CliError(`account ${name} was deleted meanwhile`);
    const objects = await FileObjectStore.open(new PgObjectMetadataStore(db), join(opts.dataDir, 'objects'), { sharing: 'shared' });
    await objects.discardBlobs(gone.blobIds);
    return { accountId: a.accountId, name, counts: gone.counts };
  } finally {
    await db.close();
  }
}
