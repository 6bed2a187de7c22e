import { parseQueryPairs } from '../auth/sigv4/encoding.js';
import { putEntry } from './entries.js';
import { AwsError } from '../core/errors.js';
import type { MemberRef, ServiceModel, Shape } from '../models/model.js';
import { shapeOf } from '../models/model.js';
import type { HttpRequest } from './http.js';

function scalar(shape: Shape, raw: string, name: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw new AwsError('InvalidArgument', 400, `Invalid value for ${name}: ${raw}`);
      return n;
    }
    case 'boolean':
      return raw === 'true';
    case 'timestamp': {
      const t = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
      if (Number.isNaN(t)) throw new AwsError('InvalidArgument', 400, `Invalid value for ${name}: ${raw}`);
      return new Date(t);
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

/** An input member with what binding it needs, resolved once per shape. */
interface BoundMember {
  name: string;
  member: MemberRef;
  shape: Shape;
  where: string;
}

const compiledInputs = new WeakMap<ServiceModel, Map<string, { members: BoundMember[]; usesQuery: boolean }>>();

function inputMembers(model: ServiceModel, inputShape: string): { members: BoundMember[]; usesQuery: boolean } {
  let byShape = compiledInputs.get(model);
  if (!byShape) compiledInputs.set(model, (byShape = new Map()));
  let compiled = byShape.get(inputShape);
  if (!compiled) {
    const members = Object.entries(shapeOf(model, inputShape).members ?? {}).map(([name, member]) => ({ name, member, shape: shapeOf(model, member.shape), where: member.locationName ?? name }));
    compiled = { members, usesQuery: members.some((m) => m.member.location === 'querystring') };
    byShape.set(inputShape, compiled);
  }
  return compiled;
}

/**
 * The members of a REST input that live outside the body: URI labels, query-string parameters,
 * headers and prefixed header maps (`x-amz-meta-*`). Body members are the codec's business.
 */
export function readBoundMembers(
  model: ServiceModel,
  inputShape: string,
  req: HttpRequest,
  labels: Record<string, string>,
): { bound: Record<string, unknown>; bodyMembers: Array<[string, MemberRef]> } {
  const { members, usesQuery } = inputMembers(model, inputShape);
  const query = usesQuery ? parseQueryPairs(req.rawQuery) : [];
  const bound: Record<string, unknown> = {};
  const bodyMembers: Array<[string, MemberRef]> = [];
  for (const { name, member, shape: memberShape, where } of members) {
    switch (member.location) {
      case 'uri':
        if (labels[where] !== undefined) bound[name] = scalar(memberShape, labels[where]!, where);
        break;
      case 'querystring': {
        if (memberShape.type === 'map') {
          const map: Record<string, string> = {};
          for (const [k, v] of query) putEntry(map, k, v);
          if (Object.keys(map).length > 0) bound[name] = map;
          break;
        }
        const values = query.filter(([k]) => k === where).map(([, v]) => v);
        if (values.length === 0) break;
        bound[name] = memberShape.type === 'list' ? values.map((v) => scalar(shapeOf(model, memberShape.member!.shape), v, where)) : scalar(memberShape, values[0]!, where);
        break;
      }
      case 'header': {
        const values = req.headers.get(where.toLowerCase());
        if (!values || values.length === 0) break;
        const raw = values.join(',');
        bound[name] = memberShape.type === 'list' ? raw.split(',').map((v) => v.trim()) : scalar(memberShape, raw, where);
        break;
      }
      case 'headers': {
        const prefix = where.toLowerCase();
        const map: Record<string, string> = {};
        for (const [h, v] of req.headers) if (h.startsWith(prefix)) putEntry(map, h.slice(prefix.length), v.join(','));
        if (Object.keys(map).length > 0) bound[name] = map;
        break;
      }
      default:
        bodyMembers.push([name, member]);
    }
  }
  return { bound, bodyMembers };
}
