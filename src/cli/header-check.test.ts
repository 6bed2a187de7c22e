import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { headerProblems } from './header-check.js';

const ORDERS = { recordIdentifierFeatureName: 'order_id', eventTimeFeatureName: 'event_time', featureNames: ['order_id', 'customer', 'amount', 'event_time'] };

describe("a CSV's columns against a feature group", () => {
  it('accepts any subset of the features that has the record identifier and the event time', () => {
    assert.deepEqual(headerProblems(['order_id', 'event_time'], ORDERS), []);
    assert.deepEqual(headerProblems(['event_time', 'amount', 'customer', 'order_id'], ORDERS), []);
  });

  it('names a missing record identifier and event time; --event-time-now makes the event time optional', () => {
    assert.deepEqual(headerProblems(['customer'], ORDERS), [
      'the record identifier feature order_id has no column',
      'the event time feature event_time has no column (add it, or pass --event-time-now to set it to the time of ingestion)',
    ]);
    assert.deepEqual(headerProblems(['order_id'], ORDERS, { eventTimeNow: true }), []);
  });

  it('names unknown and repeated columns, with the feature a column differs from only in case', () => {
    assert.deepEqual(headerProblems(['order_id', 'event_time', 'Amount', 'note', 'note'], ORDERS), [
      'column note appears more than once',
      'unknown columns Amount (did you mean amount?), note: not features of the group (its features: order_id, customer, amount, event_time)',
    ]);
  });
});
