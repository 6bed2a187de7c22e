import type { MemberRef, ServiceModel, Shape } from '../models/model.js';
import { shapeOf } from '../models/model.js';

const patternCache = new Map<string, RegExp | null>();

/** Compiles a model pattern (Java syntax, matched whole) to a JS RegExp; null when JS cannot express it. */
function compilePattern(pattern: string): RegExp | null {
  if (patternCache.has(pattern)) return patternCache.get(pattern)!;
  let re: RegExp | null = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      re = null;
    }
  }
  patternCache.set(pattern, re);
  return re;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function show(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function describe(path: string, value: unknown, sensitive: boolean, constraint: string): string {
  if (value === undefined || value === null) return `Value null at '${path}' failed to satisfy constraint: ${constraint}`;
  if (sensitive) return `Value at '${path}' failed to satisfy constraint: ${constraint}`;
  return `Value '${show(value)}' at '${path}' failed to satisfy constraint: ${constraint}`;
}

function checkScalar(shape: Shape, path: string, value: unknown, out: string[], checkEnums: boolean): void {
  const sensitive = shape.sensitive === true;
  if (shape.type === 'string') {
    const s = String(value);
    if (shape.min !== undefined && s.length < shape.min) out.push(describe(path, s, sensitive, `Member must have length greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && s.length > shape.max) out.push(describe(path, s, sensitive, `Member must have length less than or equal to ${shape.max}`));
    if (shape.pattern !== undefined) {
      const re = compilePattern(shape.pattern);
      if (re && !re.test(s)) out.push(describe(path, s, sensitive, `Member must satisfy regular expression pattern: ${shape.pattern}`));
    }
    if (shape.enum && checkEnums && !shape.enum.includes(s)) out.push(describe(path, s, sensitive, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
  } else if (shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double') {
    const n = Number(value);
    if (shape.min !== undefined && n < shape.min) out.push(describe(path, value, sensitive, `Member must have value greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && n > shape.max) out.push(describe(path, value, sensitive, `Member must have value less than or equal to ${shape.max}`));
  } else if (shape.type === 'blob' && Buffer.isBuffer(value)) {
    if (shape.min !== undefined && value.length < shape.min) out.push(describe(path, value, sensitive, `Member must have length greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && value.length > shape.max) out.push(describe(path, value, sensitive, `Member must have length less than or equal to ${shape.max}`));
  }
}

function walk(model: ServiceModel, ref: MemberRef, path: string, value: unknown, out: string[], checkEnums: boolean): void {
  const shape = shapeOf(model, ref.shape);
  if (shape.type === 'structure') {
    const record = (value ?? {}) as Record<string, unknown>;
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const memberPath = path === '' ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
      const v = record[name];
      if (v === undefined || v === null) {
        if (shape.required?.includes(name)) out.push(describe(memberPath, undefined, false, 'Member must not be null'));
        continue;
      }
      walk(model, member, memberPath, v, out, checkEnums);
    }
  } else if (shape.type === 'list' && Array.isArray(value)) {
    if (shape.min !== undefined && value.length < shape.min) out.push(describe(path, value, false, `Member must have length greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && value.length > shape.max) out.push(describe(path, value, false, `Member must have length less than or equal to ${shape.max}`));
    value.forEach((item, i) => walk(model, shape.member!, `${path}.${i + 1}.member`, item, out, checkEnums));
  } else if (shape.type === 'map' && value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (shape.min !== undefined && entries.length < shape.min) out.push(describe(path, value, false, `Member must have length greater than or equal to ${shape.min}`));
    if (shape.max !== undefined && entries.length > shape.max) out.push(describe(path, value, false, `Member must have length less than or equal to ${shape.max}`));
    for (const [k, v] of entries) {
      walk(model, shape.key!, `${path}.${k}.key`, k, out, checkEnums);
      walk(model, shape.value!, `${path}.${k}.member`, v, out, checkEnums);
    }
  } else {
    checkScalar(shape, path, value, out, checkEnums);
  }
}

/**
 * Checks an operation's typed input against its model constraints (required, length, pattern,
 * range, enum), in the model's member order, and returns AWS's message for them, or undefined.
 *
 * @example
 * validationMessage(model, 'AssumeRoleRequest', { RoleArn: 'x', RoleSessionName: 'a' });
 * // "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"
 */
export function validationMessage(model: ServiceModel, inputShape: string, input: Record<string, unknown>, opts: { checkEnums?: boolean } = {}): string | undefined {
  const out: string[] = [];
  walk(model, { shape: inputShape }, '', input, out, opts.checkEnums ?? true);
  if (out.length === 0) return undefined;
  return `${out.length} validation error${out.length === 1 ? '' : 's'} detected: ${out.join('; ')}`;
}
