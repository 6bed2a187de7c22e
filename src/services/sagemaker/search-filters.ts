import { validation } from './errors.js';

export type FilterOperator = 'Equals' | 'NotEquals' | 'GreaterThan' | 'GreaterThanOrEqualTo' | 'LessThan' | 'LessThanOrEqualTo' | 'Contains' | 'Exists' | 'NotExists' | 'In';

export interface Filter {
  Name: string;
  Operator?: FilterOperator;
  Value?: string;
}

export interface SearchExpression {
  Filters?: Filter[];
  NestedFilters?: Array<{ NestedPropertyName: string; Filters: Filter[] }>;
  SubExpressions?: SearchExpression[];
  Operator?: 'And' | 'Or';
}

type Doc = Record<string, unknown>;

/** Lists of `{Key, Value}` that Search addresses by key: `Tags.team`, `Parameters.owner`. */
const KEYED_LISTS = new Set(['Tags', 'Parameters']);

/**
 * The values a property path names in a search record: `FeatureGroupName`,
 * `OfflineStoreStatus.Status`, `FeatureDefinitions.FeatureType` (one value per element),
 * `Tags.<key>` and `Parameters.<key>`.
 */
export function propertyValues(doc: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (head === undefined || doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc.flatMap((d) => propertyValues(d, path));
  if (typeof doc !== 'object' || doc instanceof Date) return [];
  const value = (doc as Doc)[head];
  if (KEYED_LISTS.has(head) && Array.isArray(value) && rest.length > 0) {
    const key = rest.join('.');
    return (value as Array<{ Key: string; Value: string }>).filter((t) => t.Key === key).map((t) => t.Value);
  }
  if (rest.length === 0) return value === undefined ? [] : Array.isArray(value) ? value : [value];
  return propertyValues(value, rest.join('.'));
}

/** Compares a stored value with a filter's text in the stored value's own type. */
function compare(stored: unknown, text: string): number | undefined {
  if (stored instanceof Date) {
    const t = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    return Number.isNaN(t) ? undefined : Math.sign(stored.getTime() - t);
  }
  if (typeof stored === 'number') {
    const n = Number(text);
    return Number.isNaN(n) ? undefined : Math.sign(stored - n);
  }
  if (typeof stored === 'boolean') return String(stored) === text.toLowerCase() ? 0 : 1;
  if (typeof stored === 'string') return stored === text ? 0 : stored < text ? -1 : 1;
  return undefined;
}

function needsValue(f: Filter): string {
  if (f.Value === undefined) throw validation(`The filter on ${f.Name} with operator ${f.Operator ?? 'Equals'} needs a Value.`);
  return f.Value;
}

/** Whether one filter holds for a record (missing properties never equal, compare or contain anything). */
export function matchesFilter(doc: unknown, f: Filter): boolean {
  const values = propertyValues(doc, f.Name);
  const op = f.Operator ?? 'Equals';
  const any = (test: (c: number) => boolean) => values.some((v) => {
    const c = compare(v, needsValue(f));
    return c !== undefined && test(c);
  });
  switch (op) {
    case 'Exists':
      return values.length > 0;
    case 'NotExists':
      return values.length === 0;
    case 'Equals':
      return any((c) => c === 0);
    case 'NotEquals':
      needsValue(f);
      return !any((c) => c === 0);
    case 'GreaterThan':
      return any((c) => c > 0);
    case 'GreaterThanOrEqualTo':
      return any((c) => c >= 0);
    case 'LessThan':
      return any((c) => c < 0);
    case 'LessThanOrEqualTo':
      return any((c) => c <= 0);
    case 'Contains': {
      const needle = needsValue(f).toLowerCase();
      return values.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
    }
    case 'In': {
      const options = needsValue(f).split(',').map((s) => s.trim());
      return values.some((v) => options.some((o) => compare(v, o) === 0));
    }
  }
}

/**
 * Whether a search expression holds: its filters, nested filters (all filters true of one and
 * the same element of the nested list) and sub-expressions, joined by its Operator (And when absent).
 */
export function matchesExpression(doc: unknown, e: SearchExpression | undefined): boolean {
  if (!e) return true;
  const results: boolean[] = [
    ...(e.Filters ?? []).map((f) => matchesFilter(doc, f)),
    ...(e.NestedFilters ?? []).map((n) => {
      const prefix = `${n.NestedPropertyName}.`;
      return propertyValues(doc, n.NestedPropertyName).some((el) =>
        n.Filters.every((f) => matchesFilter(el, { ...f, Name: f.Name.startsWith(prefix) ? f.Name.slice(prefix.length) : f.Name })),
      );
    }),
    ...(e.SubExpressions ?? []).map((s) => matchesExpression(doc, s)),
  ];
  return (e.Operator ?? 'And') === 'Or' ? results.length === 0 || results.some(Boolean) : results.every(Boolean);
}

/** Dates by instant, text without regard to case (as ListFeatureGroups sorts names). */
function sortable(v: unknown): string | number {
  if (v instanceof Date) return v.getTime();
  return typeof v === 'string' ? v.toLowerCase() : (v as number);
}

/** Orders records by a property (records without it last), ties by their position before. */
export function sortByProperty<T>(items: readonly T[], view: (t: T) => unknown, path: string, order: 'Ascending' | 'Descending'): T[] {
  const keyed = items.map((item, i) => ({ item, i, v: propertyValues(view(item), path)[0] }));
  const sign = order === 'Ascending' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
    const x = sortable(a.v);
    const y = sortable(b.v);
    return x === y ? a.i - b.i : (x < y ? -1 : 1) * sign;
  });
  return keyed.map((k) => k.item);
}
