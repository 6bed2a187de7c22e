import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { escapePathName, partitionLocation, partitionsFromKeys, unescapePathName } from './partitions.js';

const KEYS = [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }];

describe('partitionsFromKeys (MSCK REPAIR TABLE)', () => {
  it('finds each k=v/k=v directory once, in the order first seen', () => {
    const keys = [
      'year=2024/month=01/a.parquet',
      'year=2024/month=01/b.parquet',
      'year=2024/month=02/nested/deeper/c.parquet',
      'year=2023/month=12/d.parquet',
    ];
    assert.deepEqual(partitionsFromKeys(keys, KEYS), [
      { values: ['2024', '01'], relativeDir: 'year=2024/month=01' },
      { values: ['2024', '02'], relativeDir: 'year=2024/month=02' },
      { values: ['2023', '12'], relativeDir: 'year=2023/month=12' },
    ]);
  });

  it('ignores objects above the partition depth, other key names, wrong order, hidden directories and empty names', () => {
    const keys = [
      'year=2024/x.parquet', // not deep enough
      'year=2024/month=01', // an object named like a directory holds nothing below it
      'month=01/year=2024/a.parquet', // keys in the wrong order
      'yr=2024/month=01/a.parquet', // another key name
      '_temporary/year=2024/month=01/a', // hidden
      'year=2024/_SUCCESS/month=01/x', // hidden
      'year=2024/month/a.parquet', // no '='
      '=2024/month=01/a', // empty key
      'x.csv',
    ];
    assert.deepEqual(partitionsFromKeys(keys, KEYS), []);
  });

  it('matches key names case-insensitively and unescapes values as Hive does', () => {
    assert.deepEqual(partitionsFromKeys(['YEAR=2024/Month=a%2Fb%3Dc%25/f', 'year=__HIVE_DEFAULT_PARTITION__/month=%zz/f'], KEYS), [
      { values: ['2024', 'a/b=c%'], relativeDir: 'YEAR=2024/Month=a%2Fb%3Dc%25' },
      { values: ['__HIVE_DEFAULT_PARTITION__', '%zz'], relativeDir: 'year=__HIVE_DEFAULT_PARTITION__/month=%zz' },
    ]);
    assert.deepEqual(partitionsFromKeys(['a=1/f'], []), [], 'an unpartitioned table has no partitions');
  });
});

describe('partitionLocation and Hive path escaping', () => {
  it('joins the table location with the escaped partition name, values in key order', () => {
    assert.equal(partitionLocation('s3://b/sales/', { month: '01', year: '2024' }, KEYS), 's3://b/sales/year=2024/month=01');
    assert.equal(partitionLocation('s3://b/sales', { YEAR: '2024', month: 'a:b/c' }, KEYS), 's3://b/sales/year=2024/month=a%3Ab%2Fc');
  });

  it('refuses a spec that does not name exactly the partition keys, in Hive\'s words', () => {
    assert.throws(() => partitionLocation('s3://b/', { year: '2024' }, KEYS), (e: unknown) => e instanceof QueryFailure && /does not fully match table partitioning: \{year=2024\}/.test(e.message));
    assert.throws(() => partitionLocation('s3://b/', { year: '2024', month: '1', day: '2' }, KEYS), /Partition spec \{year=2024, month=1, day=2\} contains non-partition columns/);
  });

  it('escapes and unescapes the characters Hive escapes', () => {
    assert.equal(escapePathName('a b#c%d\'e*f/g:h=i?j\\k{l[m]n^o"p\u0001q\u007f'), 'a b%23c%25d%27e%2Af%2Fg%3Ah%3Di%3Fj%5Ck%7Bl%5Bm%5Dn%5Eo%22p%01q%7F');
    assert.equal(unescapePathName(escapePathName('ünï/code:x')), 'ünï/code:x');
    assert.equal(escapePathName(''), '__HIVE_DEFAULT_PARTITION__');
  });
});
