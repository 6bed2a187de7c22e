import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/paths.js';
import { loadSampleGroup, toRecord } from './sample.js';

describe('the sample the demo ingests (data/cross-account-sample)', () => {
  it('is exactly what scripts/make-sample.mjs makes from its seed', () => {
    const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'make-sample.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('has the guide’s two groups with the features the guide’s notebooks use', () => {
    const customers = loadSampleGroup('customers');
    const purchases = loadSampleGroup('purchases');
    assert.deepEqual(customers.definitions.map((d) => `${d.FeatureName}:${d.FeatureType}`), [
      'cid:Integral', 'name:String', 'age:Integral', 'marital_status:String', 'sex:String', 'city:String', 'state:String', 'created_at:Fractional',
    ]);
    assert.deepEqual(purchases.definitions.map((d) => `${d.FeatureName}:${d.FeatureType}`), [
      'pid:Integral', 'cid:Integral', 'product_name:String', 'purchase_amount:Fractional', 'product_category:String', 'purchased_at:String', 'created_at:Fractional',
    ]);
    assert.deepEqual([customers.recordIdentifier, customers.eventTime, purchases.recordIdentifier, purchases.eventTime], ['cid', 'created_at', 'pid', 'created_at']);
    for (const g of [customers, purchases]) {
      assert.ok(g.rows.length >= 5, `${g.name}: ${g.rows.length} rows`);
      for (const row of g.rows) assert.equal(row.length, g.definitions.length - 1, `${g.name}: ${row.join(',')}`);
      assert.equal(new Set(g.rows.map((r) => r[0])).size, g.rows.length, `${g.name}: record identifiers are unique`);
      assert.ok(g.tags.length > 0 && g.description.length > 0);
    }
  });

  it('joins: every purchase’s cid is a customer’s, and every customer bought something', () => {
    const cids = loadSampleGroup('customers').rows.map((r) => r[0]);
    const bought = loadSampleGroup('purchases').rows.map((r) => r[1]);
    for (const cid of bought) assert.ok(cids.includes(cid), `purchase by unknown customer ${cid}`);
    assert.deepEqual([...new Set(bought)].sort(), [...cids].sort());
  });

  it('keeps a value as written, trailing space included, and sets the event time', () => {
    const customers = loadSampleGroup('customers');
    const withSpace = customers.rows.find((r) => r.some((v) => v !== v.trimEnd()));
    assert.ok(withSpace, 'the sample keeps one stray trailing space on purpose');
    const record = toRecord(customers, withSpace, 1_700_000_000.5);
    assert.deepEqual(record.map((v) => v.ValueAsString), [...withSpace, '1700000000.5']);
    assert.deepEqual(record.map((v) => v.FeatureName), customers.definitions.map((d) => d.FeatureName));
  });
});
