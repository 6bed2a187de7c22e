import { readFileSync } from 'node:fs';

/**
 * The code block that follows `<!-- MARKER: … -->` in a Markdown file, exactly as a reader copies
 * it. Throws when the file has no such block, so that a test cannot pass on a renamed marker.
 */
export function markedBlock(file: string, marker: string): string {
  const text = readFileSync(file, 'utf8');
  const m = new RegExp(`<!-- ${marker}:[^>]*-->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!m) throw new Error(`${file} has no block marked <!-- ${marker}: … -->`);
  return m[1]!;
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
