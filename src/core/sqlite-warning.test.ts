import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

describe('the node:sqlite warning filter', () => {
  it('drops Node 22’s "SQLite is an experimental feature" warning and prints every other warning as Node does', () => {
    const filter = new URL('./sqlite-warning.js', import.meta.url).href;
    const script = `await import(${JSON.stringify(filter)}); await import('node:sqlite');
      process.emitWarning('another experiment', 'ExperimentalWarning'); process.emitWarning('plain');`;
    // Without --import: the filter must work when a program imports it itself, as bin/sagelite.js does.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /SQLite/);
    assert.match(r.stderr, /\(node:\d+\) ExperimentalWarning: another experiment/);
    assert.match(r.stderr, /\(node:\d+\) Warning: plain/);
  });

  it('without the filter, Node 22 does print it (the test above would pass for nothing otherwise)', { skip: !process.version.startsWith('v22.') }, () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `await import('node:sqlite');`], { encoding: 'utf8' });
    assert.match(r.stderr, /ExperimentalWarning: SQLite is an experimental feature/);
  });
});
