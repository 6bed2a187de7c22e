// The lexical layer of the sandbox: what DuckDB receives is one spelling of what the tokenizer read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailure } from '../types.js';
import { translateQuery } from './translate.js';

function refused(sql: string, pattern: RegExp): void {
  assert.throws(() => translateQuery(sql), (e: unknown) => e instanceof QueryFailure && pattern.test(e.message), sql);
}

describe('canonical tokens: DuckDB reads what the tokenizer read', () => {
  it('parts a word from a string it touches, so E\'…\' and friends are never DuckDB escape strings', () => {
    assert.equal(translateQuery("SELECT E'\\' AS x"), "SELECT E '\\' AS x");
    refused("SELECT E'\\';COPY (SELECT 1) TO '/tmp/x' --'", /Only one sql statement is allowed/);
    assert.equal(translateQuery("SELECT e'a', N'b', B'01'"), "SELECT e 'a', N 'b', B '01'");
    assert.equal(translateQuery("SELECT 'a''b' AS \"x\"\"y\""), "SELECT 'a''b' AS \"x\"\"y\"");
    assert.equal(translateQuery('SELECT 1x'), 'SELECT 1 x');
  });

  it('drops comments, so nested or \\r-ended comments cannot hide or reveal text', () => {
    assert.equal(translateQuery('SELECT 1 /* /* */ AS x'), 'SELECT 1   AS x');
    assert.equal(translateQuery('SELECT 1 -- a\r; DROP TABLE t\nAS x'), 'SELECT 1  \nAS x');
    refused('SELECT 1 /* unterminated', /^SYNTAX_ERROR: line 1:10: token recognition error/);
  });

  it('turns whitespace into plain spaces and newlines; non-ASCII characters are parts of names in both lexers', () => {
    assert.equal(translateQuery('SELECT\t1\fAS\vx\r\n'), 'SELECT 1 AS x\n');
    assert.equal(translateQuery('SELECT 1 AS \u00a0x'), 'SELECT 1 AS x', 'a space where a token starts');
    assert.equal(translateQuery('SELECT a\u00a0b'), 'SELECT a\u00a0b', 'part of a name inside one, for DuckDB too');
  });

  it('refuses characters Trino has no token for: dollar quotes, parameters, backslashes, DuckDB operators', () => {
    refused('SELECT $$a;b$$', /^SYNTAX_ERROR: line 1:8: token recognition error at: '\$'/);
    refused('SELECT $tag$x$tag$', /^SYNTAX_ERROR: line 1:8: token recognition error at: '\$'/);
    refused('SELECT \\x', /^SYNTAX_ERROR: line 1:8: token recognition error at: '\\'/);
    for (const op of ['@', '#', '~', '^', '&', '{', '}', '!', ':', '::', '|']) refused(`SELECT 1 ${op} 2`, /^SYNTAX_ERROR: line 1:10: token recognition error/);
    refused('SELECT `a` FROM t', /^SYNTAX_ERROR: line 1:8: backquoted identifiers are not supported; use double quotes to quote identifiers$/);
    refused('SELECT "" FROM t', /Zero-length delimited identifier/);
    refused("SELECT X'zz'", /^SYNTAX_ERROR: line 1:8: Binary literal can only contain hexadecimal digits$/);
    refused("SELECT 'unterminated", /token recognition error/);
    refused("SELECT 'a\0' AS x", /^SYNTAX_ERROR: line 1:10: token recognition error at: '\\0'$/);
  });

  it('refuses nesting deeper than 64 parentheses or brackets (DuckDB binds deep nesting in quadratic time, deaf to cancellation)', () => {
    const nested = (n: number) => `SELECT ${'ARRAY['.repeat(n)}1${']'.repeat(n)}`;
    assert.doesNotThrow(() => translateQuery(nested(64)));
    refused(nested(65), /^NOT_SUPPORTED: line 1:\d+: Expressions nested more than 64 levels deep are not supported$/);
    refused(`SELECT ${'('.repeat(500)}1${')'.repeat(500)}`, /^NOT_SUPPORTED: line 1:72: /);
  });

  it('allows one trailing semicolon and refuses a second statement', () => {
    assert.equal(translateQuery('SELECT 1; -- done'), 'SELECT 1');
    refused('SELECT 1; SELECT 2', /^Only one sql statement is allowed/);
    refused("SELECT 1; COPY (SELECT 1) TO '/tmp/x'", /Only one sql statement is allowed/);
  });

  it('keeps honest SQL whose strings hold what looks like syntax', () => {
    assert.equal(translateQuery("SELECT ';', '--', '/*', '$$', 'E''x', '\\', 'ünï' AS \"ñ\""), "SELECT ';', '--', '/*', '$$', 'E''x', '\\', 'ünï' AS \"ñ\"");
    assert.equal(translateQuery("SELECT X'0A 0b'"), "SELECT X'0A0b'");
  });
});
