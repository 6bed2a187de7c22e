import { AwsError } from '../../core/errors.js';
import { AccountExistsError } from '../../storage/accounts.js';
import type { Operation, OperationTable, ServerState } from '../operation.js';
import { assumeRoleForService, ServiceAssumeDenied } from '../sts/assume-role-for-service.js';

function clock(state: ServerState) {
  return { Now: state.clock.now(), OffsetMilliseconds: state.clock.offsetMs };
}

const getClock: Operation<Record<string, never>> = { authorization: 'operator', handle: (_i, { state }) => clock(state) };

/** Moves the server's clock forward, for expiry and TTL tests; refused unless the server runs with --test-clock. */
const advanceClock: Operation<{ Milliseconds: number }> = {
  authorization: 'operator',
  handle: async ({ Milliseconds }, { state }) => {
    if (!state.testClock) throw new AwsError('AccessDeniedException', 400, 'The test clock is off: start the server with --test-clock (or SAGELITE_TEST_CLOCK=1) to move time.');
    if (!Number.isFinite(Milliseconds) || Milliseconds < 0) throw new AwsError('ValidationException', 400, 'The clock only moves forward: Milliseconds must be 0 or more.');
    // Several processes: the shared offset moves, and every process catches up with it before its next request.
    if (state.sharedClock) state.clock.catchUp(await state.sharedClock.advance(Milliseconds));
    else state.clock.advance(Milliseconds);
    return clock(state);
  },
};

const createAccount: Operation<{ Alias?: string }> = {
  authorization: 'operator',
  handle: async ({ Alias }, { state }) => {
    try {
      const { account, rootKey } = await state.accounts.createAccount(Alias !== undefined ? { alias: Alias } : {});
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
  handle: async (_i, { state }) => ({
    Accounts: (await state.accounts.listAccounts()).map((a) => ({ AccountId: a.accountId, Alias: a.alias, CanonicalUserId: a.canonicalUserId })),
  }),
};

/**
 * Credentials of a role as a service would get them (SageMaker handing its execution role to a
 * notebook): the role's trust policy must allow the service principal, exactly as in AssumeRole.
 */
const assumeRoleAsService: Operation<{ RoleArn: string; ServiceName: string; RoleSessionName?: string; DurationSeconds?: number }> = {
  authorization: 'operator',
  handle: async (input, ctx) => {
    try {
      const { principal, credentials } = await assumeRoleForService(ctx, {
        roleArn: input.RoleArn,
        serviceName: input.ServiceName,
        sessionName: input.RoleSessionName ?? 'SageMaker',
        ...(input.DurationSeconds !== undefined ? { durationSeconds: input.DurationSeconds } : {}),
      });
      return { ...credentials, Arn: principal.arn };
    } catch (e) {
      if (e instanceof ServiceAssumeDenied) throw new AwsError('AccessDeniedException', 400, `${e.message}\n${e.explanation}`);
      throw e;
    }
  },
};

/** The recorded authorization decision of a request, for `sagelite explain`. */
const explainDecision: Operation<{ RequestId: string }> = {
  authorization: 'operator',
  handle: async ({ RequestId }, { state }) => {
    const d = await state.decisions.get(RequestId, { askOtherProcesses: true });
    if (!d) throw new AwsError('ResourceNotFoundException', 400, `No authorization decision is recorded for request ${RequestId}.`);
    return { RequestId, AccountId: d.accountId, Allowed: d.allowed, Time: d.createdAt, Explanation: d.explanation, Detail: JSON.stringify(d.detail) };
  },
};

export const adminOperations: OperationTable = {
  GetClock: getClock,
  AdvanceClock: advanceClock,
  CreateAccount: createAccount,
  ListAccounts: listAccounts,
  AssumeRoleAsService: assumeRoleAsService,
  ExplainDecision: explainDecision,
};
