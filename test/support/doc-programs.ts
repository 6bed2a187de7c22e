import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SINGLE_IMPORT = /^import\s+\{([^}]*)\}\s+from\s+'([^']+)';\s*$/;

/**
 * Cells of one notebook as one ES module: the code in order, with their imports merged at the
 * top (two cells may each import what they use from the same module, which one module cannot).
 * Only one-line `import { … } from '…';` imports are merged; any other import is an error, so a
 * block the merge does not understand fails loudly.
 *
 * @example
 * notebookModule(["import { a } from 'm';\nuse(a);\n", "import { a, b } from 'm';\nuse(b);\n"]);
 * // "import { a, b } from 'm';\n\nuse(a);\nuse(b);\n"
 */
export function notebookModule(cells: string[]): string {
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const cell of cells) {
    for (const line of cell.split('\n')) {
      if (!/^import\b/.test(line)) {
        body.push(line);
        continue;
      }
      const m = SINGLE_IMPORT.exec(line);
      if (!m) throw new Error(`an import the examples' merge does not take (one line, named imports only): ${line}`);
      const names = imports.get(m[2]!) ?? new Set<string>();
      for (const n of m[1]!.split(',').map((x) => x.trim()).filter(Boolean)) names.add(n);
      imports.set(m[2]!, names);
    }
  }
  const head = [...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`).join('\n');
  return `${head}\n\n${body.join('\n').replace(/^\n+/, '')}`;
}

/**
 * A reader's project in `dir`: node_modules holds sagelite (this package, by symlink) and what
 * this package has installed (the @aws-sdk clients a reader adds), so examples import them as a
 * reader's code would, by package name.
 */
export function readerProject(dir: string, packageRoot: string): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(join(packageRoot, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    symlinkSync(join(packageRoot, 'node_modules', entry), join(modules, entry));
  }
  if (!existsSync(join(modules, 'sagelite'))) symlinkSync(packageRoot, join(modules, 'sagelite'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'reader', private: true, type: 'module' }));
}

/**
 * Type-checks and compiles `<name>.ts` in a reader's project to `<name>.mjs`, with strict
 * TypeScript as a reader's project would use it; returns tsc's complaints ('' when none).
 */
export function compileExample(dir: string, name: string, packageRoot: string): { status: number | null; output: string } {
  const tsc = join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [
    tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node',
    '--outDir', dir, `${name}.mts`,
  ], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
