import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rootPrincipal, userPrincipal } from '../core/principal.js';
import type { EffectivePolicies, IamReader, IamUser } from '../storage/iam.js';
import type { DecisionEntry, DecisionLog, RecordedDecision } from '../storage/sessions.js';
import type { AuthorizationRequest, RequestFacts } from './authorizer.js';
import { PolicyAuthorizer } from './policy-authorizer.js';

const A = '111111111111';

/** A promise settled by the test, so that the order of events is the test's, not the clock's. */
class Deferred<T> {
  resolve!: (value: T) => void;
  reject!: (err: unknown) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}

/** Resolves after every pending microtask (a settled promise's reactions included) has run. */
const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether `p` has settled once the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await drained();
  return done;
}

/** A decision log whose record() settles when the test says so. */
class HeldLog implements DecisionLog {
  readonly held: Array<{ entry: DecisionEntry; write: Deferred<void> }> = [];
  record(entry: DecisionEntry): Promise<void> {
    const write = new Deferred<void>();
    this.held.push({ entry, write });
    return write.promise;
  }
  async get(): Promise<RecordedDecision | undefined> {
    return undefined;
  }
}

const facts = (requestId: string): RequestFacts => ({ requestId, region: 'us-east-1', sourceIp: '127.0.0.1', secureTransport: true, now: new Date('2025-01-01T00:00:00Z') });
const getObject: AuthorizationRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: A };
const absentRole: AuthorizationRequest = { action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/none`, resourceAccount: A, absentResource: `no role arn:aws:iam::${A}:role/none exists` };
// A root principal's policies are built without reading IAM.
const noIam = { revision: () => 0 } as unknown as IamReader;

describe('PolicyAuthorizer: recording decisions', () => {
  it('answers a denial only once the log has kept it (the pipeline reads it back at once)', async () => {
    const log = new HeldLog();
    const answer = new PolicyAuthorizer(noIam, log).authorize(rootPrincipal(A, 'AKIAROOT'), [absentRole], facts('denied-1'));
    assert.equal(await settled(answer), false);
    assert.equal(log.held.length, 1);
    assert.equal(log.held[0]!.entry.allowed, false);
    log.held[0]!.write.resolve();
    assert.deepEqual(await answer, { allowed: false, action: 'sts:AssumeRole', resource: absentRole.resource, reason: '' });
  });

  it('a denial the log fails to keep fails the request, as a failed write did before', async () => {
    const log = new HeldLog();
    const answer = new PolicyAuthorizer(noIam, log).authorize(rootPrincipal(A, 'AKIAROOT'), [absentRole], facts('denied-2'));
    await drained();
    log.held[0]!.write.reject(new Error('disk full'));
    await assert.rejects(answer, /disk full/);
  });

  it('answers an allow without waiting for the log; a failure to keep it is reported, not thrown', async () => {
    const log = new HeldLog();
    const failures: Array<[unknown, string]> = [];
    const authz = new PolicyAuthorizer(noIam, log, (err, requestId) => failures.push([err, requestId]));
    const answer = authz.authorize(rootPrincipal(A, 'AKIAROOT'), [getObject], facts('allowed-1'));
    assert.equal(await settled(answer), true);
    assert.deepEqual(await answer, { allowed: true });
    assert.equal(log.held.length, 1);
    assert.equal(log.held[0]!.entry.allowed, true);
    const err = new Error('connection lost');
    log.held[0]!.write.reject(err);
    await drained();
    assert.deepEqual(failures, [[err, 'allowed-1']]);
  });
});

const alice: IamUser = { accountId: A, userId: 'AIDAALICE', userName: 'alice', path: '/', arn: `arn:aws:iam::${A}:user/alice`, createDate: new Date(0), tags: [] };
const ALLOW_GET = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const allowing: EffectivePolicies = { identity: [{ name: 'user/alice inline Get', document: ALLOW_GET }] };
const nothing: EffectivePolicies = { identity: [] };

/** Alice's IAM, each read of her policies held until the test answers it. */
class HeldIam implements IamReader {
  current = 0;
  readonly reads: Array<Deferred<EffectivePolicies>> = [];
  revision(): number {
    return this.current;
  }
  async getUserById(id: string): Promise<IamUser | undefined> {
    return id === alice.userId ? alice : undefined;
  }
  effectivePoliciesForUser(): Promise<EffectivePolicies> {
    const read = new Deferred<EffectivePolicies>();
    this.reads.push(read);
    return read.promise;
  }
  async getUser(): Promise<undefined> {
    return undefined;
  }
  async getRole(): Promise<undefined> {
    return undefined;
  }
  async getRoleById(): Promise<undefined> {
    return undefined;
  }
  async getPolicy(): Promise<undefined> {
    return undefined;
  }
  async getPolicyVersion(): Promise<undefined> {
    return undefined;
  }
  async effectivePoliciesForRole(): Promise<EffectivePolicies> {
    return nothing;
  }
}

/** A log that keeps nothing and never makes anyone wait. */
const noLog: DecisionLog = { record: async () => {}, get: async () => undefined };
const asAlice = userPrincipal(alice, 'AKIAALICE');

describe('PolicyAuthorizer: policies cached by IAM revision', () => {
  it('requests of one user at one revision share one read', async () => {
    const iam = new HeldIam();
    const authz = new PolicyAuthorizer(iam, noLog);
    const first = authz.authorize(asAlice, [getObject], facts('r1'));
    const second = authz.authorize(asAlice, [getObject], facts('r2'));
    await drained();
    assert.equal(iam.reads.length, 1);
    iam.reads[0]!.resolve(allowing);
    assert.deepEqual(await first, { allowed: true });
    assert.deepEqual(await second, { allowed: true });
    assert.deepEqual(await authz.authorize(asAlice, [getObject], facts('r3')), { allowed: true });
    assert.equal(iam.reads.length, 1);
  });

  it('a read begun before a change, answering after the read begun after it, is not kept as current', async () => {
    const iam = new HeldIam();
    const authz = new PolicyAuthorizer(iam, noLog);
    const before = authz.authorize(asAlice, [getObject], facts('before'));
    await drained();
    iam.current = 1; // her policy is removed
    const after = authz.authorize(asAlice, [getObject], facts('after'));
    await drained();
    assert.equal(iam.reads.length, 2);
    iam.reads[1]!.resolve(nothing);
    assert.equal((await after).allowed, false);
    iam.reads[0]!.resolve(allowing);
    assert.equal((await before).allowed, true);
    // The older read answered last; the cache still holds the newer one.
    assert.equal((await authz.authorize(asAlice, [getObject], facts('later'))).allowed, false);
    assert.equal(iam.reads.length, 2);
  });

  it('a failed read is not kept: the next request reads again', async () => {
    const iam = new HeldIam();
    const authz = new PolicyAuthorizer(iam, noLog);
    const failing = authz.authorize(asAlice, [getObject], facts('f1'));
    await drained();
    iam.reads[0]!.reject(new Error('database unavailable'));
    await assert.rejects(failing, /database unavailable/);
    const retried = authz.authorize(asAlice, [getObject], facts('f2'));
    await drained();
    assert.equal(iam.reads.length, 2);
    iam.reads[1]!.resolve(allowing);
    assert.deepEqual(await retried, { allowed: true });
  });
});
