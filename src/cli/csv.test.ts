import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits plain rows, keeping spaces as written and skipping blank lines', () => {
    assert.deepEqual(parseCsv('1001,aaron,32\n\n1002,bria,CA \n'), [
      { line: 1, fields: ['1001', 'aaron', '32'] },
      { line: 3, fields: ['1002', 'bria', 'CA '] },
    ]);
  });
  it('reads quoted fields with commas, doubled quotes and newlines, and CRLF line ends', () => {
    assert.deepEqual(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x\r\n'), [
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x'] },
    ]);
  });
  it('keeps empty fields and a last row without a newline', () => {
    assert.deepEqual(parseCsv('a,,c\n,,'), [
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });
  it('refuses an unclosed quote, naming the line', () => {
    assert.throws(() => parseCsv('a,b\n"open,x\n'), /line 2: a quoted field is not closed/);
  });
});
