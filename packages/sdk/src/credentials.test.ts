import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crossAccountCredentials, sessionCache, type AssumedSession } from './credentials.js';

/** A clock the test moves, and an assume() that counts its calls and hands out numbered sessions. */
function fixture(sessionMs = 900_000) {
  let nowMs = Date.UTC(2024, 0, 1);
  let calls = 0;
  let fail: Error | undefined;
  let gate: Promise<void> = Promise.resolve();
  const assume = async (): Promise<AssumedSession> => {
    calls++;
    const n = calls;
    await gate;
    if (fail) throw fail;
    return { identity: { accessKeyId: `ASIA${n}`, secretAccessKey: 's', sessionToken: `t${n}` }, expiresAtMs: nowMs + sessionMs };
  };
  return {
    provider: sessionCache({ now: () => new Date(nowMs), refreshBeforeMs: 300_000, assume }),
    advance: (ms: number) => (nowMs += ms),
    calls: () => calls,
    failWith: (e: Error | undefined) => (fail = e),
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
  };
}

describe('sessionCache: self-refreshing assumed-role credentials', () => {
  it('reuses a session until less than refreshBeforeMs is left, then assumes the role again', async () => {
    const f = fixture();
    assert.equal((await f.provider()).accessKeyId, 'ASIA1');
    f.advance(599_000); // 301 s left
    assert.equal((await f.provider()).accessKeyId, 'ASIA1');
    assert.equal(f.calls(), 1);
    f.advance(2_000); // 299 s left: inside the refresh window
    assert.equal((await f.provider()).accessKeyId, 'ASIA2');
    assert.equal(f.calls(), 2);
  });

  it('reports expiration on the host clock, whatever the provider clock says', async () => {
    const f = fixture();
    const before = Date.now();
    const id = await f.provider();
    const leftMs = id.expiration!.getTime() - before;
    assert.ok(leftMs >= 899_000 && leftMs <= 901_000, `expiration ${leftMs} ms ahead of the host clock`);
  });

  it('shares one in-flight AssumeRole between concurrent callers', async () => {
    const f = fixture();
    const release = f.hold();
    const pending = Promise.all([f.provider(), f.provider(), f.provider(), f.provider.refresh()]);
    release();
    const ids = await pending;
    assert.equal(f.calls(), 1);
    assert.deepEqual(new Set(ids.map((i) => i.accessKeyId)), new Set(['ASIA1']));
  });

  it('throws AssumeRole errors to every waiting caller, and tries again on the next call', async () => {
    const f = fixture();
    const denied = Object.assign(new Error('User: x is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
    f.failWith(denied);
    const results = await Promise.allSettled([f.provider(), f.provider()]);
    assert.equal(f.calls(), 1);
    for (const r of results) assert.equal(r.status === 'rejected' && (r.reason as Error).name, 'AccessDenied');
    f.failWith(undefined);
    assert.equal((await f.provider()).accessKeyId, 'ASIA2');
  });

  it('an expired session is never handed out when its refresh fails', async () => {
    const f = fixture();
    await f.provider();
    f.advance(900_001);
    f.failWith(new Error('throttled'));
    await assert.rejects(f.provider(), /throttled/);
    assert.equal(f.provider.current()?.accessKeyId, 'ASIA1', 'current() still shows the last session');
  });
});

describe('crossAccountCredentials: options', () => {
  it('refuses a duration below STS’s 900-second minimum before calling anything', () => {
    assert.throws(() => crossAccountCredentials({ roleArn: 'arn:aws:iam::222222222222:role/r', roleSessionName: 's', durationSeconds: 899 }), RangeError);
  });
});
