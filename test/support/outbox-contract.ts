import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../../src/core/clock.js';
import type { NewOutboxRow, OfflineOutbox, OutboxClaim, OutboxGroupRef } from '../../src/storage/feature-store.js';

/** An empty outbox whose leases run on `clock`, a way to append rows (as a record store's write would), and its clean-up. */
export interface OutboxFixture {
  outbox: OfflineOutbox;
  append(row: NewOutboxRow): Promise<number>;
  close(): Promise<void>;
}

const t0 = new Date('2036-06-01T00:00:00Z');
const LEASE = 60_000;
let groups = 0;

/** A group no other test uses. */
function freshGroup(accountId = '111122223333'): OutboxGroupRef {
  return { accountId, region: 'us-east-1', featureGroupName: `g${++groups}`, featureGroupCreatedAt: new Date(1_700_000_000_000 + groups * 1000) };
}

function rowOf(g: OutboxGroupRef, id: string): NewOutboxRow {
  return { ...g, values: { id, t: '1' }, eventTime: '1', writeTime: t0, apiInvocationTime: t0, isDeleted: false };
}

const seqs = (c: OutboxClaim | undefined) => (c ? c.rows.map((r) => r.sequence) : []);

/**
 * What every {@link OfflineOutbox} must do, for one writer and for several draining it together
 * (one per server process). Run it from the implementation's test file with a factory that opens
 * an empty outbox on `clock`.
 *
 * @example
 * runOutboxContract('SQLite', async (clock) => ({ outbox, append, close }));
 */
