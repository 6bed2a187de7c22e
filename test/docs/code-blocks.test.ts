/**
 * Docs that hold: every fenced block of README.md, docs/**\/*.md and packages/*\/README.md is either run by a test
 * (`<!-- NAME: run as written by test/….test.ts -->`, and that test asks for NAME) or says why
 * it is not (`<!-- not run: WHY -->`). A new block without either fails here, so docs cannot
 * drift from what runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { allDocBlocks, codeBlocks, docFiles, strayMarkers, type RunMarker } from '../support/doc-blocks.js';

const blocks = allDocBlocks(PACKAGE_ROOT);
const where = (b: { file: string; line: number; code: string }) => `${b.file}:${b.line} (${b.code.split('\n')[0]!.slice(0, 60)})`;

describe('docs: every code block is run by a test or marked as not run', () => {
  it('finds the blocks of README.md, docs/**/*.md and packages/*/README.md', () => {
    assert.ok(docFiles(PACKAGE_ROOT).includes('docs/SDK.md'));
    assert.ok(docFiles(PACKAGE_ROOT).includes('packages/sdk/README.md'));
    assert.ok(docFiles(PACKAGE_ROOT).includes('docs/research/auth-errors.md'));
    assert.ok(blocks.length >= 20, `only ${blocks.length} blocks found`);
  });

  it('every block has a marker on the line before it', () => {
    const unmarked = blocks.filter((b) => !b.marker).map(where);
    assert.deepEqual(unmarked, [], 'mark each block <!-- NAME: run as written by test/….test.ts --> (and run it there) or <!-- not run: WHY -->');
  });

  it('every "run as written by" names a test file that exists and asks for the block by name', () => {
    const wrong: string[] = [];
    for (const b of blocks) {
      if (b.marker?.kind !== 'run') continue;
      const m: RunMarker = b.marker;
      const test = join(PACKAGE_ROOT, m.test);
      if (!/^test\/.*\.test\.ts$/.test(m.test) || !existsSync(test)) {
        wrong.push(`${where(b)}: ${m.test} is not a test file`);
        continue;
      }
      const source = readFileSync(test, 'utf8');
      // The file by its path from the root, or by its last part (join(PACKAGE_ROOT, 'packages', 'sdk', 'README.md')).
      const names = [b.file, b.file.split('/').pop()!];
      if (!source.includes(`'${m.name}'`) || !names.some((n) => source.includes(`'${n}'`))) wrong.push(`${where(b)}: ${m.test} does not ask for '${b.file}' block '${m.name}'`);
    }
    assert.deepEqual(wrong, []);
  });

  it('no marker is left without its block', () => {
    const stray = docFiles(PACKAGE_ROOT).flatMap((f) => strayMarkers(readFileSync(join(PACKAGE_ROOT, f), 'utf8'), f));
    assert.deepEqual(stray, []);
  });

  it('shell, TypeScript and JavaScript blocks that are not run say why in more than a word', () => {
    const terse = blocks.filter((b) => b.marker?.kind === 'not-run' && ['sh', 'bash', 'ts', 'js', 'python'].includes(b.lang) && b.marker.reason.split(/\s+/).length < 4);
    assert.deepEqual(terse.map(where), []);
  });
});

describe('docs: what they say about the demo’s time holds for package.json', () => {
  const demoScript = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['demo'] ?? '';
  const builds = /\bnpm run build\b|\btsc\b|scripts\/build\.mjs/.test(demoScript);
  for (const file of ['README.md', 'docs/GUIDE.md']) {
    it(`${file}: the text after its \`npm run demo\` block says the build comes first exactly when the script builds (${builds ? 'it does' : 'it does not'})`, () => {
      const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8');
      const block = codeBlocks(text, file).find((b) => b.code.includes('npm run demo'));
      assert.ok(block, `${file} has an npm run demo block`);
      const after = text.split('\n').slice(block.line + block.code.split('\n').length).join('\n');
      const paragraph = after.replace(/^\s+/, '').split(/\n\s*\n/)[0]!;
      assert.match(paragraph, /about a second/);
      assert.equal(/compile[sd]? the TypeScript/.test(paragraph), builds, paragraph);
    });
  }
});
