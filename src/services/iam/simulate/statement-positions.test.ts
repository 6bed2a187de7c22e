import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statementPositions } from './statement-positions.js';

describe('statementPositions', () => {
  it('finds each statement of a one-line document', () => {
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}';
    const [a, b] = statementPositions(doc);
    assert.equal(doc.slice(a!.start.Column - 1, a!.end.Column - 1), '{"Effect":"Allow","Action":"s3:*","Resource":"*"}');
    assert.equal(doc.slice(b!.start.Column - 1, b!.end.Column - 1), '{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}');
  });

  it('counts lines and columns from 1 in a pretty-printed document, with a single-object Statement and escaped strings', () => {
    const doc = JSON.stringify({ Id: 'a "quoted" } id', Statement: { Effect: 'Allow', Action: ['s3:Get*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } } }, null, 2);
    const [only] = statementPositions(doc);
    assert.deepEqual(only!.start, { Line: 3, Column: 16 });
    const lines = doc.split('\n');
    assert.equal(only!.end.Line, lines.length - 1);
    assert.equal(lines[only!.end.Line - 1]!.slice(0, only!.end.Column - 1), '  }');
  });

  it('gives nothing for text that is not a JSON object', () => {
    assert.deepEqual(statementPositions('[]'), []);
    assert.deepEqual(statementPositions('{"Version":"2012-10-17"}'), []);
  });
});