export function runOutboxContract(name: string, open: (clock: FixedClock) => Promise<OutboxFixture>): void {
  describe(`OfflineOutbox contract: ${name}`, () => {
    const clock = new FixedClock(t0);
    let f: OutboxFixture;
    let outbox: OfflineOutbox;
    const fill = async (g: OutboxGroupRef, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await f.append(rowOf(g, `${g.featureGroupName}-${i}`)));
      return out;
    };
    const drain = async () => outbox.acknowledge((await outbox.pending(100_000)).map((r) => r.sequence));
    const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));

    before(async () => {
      f = await open(clock);
      outbox = f.outbox;
    });
    after(() => f.close());

    it('keeps rows in order, lists each group with rows once, reads and acknowledges group by group', async () => {
      const [a, b] = [freshGroup('111111111111'), freshGroup('222222222222')];
      const inA = await fill(a, 3);
      const inB = await fill(b, 2);
      const second = await f.append(rowOf(a, 'late'));
      assert.ok(inA.every((s, i) => i === 0 || s > inA[i - 1]!) && second > inB[1]!, 'sequences grow');
      assert.deepEqual((await outbox.pending(100)).map((r) => r.sequence), [...inA, ...inB, second]);
      const listed = (await outbox.pendingGroups()).map((g) => `${g.accountId}/${g.featureGroupName}@${g.featureGroupCreatedAt.getTime()}`);
      assert.deepEqual(listed, [a, b].map((g) => `${g.accountId}/${g.featureGroupName}@${g.featureGroupCreatedAt.getTime()}`));
      const rows = await outbox.pendingOf(a, 2);
      assert.deepEqual(rows.map((r) => r.sequence), inA.slice(0, 2));
      assert.deepEqual(rows[0]!.values, { id: `${a.featureGroupName}-0`, t: '1' });
      assert.equal(rows[0]!.featureGroupCreatedAt.getTime(), a.featureGroupCreatedAt.getTime());
      assert.equal(rows[0]!.apiInvocationTime.getTime(), t0.getTime());
      await outbox.acknowledge([...inA, second]);
      assert.deepEqual((await outbox.pendingGroups()).map((g) => g.featureGroupName), [b.featureGroupName]);
      assert.deepEqual(await outbox.pendingOf(a, 10), []);
      await drain();
    });

    it('claims a group’s oldest rows for one writer; another gets nothing from that group while the lease lasts', async () => {
      const [g, h] = [freshGroup(), freshGroup()];
      const inG = await fill(g, 5);
      await fill(h, 1);
      const first = (await outbox.claim(g, 'writer-1', 3, LEASE))!;
      assert.deepEqual(seqs(first), inG.slice(0, 3));
      assert.equal(first.until.getTime(), clock.now().getTime() + LEASE);
      assert.deepEqual(first.group, g);
      assert.equal(await outbox.claim(g, 'writer-2', 10, LEASE), undefined, 'the group is held');
      assert.ok(await outbox.claim(h, 'writer-2', 10, LEASE), 'another group is free');
      assert.equal(await outbox.claim(freshGroup(), 'writer-2', 10, LEASE), undefined, 'a group without rows has nothing to claim');
      assert.equal((await outbox.pendingOf(g, 10)).length, 5, 'claimed rows are still pending');
      await drain();
    });

    it('never hands one row to two claimants, however many claim at once', async () => {
      const gs = [freshGroup(), freshGroup(), freshGroup()];
      for (const g of gs) await fill(g, 4);
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => outbox.claim(gs[i % 3]!, `writer-${i}`, 10, LEASE)));
      const held = claims.filter((c): c is OutboxClaim => c !== undefined);
      assert.equal(held.length, 3, 'one claim per group');
      assert.deepEqual(held.map((c) => c.group.featureGroupName).sort(), gs.map((g) => g.featureGroupName).sort());
      const all = held.flatMap(seqs);
      assert.equal(new Set(all).size, 12, 'every row once');
      await drain();
    });

    it('drains exactly once with several writers taking turns: every row is claimed by one writer and acknowledged once', async () => {
      const gs = [freshGroup(), freshGroup(), freshGroup(), freshGroup()];
      const appended: number[] = [];
      for (const g of gs) appended.push(...(await fill(g, 7)));
      const seen: number[] = [];
      const writer = async (id: string) => {
        for (let round = 0; round < 1000; round++) {
          const pending = await outbox.pendingGroups();
          const mine = pending.filter((p) => gs.some((g) => g.featureGroupName === p.featureGroupName));
          if (mine.length === 0) return;
          for (const p of mine) {
            const claim = await outbox.claim(p, id, 3, LEASE);
            if (!claim) continue;
            seen.push(...seqs(claim));
            assert.equal(await outbox.acknowledgeClaimed(claim, seqs(claim)), true);
            await outbox.release(claim);
          }
        }
        assert.fail('the outbox did not drain');
      };
      await Promise.all(['w1', 'w2', 'w3'].map(writer));
      assert.deepEqual([...seen].sort((x, y) => x - y), appended, 'each row handed out exactly once');
      for (const g of gs) assert.deepEqual(await outbox.pendingOf(g, 10), []);
    });

    it('hands a lapsed claim whole to the next claimant: the rows left, whatever its limit, and no others', async () => {
      const g = freshGroup();
      const inG = await fill(g, 6);
      const dead = (await outbox.claim(g, 'dies', 4, LEASE))!;
      assert.equal(await outbox.acknowledgeClaimed(dead, inG.slice(0, 1)), true);
      const newer = await f.append(rowOf(g, 'newer'));
      later(LEASE - 1);
      assert.equal(await outbox.claim(g, 'heir', 100, LEASE), undefined, 'not before the lease ends');
      later(1);
      const heir = (await outbox.claim(g, 'heir', 1, LEASE))!;
      assert.deepEqual(seqs(heir), inG.slice(1, 4), 'the dead claim’s rows it did not acknowledge, beyond the heir’s limit');
      assert.notEqual(heir.token, dead.token);
      assert.equal(await outbox.renew(dead, LEASE), false, 'the dead writer has lost it');
      assert.equal(await outbox.acknowledgeClaimed(dead, inG.slice(1, 4)), false);
      assert.equal((await outbox.pendingOf(g, 100)).length, 6, 'the lost claim removed nothing');
      assert.equal(await outbox.acknowledgeClaimed(heir, seqs(heir)), true);
      const next = (await outbox.claim(g, 'heir', 100, LEASE))!;
      assert.deepEqual(seqs(next), [inG[4]!, inG[5]!, newer], 'once acknowledged the claim is gone: the next takes new rows');
      await drain();
    });

    it('renews a lease; a lapsed lease nobody took over is still its holder’s', async () => {
      const g = freshGroup();
      await fill(g, 2);
      const claim = (await outbox.claim(g, 'slow', 10, LEASE))!;
      later(LEASE - 10);
      assert.equal(await outbox.renew(claim, LEASE), true);
      later(LEASE - 10);
      assert.equal(await outbox.claim(g, 'other', 10, LEASE), undefined, 'renewed: still held');
      later(20);
      assert.equal(await outbox.renew(claim, LEASE), true, 'lapsed, but nobody took it');
      assert.equal(await outbox.acknowledgeClaimed(claim, seqs(claim)), true);
      assert.deepEqual(await outbox.pendingOf(g, 10), []);
      assert.equal(await outbox.renew(claim, LEASE), false, 'all acknowledged: the claim is gone');
    });

    it('acknowledges exactly the claim’s rows among those named, and only what is named', async () => {
      const [g, other] = [freshGroup(), freshGroup()];
      const inG = await fill(g, 5);
      const inOther = await fill(other, 1);
      const claim = (await outbox.claim(g, 'w', 3, LEASE))!;
      assert.equal(await outbox.acknowledgeClaimed(claim, [inG[0]!, inG[2]!, inG[4]!, inOther[0]!, 999_999_999]), true);
      assert.deepEqual((await outbox.pendingOf(g, 10)).map((r) => r.sequence), [inG[1]!, inG[3]!, inG[4]!]);
      assert.equal((await outbox.pendingOf(other, 10)).length, 1, 'another group’s row is not the claim’s');
      later(LEASE);
      const heir = (await outbox.claim(g, 'heir', 10, LEASE))!;
      assert.deepEqual(seqs(heir), [inG[1]!], 'the claim keeps only what it did not acknowledge');
      await drain();
    });

    it('release gives the rows to the next claimant at once, and kills the released token', async () => {
      const g = freshGroup();
      const inG = await fill(g, 3);
      const claim = (await outbox.claim(g, 'w', 2, LEASE))!;
      await outbox.release(claim);
      assert.equal(await outbox.acknowledgeClaimed(claim, seqs(claim)), false);
      assert.equal(await outbox.renew(claim, LEASE), false);
      const next = (await outbox.claim(g, 'w2', 10, LEASE))!;
      assert.deepEqual(seqs(next), inG.slice(0, 2), 'the same rows, not more');
      await outbox.release(next);
      await outbox.release(next);
      assert.deepEqual(seqs(await outbox.claim(g, 'w3', 10, LEASE)), inG.slice(0, 2), 'releasing twice is harmless');
      await drain();
    });

    it('a claim whose rows were acknowledged without it is replaced by new rows', async () => {
      const g = freshGroup();
      const inG = await fill(g, 2);
      const claim = (await outbox.claim(g, 'w', 1, LEASE))!;
      await outbox.acknowledge([inG[0]!]);
      later(LEASE);
      assert.deepEqual(seqs(await outbox.claim(g, 'w2', 5, LEASE)), [inG[1]!]);
      assert.equal(await outbox.acknowledgeClaimed(claim, [inG[1]!]), false);
      await drain();
    });
  });
}
