#!/usr/bin/env node
// Writes sagelite's own sample for the cross-account guide: data/cross-account-sample/schema/*.json
// and data/*.csv, a `customers` and a `purchases` feature group whose ids join (every purchase's cid
// is a customer's). The values are made up here, from a fixed seed, so every run writes the same
// bytes. Usage: node scripts/make-sample.mjs [--check]
// --check writes nothing and exits 1 if the committed files differ from what this script makes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'cross-account-sample');
const SEED = 0x5a6e117e;
const CUSTOMERS = 5;
const PURCHASES = 10;

/** mulberry32: a small, well-known 32-bit PRNG; enough for made-up sample values. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[int(0, list.length - 1)];
/** `count` distinct integers in [lo, hi], ascending. */
function distinct(count, lo, hi) {
  const seen = new Set();
  while (seen.size < count) seen.add(int(lo, hi));
  return [...seen].sort((x, y) => x - y);
}
function shuffle(list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const FIRST_NAMES = ['ines', 'tomas', 'keiko', 'omar', 'ravi', 'lena', 'marco', 'zoe', 'hugo', 'amara', 'felix', 'noor', 'yusuf', 'greta', 'diego', 'sofia'];
const PLACES = [
  ['tucson', 'AZ'], ['boise', 'ID'], ['duluth', 'MN'], ['savannah', 'GA'], ['spokane', 'WA'], ['albany', 'NY'],
  ['eugene', 'OR'], ['madison', 'WI'], ['el paso', 'TX'], ['st. louis', 'MO'], ['des moines', 'IA'], ['salt lake city', 'UT'],
];
const PRODUCTS = [
  ['Trail Runner Shoes', 'shoes'], ['Canvas Low-Top Sneakers', 'shoes'], ['Leather Chelsea Boots', 'shoes'],
  ['Merino Crew Socks', 'apparel'], ['Rain Shell Jacket', 'apparel'], ['Linen Button Shirt', 'apparel'],
  ['Steel Field Watch', 'watches'], ['Solar Dive Watch', 'watches'],
  ['Percale Sheet Set', 'bedding'], ['Wool Throw Blanket', 'bedding'],
  ['Cast Iron Skillet', 'kitchen'], ['Pour-Over Coffee Kit', 'kitchen'],
];

const EVENT_TIME = { name: 'created_at', type: 'double', description: 'Event time in Unix seconds, set when the row is ingested' };

const customersSchema = {
  description: 'Customer profiles: who buys, and where they live',
  features: [
    { name: 'cid', type: 'bigint', description: 'Customer id, unique; purchases refer to it' },
    { name: 'name', type: 'string', description: "The customer's first name" },
    { name: 'age', type: 'bigint', description: "The customer's age in years" },
    { name: 'marital_status', type: 'string', description: 'married or single' },
    { name: 'sex', type: 'string', description: 'female or male' },
    { name: 'city', type: 'string', description: 'City of residence' },
    { name: 'state', type: 'string', description: 'Two-letter US state code' },
    EVENT_TIME,
  ],
  record_identifier_feature_name: 'cid',
  event_time_feature_name: 'created_at',
  tags: [{ Key: 'stage', Value: 'dev' }, { Key: 'owner', Value: 'sagelite-demo' }, { Key: 'refresh', Value: 'daily' }],
};

const purchasesSchema = {
  description: 'Purchases: one row per item bought, joined to customers by cid',
  features: [
    { name: 'pid', type: 'bigint', description: 'Purchase id, unique' },
    { name: 'cid', type: 'bigint', description: 'Id of the buying customer (joins customers)' },
    { name: 'product_name', type: 'string', description: 'What was bought' },
    { name: 'purchase_amount', type: 'double', description: 'Price paid, in US dollars' },
    { name: 'product_category', type: 'string', description: 'Product category' },
    { name: 'purchased_at', type: 'string', description: 'Day of purchase, YYYY-MM-DD' },
    EVENT_TIME,
  ],
  record_identifier_feature_name: 'pid',
  event_time_feature_name: 'created_at',
  tags: [{ Key: 'stage', Value: 'prod' }, { Key: 'owner', Value: 'sagelite-demo' }, { Key: 'ingestion', Value: 'stream' }],
};

const cids = distinct(CUSTOMERS, 7000, 7999);
const names = shuffle(FIRST_NAMES);
const customers = cids.map((cid, i) => {
  const [city, state] = pick(PLACES);
  return [cid, names[i], int(19, 74), pick(['married', 'single']), pick(['female', 'male']), city, state];
});
// One stray trailing space, on purpose: values are stored as sent, and the tests check that.
customers[1][6] += ' ';

const buyers = shuffle([...cids, ...Array.from({ length: PURCHASES - CUSTOMERS }, () => pick(cids))]);
const purchases = distinct(PURCHASES, 30000, 39999).map((pid, i) => {
  const [product, category] = pick(PRODUCTS);
  let cents = int(499, 45000);
  if (cents % 10 === 0) cents += 1; // no trailing zero: the CSV text and the double read back agree
  const day = new Date(Date.UTC(2024, 0, 1) + int(0, 365) * 86_400_000).toISOString().slice(0, 10);
  return [pid, buyers[i], product, (cents / 100).toFixed(2), category, day];
});

const files = {
  'schema/customers.json': JSON.stringify(customersSchema, null, 2) + '\n',
  'schema/purchases.json': JSON.stringify(purchasesSchema, null, 2) + '\n',
  'data/customers.csv': customers.map((r) => r.join(',')).join('\n') + '\n',
  'data/purchases.csv': purchases.map((r) => r.join(',')).join('\n') + '\n',
};

if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(([name, text]) => {
    try {
      return readFileSync(join(OUT, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`out of date: ${stale.map(([n]) => n).join(', ')} (run: node scripts/make-sample.mjs)`);
    process.exit(1);
  }
  console.log('the sample is what scripts/make-sample.mjs makes');
} else {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(OUT, name)), { recursive: true });
    writeFileSync(join(OUT, name), text);
  }
  console.log(`wrote ${Object.keys(files).length} files under ${OUT}`);
}
