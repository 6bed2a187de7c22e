import type { OperationModel, ServiceModel } from '../models/model.js';
import { parseQueryPairs, percentDecode } from '../auth/sigv4/encoding.js';
import type { ResolvedOperation } from './http.js';

interface Route {
  op: OperationModel;
  method: string;
  /** Literal text, `{Label}` or greedy `{Label+}` per path segment. */
  segments: Array<{ literal: string } | { label: string; greedy: boolean }>;
  /** Query keys the URI names (`?uploads`, `?list-type=2`); `x-id` is the JS SDK's hint, never required. */
  query: Array<{ key: string; value?: string }>;
  /** Headers the input requires (S3's x-amz-copy-source tells CopyObject from PutObject on one path). */
  headers: string[];
}

export type RouteMatch = ResolvedOperation;

function requiredHeaders(model: ServiceModel, op: OperationModel): string[] {
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  return Object.entries(input?.members ?? {})
    .filter(([name, m]) => m.location === 'header' && input!.required?.includes(name))
    .map(([name, m]) => (m.locationName ?? name).toLowerCase());
}

/** Query parameters the input requires (S3's uploadId/partNumber tell UploadPart from PutObject on one path). */
function requiredQueryKeys(model: ServiceModel, op: OperationModel): string[] {
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  return Object.entries(input?.members ?? {})
    .filter(([name, m]) => m.location === 'querystring' && input!.required?.includes(name))
    .map(([name, m]) => m.locationName ?? name);
}

function compile(model: ServiceModel, op: OperationModel): Route {
  const [path = '/', query = ''] = op.http.requestUri.split('?');
  const segments = path
    .split('/')
    .slice(1)
    .filter((s, i, all) => s !== '' || i < all.length - 1)
    .map((s) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
      return m ? { label: m[1]!, greedy: m[2] === '+' } : { literal: s };
    });
  const q = query === '' ? [] : query.split('&').map((kv) => {
    const [key, value] = kv.split('=') as [string, string | undefined];
    return value === undefined ? { key } : { key, value };
  });
  const literal = q.filter((p) => p.key !== 'x-id');
  const required = requiredQueryKeys(model, op).filter((key) => !literal.some((p) => p.key === key));
  return { op, method: op.http.method, segments, query: [...literal, ...required.map((key) => ({ key }))], headers: requiredHeaders(model, op) };
}

/**
 * Matches a REST request to the operation whose method, path template, literal query keys and
 * required headers fit it; the most specific wins (query keys, then headers, then literal path
 * segments, then not deprecated).
 */
export class RestRouter {
  readonly #routes: Route[];
  constructor(model: ServiceModel) {
    this.#routes = Object.values(model.operations).map((op) => compile(model, op));
  }

  match(method: string, rawPath: string, rawQuery: string, headers: ReadonlyMap<string, unknown> = new Map()): RouteMatch | undefined {
    const parts = rawPath.split('?')[0]!.split('/').slice(1);
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    // The query is read only when a route of this method names query keys.
    let parsed: Map<string, string> | undefined;
    const query = () => (parsed ??= new Map(parseQueryPairs(rawQuery)));
    let best: { match: RouteMatch; score: number } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      if (route.query.length > 0 && !route.query.every((q) => query().has(q.key) && (q.value === undefined || query().get(q.key) === q.value))) continue;
      if (!route.headers.every((h) => headers.has(h))) continue;
      const labels = this.#matchPath(route, parts, rawPath);
      if (!labels) continue;
      const literals = route.segments.filter((s) => 'literal' in s).length;
      // On a shared route the current operation wins over the deprecated one it superseded.
      const score = route.query.length * 100 + route.headers.length * 10 + literals + (route.op.deprecated ? 0 : 0.5);
      if (!best || score > best.score) best = { match: { op: route.op, labels }, score };
    }
    return best?.match;
  }

  #matchPath(route: Route, parts: string[], rawPath: string): Record<string, string> | undefined {
    const labels: Record<string, string> = {};
    for (let i = 0; i < route.segments.length; i++) {
      const seg = route.segments[i]!;
      if ('literal' in seg) {
        if (parts[i] !== seg.literal) return undefined;
      } else if (seg.greedy) {
        // The rest of the path, exactly as sent (S3 keys keep their slashes, even doubled ones).
        const prefix = '/' + parts.slice(0, i).join('/') + '/';
        if (!rawPath.startsWith(prefix) || rawPath.length === prefix.length) return undefined;
        labels[seg.label] = percentDecode(rawPath.slice(prefix.length));
        return labels;
      } else {
        if (parts[i] === undefined || parts[i] === '') return undefined;
        labels[seg.label] = percentDecode(parts[i]!);
      }
    }
    return parts.length === route.segments.length ? labels : undefined;
  }
}

const routers = new WeakMap<ServiceModel, RestRouter>();

/** The router of a model, compiled once. */
export function routerFor(model: ServiceModel): RestRouter {
  let r = routers.get(model);
  if (!r) routers.set(model, (r = new RestRouter(model)));
  return r;
}
