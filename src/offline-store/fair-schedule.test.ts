import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxGroupRef } from '../storage/feature-store.js';
import { FairSchedule, outboxGroupKey } from './fair-schedule.js';

const created = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const ref = (accountId: string, featureGroupName: string): OutboxGroupRef => ({ accountId, region: 'us-east-1', featureGroupName, featureGroupCreatedAt: created });
const names = (refs: OutboxGroupRef[]) => refs.map((r) => `${r.accountId}:${r.featureGroupName}`);

/** Serves the first `n` groups of a pass, as the flusher does when its row budget runs out. */
function pass(s: FairSchedule, groups: OutboxGroupRef[], n: number, waiting: (key: string) => boolean = () => false): string[] {
  const order = s.order(groups, waiting).slice(0, n);
  for (const g of order) s.served(g);
  s.endPass();
  return names(order);
}

describe('the offline writer’s fair schedule', () => {
  it('interleaves accounts: every account’s first group before any account’s second', () => {
    const s = new FairSchedule();
    const groups = [ref('111', 'a1'), ref('111', 'a2'), ref('111', 'a3'), ref('222', 'b1'), ref('333', 'c1'), ref('333', 'c2')];
    assert.deepEqual(names(s.order(groups, () => false)), ['111:a1', '222:b1', '333:c1', '111:a2', '333:c2', '111:a3']);
  });

  it('puts first next pass whoever a bounded pass did not reach, and rotates an account’s groups', () => {
    const s = new FairSchedule();
    const many = Array.from({ length: 50 }, (_, i) => ref('111', `a${String(i).padStart(2, '0')}`));
    const groups = [...many, ref('222', 'b1'), ref('333', 'c1')];
    assert.deepEqual(pass(s, groups, 2), ['111:a00', '222:b1']);
    assert.deepEqual(pass(s, groups, 2), ['333:c1', '111:a01'], 'the account left out goes first, then the next group of 111');
    assert.deepEqual(pass(s, groups, 3), ['222:b1', '111:a02', '333:c1']);
  });

  it('skips groups waiting out a backoff without giving their account’s turn away', () => {
    const s = new FairSchedule();
    const blocked = Array.from({ length: 100 }, (_, i) => ref('111', `blocked-${i}`));
    const groups = [...blocked, ref('111', 'healthy-a'), ref('222', 'healthy-b')];
    const waiting = (key: string) => key.includes('/blocked-');
    assert.deepEqual(pass(s, groups, 2, waiting), ['111:healthy-a', '222:healthy-b']);
  });

  it('tells apart a group and its re-created namesake, and forgets groups with nothing pending', () => {
    const s = new FairSchedule();
    const again = { ...ref('111', 'g'), featureGroupCreatedAt: new Date(created.getTime() + 5000) };
    assert.notEqual(outboxGroupKey(ref('111', 'g')), outboxGroupKey(again));
    assert.equal(s.order([ref('111', 'g'), again], () => false).length, 2);
    pass(s, [ref('111', 'old')], 1);
    assert.deepEqual(pass(s, [ref('111', 'new'), ref('111', 'old')], 2), ['111:new', '111:old'], 'never-served first');
  });
});
