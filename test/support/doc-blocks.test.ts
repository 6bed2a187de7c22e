import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeBlocks, parseMarker, strayMarkers } from './doc-blocks.js';
import { notebookModule } from './doc-programs.js';

describe('doc blocks: fences and the markers before them', () => {
  it('reads run and not-run markers, blank lines between, list indentation taken off', () => {
    const text = [
      '<!-- demo: run as written by test/e2e/x.test.ts -->', '', '```sh', 'npm run demo', '```',
      'text', '```json', '{}', '```',
      '- item', '  <!-- not run: a response captured from AWS -->', '  ```', '  HTTP 403', '    indented', '  ```',
      '<!-- sdk: run as written by test/e2e/y.test.ts, on the state the setup makes -->', '````ts', '```', '````',
    ].join('\n');
    const blocks = codeBlocks(text, 'x.md');
    assert.deepEqual(blocks.map((b) => [b.line, b.lang, b.code, b.marker]), [
      [3, 'sh', 'npm run demo\n', { kind: 'run', name: 'demo', test: 'test/e2e/x.test.ts' }],
      [7, 'json', '{}\n', undefined],
      [12, '', 'HTTP 403\n  indented\n', { kind: 'not-run', reason: 'a response captured from AWS' }],
      [17, 'ts', '```\n', { kind: 'run', name: 'sdk', test: 'test/e2e/y.test.ts' }],
    ]);
  });

  it('is no marker: another comment, a reason left empty, a run without a test file', () => {
    assert.equal(parseMarker('<!-- a comment -->'), undefined);
    assert.equal(parseMarker('<!-- not run: -->'), undefined);
    assert.equal(parseMarker('<!-- x: run as written by -->'), undefined);
  });

  it('finds markers that no block follows', () => {
    assert.deepEqual(strayMarkers('<!-- not run: gone -->\n\ntext\n```\nx\n```\n', 'x.md'), ['x.md:1: <!-- not run: gone -->']);
  });
});

describe('notebookModule: cells as one module', () => {
  it('merges the cells’ named imports at the top and keeps the code in order', () => {
    assert.equal(
      notebookModule(["import { a } from 'm';\nuse(a);\n", "import { a, type B } from 'm';\nimport { c } from 'n';\nuse(c);\n"]),
      "import { a, type B } from 'm';\nimport { c } from 'n';\n\nuse(a);\n\nuse(c);\n",
    );
  });
  it('refuses an import it cannot merge', () => {
    assert.throws(() => notebookModule(["import * as m from 'm';\n"]), /an import the examples' merge does not take/);
  });
});
