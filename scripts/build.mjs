#!/usr/bin/env node
// Usage: node scripts/build.mjs [PROJECT_DIR] (default: the repository's root; packages/sdk for the SDK).
// Builds the project's dist/ only when it is out of date, so `npm start`, `npm run demo` and
// `npm test` start at once on an unchanged tree: `tsc -b` compares the sources' times with its
// build info and compiles nothing when dist/ is newer (about 0.3 s here, against 20–50 s for a
// full compile). Then removes outputs whose source is gone (a moved or deleted .ts leaves its .js
// behind otherwise, and the test runner and `npm pack` would pick that up).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const project = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-b', join(project, 'tsconfig.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// Both tsconfig.json files state their outDir and rootDir (plain JSON, no comments).
const { outDir, rootDir } = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')).compilerOptions;
const dist = join(project, outDir);
const root = join(project, rootDir);
const OUTPUT = /\.(js|d\.ts)(\.map)?$/;
// Generated files copied in below, not compiled: no source of ours beside them.
const COPIED = join(dist, 'src', 'query-engine', 'trino', 'grammar');

/** Deletes outputs with no .ts source beside the matching path under the root; returns whether the folder is now empty. */
function prune(dir) {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path === COPIED) {
        empty = false;
        continue;
      }
      if (prune(path)) rmdirSync(path);
      else empty = false;
    } else if (OUTPUT.test(entry.name) && !existsSync(join(root, relative(dist, path).replace(OUTPUT, '.ts')))) {
      rmSync(path);
    } else empty = false;
  }
  return empty;
}
if (existsSync(dist)) prune(dist);

// Athena's Trino grammar: the ANTLR lexer and parser that dt-sql-parser (npm, MIT) generates from
// Trino's grammar, copied into dist/ beside the module that loads them
// (src/query-engine/trino/grammar.ts). The package ships them as ES modules with an extensionless
// relative import, which Node's ESM loader cannot resolve, so that one import is given its
// extension here; they need only antlr4ng (a dependency) at run time.
if (existsSync(join(project, 'src', 'query-engine', 'trino'))) {
  const source = dirname(createRequire(join(project, 'package.json')).resolve('dt-sql-parser/package.json'));
  const target = COPIED;
  mkdirSync(target, { recursive: true });
  const files = { 'SQLParserBase.js': 'dist/lib/SQLParserBase.js', 'TrinoSqlLexer.js': 'dist/lib/trino/TrinoSqlLexer.js', 'TrinoSqlParser.js': 'dist/lib/trino/TrinoSqlParser.js' };
  for (const [name, from] of Object.entries(files)) {
    const text = readFileSync(join(source, from), 'utf8').replace("from '../SQLParserBase'", "from './SQLParserBase.js'");
    const path = join(target, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  }
  writeFileSync(join(target, 'LICENSE.dt-sql-parser'), readFileSync(join(source, 'LICENSE'), 'utf8'));
}
