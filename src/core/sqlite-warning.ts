/**
 * Node 22 prints "ExperimentalWarning: SQLite is an experimental feature and might change at any
 * time" on stderr the first time `node:sqlite` is loaded (Node 24 no longer does). The server and
 * every CLI command load it, so that line would come before each command's output and in the
 * server's log. Importing this module before anything that loads `node:sqlite` (bin/sagelite.js
 * does, then imports the CLI dynamically; the test runner passes it with --import) drops that one
 * warning and no other: Node's own printers stay, called through a filter. `--disable-warning=
 * ExperimentalWarning` would have hidden every experimental feature's warning, and the SQLite
 * one has no code of its own to disable.
 */
const printers = process.listeners('warning');
for (const print of printers) process.removeListener('warning', print);
process.on('warning', (warning) => {
  if (isSqliteWarning(warning)) return;
  for (const print of printers) print(warning);
});

function isSqliteWarning(warning: Error): boolean {
  return warning.name === 'ExperimentalWarning' && warning.message.startsWith('SQLite is an experimental feature');
}
