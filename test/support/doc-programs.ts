import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** The workspace packages (packages/*): their npm names and folders. */
function workspacePackages(packageRoot: string): Array<{ name: string; dir: string }> {
  const root = join(packageRoot, 'packages');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((p) => existsSync(join(root, p, 'package.json')))
    .map((p) => ({ name: (JSON.parse(readFileSync(join(root, p, 'package.json'), 'utf8')) as { name: string }).name, dir: p }));
}

/**
 * A reader's project in `dir`: node_modules holds what this package has installed (the
 * @aws-sdk clients a reader adds) and sagelite's workspace packages as they are packed — each
 * one's package.json with its `dist/` being what the suite's build compiled from its src/
 * (dist/packages/NAME/src) — so examples import `@sagelite/sdk` by name, as a reader's code does,
 * and run the sources under test rather than an older build of the package.
 */
export function readerProject(dir: string, packageRoot: string): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const workspaces = workspacePackages(packageRoot);
  const link = (entry: string) => symlinkSync(join(packageRoot, 'node_modules', entry), join(modules, entry));
  for (const entry of readdirSync(join(packageRoot, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    if (!workspaces.some((w) => w.name.startsWith(`${entry}/`))) {
      link(entry);
      continue;
    }
    mkdirSync(join(modules, entry));
    for (const child of readdirSync(join(packageRoot, 'node_modules', entry))) {
      if (!workspaces.some((w) => w.name === `${entry}/${child}`)) link(`${entry}/${child}`);
    }
  }
  for (const w of workspaces) {
    const target = join(modules, ...w.name.split('/'));
    const built = join(packageRoot, 'dist', 'packages', w.dir, 'src');
    if (!existsSync(join(built, 'index.js'))) throw new Error(`${built} is not built: run npm run build`);
    mkdirSync(target, { recursive: true });
    copyFileSync(join(packageRoot, 'packages', w.dir, 'package.json'), join(target, 'package.json'));
    symlinkSync(built, join(target, 'dist'));
  }
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
