import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The code blocks of the project's Markdown, and how each is accounted for. Every fenced block of
 * README.md, docs/**\/*.md and packages/*\/README.md carries an HTML comment on the line before it (blank lines may
 * come between), invisible when rendered:
 *
 *   <!-- NAME: run as written by test/e2e/FILE.test.ts -->   that test runs it (it finds it by NAME)
 *   <!-- not run: WHY -->                                       output, a file's contents, a grammar…
 *
 * Several blocks may share a NAME: the test runs them in order (the SDK's examples are the cells
 * of one notebook).
 */
export interface DocBlock {
  /** Relative to the package root, with forward slashes: `docs/SDK.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence: `sh`, `ts`, `json`, or empty. */
  lang: string;
  /** The block's text, without the fences and without the list indentation it sits in. */
  code: string;
  /** The marker before the block, if any. */
  marker?: RunMarker | NotRunMarker;
}

export interface RunMarker {
  kind: 'run';
  name: string;
  /** The test file, relative to the package root. */
  test: string;
}

export interface NotRunMarker {
  kind: 'not-run';
  reason: string;
}

const RUN = /^<!--\s*([a-z][\w-]*):\s*run as written by\s+(\S+?\.ts)(?:[,;]?\s+[^>]*?)?\s*-->$/;
const NOT_RUN = /^<!--\s*not run:\s*(\S[^>]*?)\s*-->$/;
const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** The Markdown files whose blocks are accounted for: README.md, every .md under docs/, and the workspace packages' READMEs. */
export function docFiles(root: string): string[] {
  const out = ['README.md'];
  const packages = join(root, 'packages');
  if (existsSync(packages)) {
    for (const p of readdirSync(packages).sort()) if (existsSync(join(packages, p, 'README.md'))) out.push(`packages/${p}/README.md`);
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) out.push(path);
    }
  };
  walk('docs');
  return out;
}

/** Parses a marker comment; undefined when the line is not one. */
export function parseMarker(line: string): RunMarker | NotRunMarker | undefined {
  const text = line.trim();
  const run = RUN.exec(text);
  if (run) return { kind: 'run', name: run[1]!, test: run[2]! };
  const notRun = NOT_RUN.exec(text);
  if (notRun) return { kind: 'not-run', reason: notRun[1]! };
  return undefined;
}

/**
 * Every fenced block of a Markdown text, with the marker on the nearest non-blank line before it.
 *
 * @example
 * codeBlocks('<!-- not run: output -->\n```\nok\n```\n', 'x.md'); // [{ file: 'x.md', line: 2, lang: '', code: 'ok\n', marker: { kind: 'not-run', reason: 'output' } }]
 */
export function codeBlocks(text: string, file: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end]!.trim().startsWith(fence!) && lines[end]!.trim().replace(/[`~]/g, '') === '')) end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l.trimStart()));
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? parseMarker(lines[before]!) : undefined;
    blocks.push({ file, line: i + 1, lang: info!.trim().split(/\s+/)[0] ?? '', code: body.length ? `${body.join('\n')}\n` : '', ...(marker ? { marker } : {}) });
    i = end;
  }
  return blocks;
}

/** Every block of every accounted-for file. */
export function allDocBlocks(root: string): DocBlock[] {
  return docFiles(root).flatMap((f) => codeBlocks(readFileSync(join(root, f), 'utf8'), f));
}

/** The marker comments of a text that no block follows (a marker left behind when its block moved). */
export function strayMarkers(text: string, file: string): string[] {
  const lines = text.split('\n');
  const used = new Set(codeBlocks(text, file).map((b) => {
    let before = b.line - 2;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    return before;
  }));
  return lines.flatMap((l, i) => (parseMarker(l) && !used.has(i) ? [`${file}:${i + 1}: ${l.trim()}`] : []));
}

/**
 * The blocks a test runs, by file and marker name, in document order; throws when there are
 * none, or when one is marked for another test file (so a test cannot run a block silently lost).
 *
 * @example
 * const [script] = markedBlocks(PACKAGE_ROOT, 'README.md', 'walkthrough', 'test/e2e/readme-walkthrough.test.ts');
 */
export function markedBlocks(root: string, file: string, name: string, test: string): string[] {
  const blocks = codeBlocks(readFileSync(join(root, file), 'utf8'), file).filter((b) => b.marker?.kind === 'run' && b.marker.name === name);
  if (blocks.length === 0) throw new Error(`${file} has no block marked <!-- ${name}: run as written by ${test} -->`);
  for (const b of blocks) {
    const marked = (b.marker as RunMarker).test;
    if (marked !== test) throw new Error(`${file}:${b.line}: the ${name} block says it is run by ${marked}, not ${test}`);
  }
  return blocks.map((b) => b.code);
}

/**
 * The first block marked `<!-- NAME: run as written by … -->` in a Markdown file (by path),
 * exactly as a reader copies it. Throws when there is none, so that a test cannot pass on a
 * renamed marker.
 */
export function markedBlock(file: string, name: string): string {
  const block = codeBlocks(readFileSync(file, 'utf8'), file).find((b) => b.marker?.kind === 'run' && b.marker.name === name);
  if (!block) throw new Error(`${file} has no block marked <!-- ${name}: … -->`);
  return block.code;
}

/**
 * What a JavaScript example says it prints: the `// …` comment after each `console.log(…);`, in
 * order, joined by a space. Compare it with the output's words joined the same way (util.inspect
 * breaks long values over lines; the comment keeps them on one).
 */
export function expectedPrints(code: string): string {
  return [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]!.trim()).join(' ');
}

/** Output with every run of white space made one space, to compare with {@link expectedPrints}. */
export function oneLine(output: string): string {
  return output.trim().replace(/\s+/g, ' ');
}
