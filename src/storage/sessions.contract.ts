import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RoleSession } from '../core/principal.js';
import type { AccountStore } from './accounts.js';
import type { DecisionEntry, DecisionLog, SessionStore } from './sessions.js';

/**
 * A fresh session store over one empty database (with the account store its sessions' accounts
 * live in), how to open the store again as a restarted process would, and how to let it go.
 */
export interface SessionStoreFixture {
  sessions: SessionStore;
  accounts: AccountStore;
  /** The same database through a new store, as after a restart. */
  reopen(): Promise<SessionStore>;
  close(): Promise<void>;
}

/** A fresh decision log over one empty database, and how to let it go. */
export interface DecisionLogFixture {
  log: DecisionLog;
  /** Ends the current log as a process that stops would (close(), say), and opens a new one on the same database. */
  restart(): Promise<DecisionLog>;
  close(): Promise<void>;
}

function session(accountId: string, over: Partial<RoleSession> = {}): RoleSession {
  return {
    sessionId: 's-1', accountId, roleId: 'AROAAAAAAAAAAAAAAAAA', roleArn: `arn:aws:iam::${accountId}:role/p/R`, roleName: 'R', sessionName: 'nb',
    issuedAt: new Date(1_000), expiresAt: new Date(3_601_000), policy: '{}', policyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
    tags: [{ Key: 'team', Value: 'ml' }], transitiveTagKeys: ['team'], sourceIdentity: 'alice', chained: true, assumedBy: 'sagemaker.amazonaws.com',
    ...over,
  };
}

/**
 * The behaviour every {@link SessionStore} implementation must have. Run it from the
 * implementation's own test file with a factory that opens an empty store; each test gets its own.
 */
export function runSessionStoreContract(implementation: string, open: () => Promise<SessionStoreFixture>): void {
  const withStore = (fn: (f: SessionStoreFixture, accountId: string) => Promise<void>) => async () => {
    const f = await open();
    try {
      const { account } = await f.accounts.createAccount({});
      await fn(f, account.accountId);
    } finally {
      await f.close();
    }
  };

  describe(`SessionStore contract: ${implementation}`, () => {
    it('keeps a session across a reopen, with its dates, and prunes it once expired', withStore(async (f, accountId) => {
      const s = session(accountId);
      await f.sessions.putSession(s);
      const store = await f.reopen();
      assert.deepEqual(await store.getSession('s-1'), s);
      assert.equal(await store.pruneExpired(new Date(3_600_000)), 0);
      assert.equal(await store.pruneExpired(new Date(3_602_000)), 1);
      assert.equal(await store.getSession('s-1'), undefined);
      assert.equal(await store.pruneExpired(new Date(3_602_000)), 0);
    }));

    it('keeps a session without its optional fields as it was given', withStore(async ({ sessions }, accountId) => {
      const bare: RoleSession = {
        sessionId: 's-bare', accountId, roleId: 'AROABBBBBBBBBBBBBBBB', roleArn: `arn:aws:iam::${accountId}:role/R`, roleName: 'R', sessionName: 'x',
        issuedAt: new Date(0), expiresAt: new Date(900_000), policyArns: [], tags: [], transitiveTagKeys: [], chained: false, assumedBy: `arn:aws:iam::${accountId}:root`,
      };
      await sessions.putSession(bare);
      assert.deepEqual(await sessions.getSession('s-bare'), bare);
      assert.equal(await sessions.getSession('s-unknown'), undefined);
    }));

    it('replaces a session put again under the same id, and the next read sees it', withStore(async ({ sessions }, accountId) => {
      await sessions.putSession(session(accountId));
      assert.equal((await sessions.getSession('s-1'))?.sessionName, 'nb', 'read (and perhaps cached) before the replacement');
      await sessions.putSession(session(accountId, { sessionName: 'renamed', expiresAt: new Date(10_000_000) }));
      const read = await sessions.getSession('s-1');
      assert.equal(read?.sessionName, 'renamed');
      assert.deepEqual(read?.expiresAt, new Date(10_000_000));
      assert.equal(await sessions.pruneExpired(new Date(5_000_000)), 0, 'pruned by the new expiry, not the old');
    }));

    it('prunes only the sessions expired before the given time', withStore(async ({ sessions }, accountId) => {
      await sessions.putSession(session(accountId, { sessionId: 'a', expiresAt: new Date(1_000) }));
      await sessions.putSession(session(accountId, { sessionId: 'b', expiresAt: new Date(2_000) }));
      await sessions.putSession(session(accountId, { sessionId: 'c', expiresAt: new Date(3_000) }));
      assert.ok(await sessions.getSession('a'), 'read (and perhaps cached) before the prune');
      assert.equal(await sessions.pruneExpired(new Date(2_000)), 1);
      assert.equal(await sessions.getSession('a'), undefined);
      assert.ok(await sessions.getSession('b'), 'expiring exactly at the cut-off: kept');
      assert.ok(await sessions.getSession('c'));
    }));
  });
}

