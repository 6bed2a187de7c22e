import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The profile name `sagelite setup cross-account --notebook-user` writes its notebook's profiles under. */
export const DEFAULT_NOTEBOOK_PROFILE = 'sagelite-notebook';

/** The shared config file, as the AWS CLI and SDKs find it. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env['AWS_CONFIG_FILE'] ?? join(env['HOME'] ?? homedir(), '.aws', 'config');
}

/**
 * The top-level settings of every profile in a shared config file's text: `[default]` and
 * `[profile NAME]` sections, `key = value` lines; `#` and `;` lines are comments. Indented lines
 * continue the key above them (`s3 =` then `  addressing_style = path`), as the AWS CLI reads
 * them, so they are never top-level settings.
 *
 * @example
 * parseConfigProfiles('[profile dev]\nendpoint_url = http://127.0.0.1:4566\n').get('dev'); // { endpoint_url: 'http://127.0.0.1:4566' }
 */
export function parseConfigProfiles(text: string): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '' || /^\s*[#;]/.test(line)) continue;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      const name = section[1]!.replace(/^profile\s+/, '');
      const isProfile = section[1] === 'default' || /^profile\s+/.test(section[1]!);
      current = isProfile ? (profiles.get(name) ?? {}) : undefined;
      if (current) profiles.set(name, current);
      continue;
    }
    if (!current || /^\s/.test(line)) continue;
    const eq = line.indexOf('=');
    if (eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return profiles;
}

/** A profile's settings from the shared config file; undefined when the file or profile is missing. */
export function readProfile(name: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(configFilePath(env), 'utf8');
  } catch {
    return undefined;
  }
  return parseConfigProfiles(text).get(name);
}

const truthy = (v: string | undefined) => v !== undefined && v.trim().toLowerCase() === 'true';

/**
 * The endpoint a named profile gives, as the AWS CLI resolves it: `--endpoint-url` first (the
 * caller's), then AWS_ENDPOINT_URL (the SDK reads that itself, so nothing is returned), then the
 * profile's `endpoint_url` — unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
 * `ignore_configured_endpoint_urls` says not to. The JavaScript SDK reads endpoint_url only from
 * AWS_PROFILE's profile, never from the `profile` a client is given, hence this.
 */
export function profileEndpoint(profile: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['AWS_ENDPOINT_URL'] || truthy(env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'])) return undefined;
  const settings = readProfile(profile, env);
  if (!settings || truthy(settings['ignore_configured_endpoint_urls'])) return undefined;
  return settings['endpoint_url'] || undefined;
}

/** The profile names of a config text's `[profile NAME]` and `[default]` headers. */
const sectionName = (line: string): string | undefined => {
  const m = /^\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
  return m ? m[1]!.replace(/^profile\s+/, '') : undefined;
};

/**
 * A config text with `sections` (a config text of whole sections) in it: sections of the same
 * names are taken out first, everything else is kept as written (comments too).
 *
 * @example
 * replaceProfiles('[profile a]\nregion = x\n', '[profile a]\nregion = y\n'); // '[profile a]\nregion = y\n'
 */
export function replaceProfiles(text: string, sections: string): string {
  const replaced = new Set(sections.split(/\r?\n/).map(sectionName).filter((n): n is string => n !== undefined));
  const kept: string[] = [];
  let dropping = false;
  for (const line of text.split(/\r?\n/)) {
    const name = sectionName(line);
    if (name !== undefined) dropping = replaced.has(name);
    if (!dropping) kept.push(line);
  }
  const head = kept.join('\n').replace(/\s+$/, '');
  return `${head ? `${head}\n\n` : ''}${sections.replace(/^\s+/, '')}`;
}

/** Writes `sections` into a config file (made with its folder when missing, mode 0600 as the AWS CLI makes it). */
export function writeProfiles(file: string, sections: string): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, replaceProfiles(before, sections), { mode: 0o600 });
}
