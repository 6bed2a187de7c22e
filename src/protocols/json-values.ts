import { AwsError } from '../core/errors.js';
import type { MemberRef, ServiceModel } from '../models/model.js';
import { shapeOf } from '../models/model.js';
import { putEntry } from './entries.js';

function serialization(message: string): AwsError {
  return new AwsError('SerializationException', 400, message);
}

/**
 * Turns parsed JSON into a typed value of the shape (timestamps to Date, blobs to Buffer),
 * refusing values of the wrong JSON type as AWS does, with SerializationException. Members the
 * model does not know are dropped.
 */
export function fromJson(model: ServiceModel, ref: MemberRef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Expected a structure at '${path}'.`);
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const key = member.locationName && !member.location ? member.locationName : name;
        const v = fromJson(model, member, (value as Record<string, unknown>)[key], path === '' ? name : `${path}.${name}`);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) throw serialization(`Expected a list at '${path}'.`);
      return value.map((v, i) => fromJson(model, shape.member!, v, `${path}[${i}]`)).filter((v) => v !== undefined);
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Expected a map at '${path}'.`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) putEntry(out, k, fromJson(model, shape.value!, v, `${path}.${k}`));
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw serialization(`Expected a string at '${path}'.`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(`Expected a boolean at '${path}'.`);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(`Expected an integer at '${path}'.`);
      return value;
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw serialization(`Expected a number at '${path}'.`);
      return value;
    case 'timestamp': {
      const t = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(t)) throw serialization(`Expected a timestamp at '${path}'.`);
      return new Date(t);
    }
    case 'blob':
      if (typeof value !== 'string') throw serialization(`Expected base64 text at '${path}'.`);
      return Buffer.from(value, 'base64');
  }
}

/** The JSON form of an output value: Date as epoch seconds, Buffer as base64. */
export function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) putEntry(out, k, toJson(v));
    return out;
  }
  return value;
}

/**
 * Whether JSON.stringify writes `value` as {@link toJson} would: no Date, Buffer or other value
 * with its own toJSON anywhere in it. A walk without allocation, so that the common answer (plain
 * strings and numbers) skips toJson's copy.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > 64 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!isPlainJson(v, depth + 1)) return false;
    return true;
  }
  for (const k in value) if (!isPlainJson((value as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
}