/** A decision as the authorizer hands it over, counting how often it is described. */
function entry(requestId: string, allowed: boolean, described: string[], over: Partial<DecisionEntry> = {}): DecisionEntry {
  return {
    requestId, accountId: '111122223333', createdAt: new Date(5_000), allowed,
    describe: () => {
      described.push(requestId);
      return { detail: { id: requestId, nested: { allowed } }, explanation: `why ${requestId}` };
    },
    ...over,
  };
}

/**
 * The behaviour every {@link DecisionLog} implementation must have: denials of signed callers
 * outlive a restart, allows (and anonymous callers' denials) are kept in memory only, the newest
 * 5,000 of them, and are described only when asked for.
 */
export function runDecisionLogContract(implementation: string, open: () => Promise<DecisionLogFixture>): void {
  const withLog = (fn: (f: DecisionLogFixture) => Promise<void>) => async () => {
    const f = await open();
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  };

  describe(`DecisionLog contract: ${implementation}`, () => {
    it('keeps denials across a restart, allows only in memory, and describes an allow only when asked', withLog(async (f) => {
      const described: string[] = [];
      await f.log.record(entry('deny-1', false, described));
      await f.log.record(entry('allow-1', true, described));
      await f.log.record(entry('anonymous-deny', false, described, { accountId: '' }));
      assert.ok(!described.includes('allow-1'), 'an allow is not described when recorded');
      assert.deepEqual(await f.log.get('deny-1'), {
        requestId: 'deny-1', accountId: '111122223333', createdAt: new Date(5_000), allowed: false, detail: { id: 'deny-1', nested: { allowed: false } }, explanation: 'why deny-1',
      });
      assert.equal((await f.log.get('allow-1'))?.explanation, 'why allow-1');
      assert.ok(described.includes('allow-1'));
      assert.equal((await f.log.get('anonymous-deny'))?.allowed, false);
      assert.equal(await f.log.get('unknown'), undefined);

      const log = await f.restart();
      assert.deepEqual(await log.get('deny-1'), {
        requestId: 'deny-1', accountId: '111122223333', createdAt: new Date(5_000), allowed: false, detail: { id: 'deny-1', nested: { allowed: false } }, explanation: 'why deny-1',
      });
      assert.equal(await log.get('allow-1'), undefined, 'allows are not kept across restarts');
      assert.equal(await log.get('anonymous-deny'), undefined, "anonymous callers' denials are not written down");
    }));

    it('replaces a decision recorded again under the same request id', withLog(async (f) => {
      await f.log.record(entry('deny-2', false, [], { createdAt: new Date(1_000) }));
      await f.log.record(entry('deny-2', false, [], { createdAt: new Date(2_000) }));
      assert.deepEqual((await f.log.get('deny-2'))?.createdAt, new Date(2_000));
      const log = await f.restart();
      assert.deepEqual((await log.get('deny-2'))?.createdAt, new Date(2_000));
    }));

    it('keeps the newest 5,000 allows in memory, oldest out first', withLog(async ({ log }) => {
      const allow = (requestId: string): DecisionEntry => ({ requestId, accountId: '111122223333', createdAt: new Date(0), allowed: true, describe: () => ({ detail: {}, explanation: requestId }) });
      for (let i = 0; i < 12_345; i++) await log.record(allow(`r-${i}`));
      assert.equal(await log.get('r-7344'), undefined);
      assert.equal((await log.get('r-7345'))?.explanation, 'r-7345');
      assert.equal((await log.get('r-12344'))?.explanation, 'r-12344');
    }));
  });
}
