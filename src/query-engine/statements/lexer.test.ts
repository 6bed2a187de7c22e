import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blankComments, tokenize } from './lexer.js';

const values = (sql: string, dialect: 'hive' | 'trino') => tokenize(sql, dialect).tokens.slice(0, -1).map((t) => [t.kind, t.value]);

describe('tokenize: quoting in each dialect', () => {
  it('Hive: backslash escapes in both quotes, backticks with doubled backticks', () => {
    assert.deepEqual(values(`'a\\'b' "c\\"d" '\\t\\n\\001\\u0041\\Z\\q\\\\' \`we\`\`ird\``, 'hive'), [
      ['string', "a'b"],
      ['string', 'c"d'],
      ['string', '\t\n\u0001A\u001aq\\'],
      ['quoted', 'we`ird'],
    ]);
    assert.deepEqual(values("'50\\%' '\\_'", 'hive'), [['string', '50\\%'], ['string', '\\_']], 'Hive keeps \\% and \\_ for LIKE');
  });

  it('Trino: doubled quotes, double-quoted identifiers, backslashes literal', () => {
    assert.deepEqual(values(`'it''s' "a""b" 'c\\'`, 'trino'), [['string', "it's"], ['quoted', 'a"b'], ['string', 'c\\']]);
  });

  it('numbers, words that start with digits, punctuation one character at a time', () => {
    assert.deepEqual(values('1 2.5 .5e3 10L 2024abc >>= <>', 'hive'), [
      ['number', '1'], ['number', '2.5'], ['number', '.5e3'], ['word', '10L'], ['word', '2024abc'],
      ['punct', '>'], ['punct', '>'], ['punct', '='], ['punct', '<'], ['punct', '>'],
    ]);
  });

  it('positions: 1-based lines, 0-based columns, after comments and newlines', () => {
    const { tokens, comments } = tokenize('-- c\n  /* x\ny */ SHOW', 'hive');
    assert.deepEqual([tokens[0]!.line, tokens[0]!.column, tokens[0]!.offset], [3, 5, 17]);
    assert.deepEqual(comments, [[0, 4], [7, 16]]);
    assert.equal(blankComments('-- c\n  /* x\ny */ SHOW', comments), '    \n      \n     SHOW');
  });
});
