import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../core/errors.js';
import { QueryFailure } from '../../query-engine/types.js';
import type { WorkGroupRecord } from '../../storage/athena.js';
import { paginate } from './arns.js';
import { bindParameters, guessStatementType } from './execution-parameters.js';
import { checkOutputLocation, effectiveResultConfiguration, resultFileUri } from './result-config.js';
import { parseCsv, parseText, renderCsv, renderText } from './result-files.js';
import { applyConfigurationUpdates } from './work-groups.js';

const col = (name: string) => ({ name, label: name, type: 'varchar', precision: 0, scale: 0, nullable: 'UNKNOWN' as const, caseSensitive: true });

describe('Athena paging', () => {
  it('pages with opaque tokens bound to the operation and scope', () => {
    const all = Array.from({ length: 5 }, (_, i) => i);
    const first = paginate('Op', 'wg', all, undefined, 2, 50);
    assert.deepEqual(first.items, [0, 1]);
    const second = paginate('Op', 'wg', all, first.NextToken, 2, 50);
    assert.deepEqual(second.items, [2, 3]);
    const last = paginate('Op', 'wg', all, second.NextToken, 2, 50);
    assert.deepEqual(last, { items: [4] });
    assert.deepEqual(paginate('Op', 'wg', all, undefined, 0, 3).items, [0, 1, 2], 'MaxResults 0 means the default');
    for (const token of ['bogus', paginate('Other', 'wg', all, undefined, 2, 50).NextToken, paginate('Op', 'other-wg', all, undefined, 2, 50).NextToken]) {
      assert.throws(() => paginate('Op', 'wg', all, token, 2, 50), (e: AwsError) => e.code === 'InvalidRequestException' && e.message === 'The specified NextToken is invalid.');
    }
  });
});

describe('Athena result configuration', () => {
  const wg = (enforce: boolean): WorkGroupRecord => ({
    accountId: '1', region: 'r', name: 'w', state: 'ENABLED', tags: [], createdAt: new Date(0),
    configuration: { EnforceWorkGroupConfiguration: enforce, ResultConfiguration: { OutputLocation: 's3://wg/', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } } },
  });

  it('takes the work group whole when it enforces, else each member from the request over the work group', () => {
    assert.deepEqual(effectiveResultConfiguration(wg(true), { OutputLocation: 's3://mine/', ExpectedBucketOwner: '2' }), { OutputLocation: 's3://wg/', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } });
    assert.deepEqual(effectiveResultConfiguration(wg(false), { OutputLocation: 's3://mine/', ExpectedBucketOwner: '2' }), {
      OutputLocation: 's3://mine/', ExpectedBucketOwner: '2', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' },
    });
    assert.deepEqual(effectiveResultConfiguration(wg(false), undefined), { OutputLocation: 's3://wg/', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } });
  });

  it('checks output locations and names result files with one slash', () => {
    checkOutputLocation('s3://bucket');
    checkOutputLocation('s3://bucket/a/b/');
    for (const bad of ['bucket/x', 'https://bucket/', 's3://', 's3://B/']) assert.throws(() => checkOutputLocation(bad), (e: AwsError) => e.code === 'InvalidRequestException');
    assert.equal(resultFileUri('s3://b/p', 'id', 'csv'), 's3://b/p/id.csv');
    assert.equal(resultFileUri('s3://b/p/', 'id', 'txt'), 's3://b/p/id.txt');
  });

  it('applies configuration updates: given members replace, Remove… flags drop', () => {
    const next = applyConfigurationUpdates(
      { EnforceWorkGroupConfiguration: true, BytesScannedCutoffPerQuery: 10_000_000, ResultConfiguration: { OutputLocation: 's3://a/', ExpectedBucketOwner: '1' } },
      { EnforceWorkGroupConfiguration: false, RemoveBytesScannedCutoffPerQuery: true, ResultConfigurationUpdates: { RemoveOutputLocation: true, AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } } },
    );
    assert.deepEqual(next, { EnforceWorkGroupConfiguration: false, ResultConfiguration: { ExpectedBucketOwner: '1', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } } });
  });
});

describe('Athena execution parameters', () => {
  it('fills ? placeholders in order, not inside strings, quoted identifiers or comments', () => {
    assert.equal(bindParameters("SELECT '?', \"a?\", x FROM t WHERE a = ? -- ?\n AND b = ? /* ? */", ['1', "'it''s'"]), "SELECT '?', \"a?\", x FROM t WHERE a = 1 -- ?\n AND b = 'it''s' /* ? */");
    assert.equal(bindParameters("SELECT 'a''?'", undefined), "SELECT 'a''?'");
  });

  it('fails the query in Trino\'s words when the counts differ', () => {
    assert.throws(() => bindParameters('SELECT ?, ?', ['1']), (e: QueryFailure) => e instanceof QueryFailure && e.message === 'INVALID_PARAMETER_USAGE: line 1:1: Incorrect number of parameters: expected 2 but found 1');
    assert.throws(() => bindParameters('SELECT 1', ['1']), QueryFailure);
  });

  it('guesses the statement type and result format from the first keyword', () => {
    assert.deepEqual(guessStatementType('  -- c\n with x as (select 1) select * from x'), { statementType: 'DML', format: 'csv' });
    assert.deepEqual(guessStatementType('SHOW TABLES'), { statementType: 'UTILITY', format: 'txt' });
    assert.deepEqual(guessStatementType('CREATE EXTERNAL TABLE t (a int) LOCATION \'s3://b/\''), { statementType: 'DDL', format: 'txt' });
    assert.deepEqual(guessStatementType('CREATE TABLE t WITH (format = \'PARQUET\') AS SELECT 1'), { statementType: 'DDL', format: 'csv' });
  });
});

describe('Athena result files', () => {
  it('writes every value quoted and NULL empty, and reads them back', () => {
    const rows = [['a', null, 'say "hi"'], ['', 'x,y', 'line\nbreak']];
    const text = renderCsv([col('c1'), col('c2'), col('c3')], rows).toString('utf8');
    assert.equal(text, '"c1","c2","c3"\n"a",,"say ""hi"""\n"","x,y","line\nbreak"\n');
    assert.deepEqual(parseCsv(text), [['c1', 'c2', 'c3'], ...rows]);
    assert.deepEqual(parseCsv('"a",\n,"b"\n'), [['a', null], [null, 'b']]);
  });

  it('writes DDL output as lines and reads it back', () => {
    assert.equal(renderText([['t1'], ['t2']]).toString('utf8'), 't1\nt2\n');
    assert.deepEqual(parseText('t1\nt2\n'), [['t1'], ['t2']]);
    // DESCRIBE's and SHOW TBLPROPERTIES' lines stay whole: one value per row, tabs inside it.
    assert.deepEqual(parseText('id                  \tint                 \t                    \nk\tv\n'), [['id                  \tint                 \t                    '], ['k\tv']]);
    assert.deepEqual(parseText(''), []);
  });
});
