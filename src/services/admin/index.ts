import { AwsError } from '../../core/errors.js';
import { AccountExistsError } from '../../storage/accounts.js';
import type { Operation, OperationTable, ServerState } from '../operation.js';

function clock(state: ServerState) {
  return { Now: state.clock.now(), OffsetMilliseconds: state.clock.offsetMs };
}

const getClock: Operation<Record<string, never>> = { authorization: 'operator', handle: (_i, { state }) => clock(state) };

/** Moves the server's clock forward, for expiry and TTL tests; refused unless the server runs with --test-clock. */
const advanceClock: Operation<{ Milliseconds: number }> = {
  authorization: 'operator',
  handle: ({ Milliseconds }, { state }) => {
    if (!state.testClock) throw new AwsError('AccessDeniedException', 400, 'The test clock is off: start the server with --test-clock (or SAGELITE_TEST_CLOCK=1) to move time.');
    state.clock.advance(Milliseconds);
    return clock(state);
  },
};

const createAccount: Operation<{ Alias?: string }> = {
  authorization: 'operator',
  handle: ({ Alias }, { state }) => {
    try {
      const { account, rootKey } = state.accounts.createAccount(Alias !== undefined ? { alias: Alias } : {});
      return {
        AccountId: account.accountId,
        Alias: account.alias,
        AccessKeyId: rootKey.accessKeyId,
        SecretAccessKey: rootKey.secretAccessKey,
        CanonicalUserId: account.canonicalUserId,
      };
    } catch (e) {
      if (e instanceof AccountExistsError) throw new AwsError('EntityAlreadyExistsException', 400, `An account with alias ${Alias} already exists.`);
      throw e;
    }
  },
};

const listAccounts: Operation<Record<string, never>> = {
  authorization: 'operator',
  handle: (_i, { state }) => ({
    Accounts: state.accounts.listAccounts().map((a) => ({ AccountId: a.accountId, Alias: a.alias, CanonicalUserId: a.canonicalUserId })),
  }),
};

export const adminOperations: OperationTable = {
  GetClock: getClock,
  AdvanceClock: advanceClock,
  CreateAccount: createAccount,
  ListAccounts: listAccounts,
};
