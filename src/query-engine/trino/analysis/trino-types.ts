/**
 * Trino's types as the analysis needs them: their signatures as Trino prints them in messages
 * (`varchar(4)`, `decimal(10,2)`, `array(varchar)`), Glue's (Hive's) column types in those terms,
 * and which operand types Trino's operators accept — its implicit coercions (numbers widen to
 * each other, a date to a timestamp) and no others (a string never becomes a number or a date).
 * `?` is a type the analysis does not know (a function's result, a lambda's parameter): nothing is
 * ever refused because of it.
 */
export type TrinoType = string;
export const UNKNOWN_TO_ANALYSIS: TrinoType = '?';

type Category = 'numeric' | 'string' | 'boolean' | 'date' | 'timestamp' | 'time' | 'interval' | 'varbinary' | 'json' | 'array' | 'map' | 'row' | 'null' | 'other';

/** @example categoryOf('varchar(4)') // 'string'; categoryOf('decimal(10,2)') // 'numeric' */
export function categoryOf(type: TrinoType): Category | undefined {
  if (type === UNKNOWN_TO_ANALYSIS) return undefined;
  const base = type.replace(/\(.*$/, '');
  if (['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'].includes(base)) return 'numeric';
  if (base === 'varchar' || base === 'char') return 'string';
  if (base === 'boolean') return 'boolean';
  if (base === 'date') return 'date';
  if (base === 'timestamp') return 'timestamp';
  if (base === 'time') return 'time';
  if (base === 'interval') return 'interval';
  if (base === 'varbinary') return 'varbinary';
  if (base === 'json') return 'json';
  if (base === 'array') return 'array';
  if (base === 'map') return 'map';
  if (base === 'row') return 'row';
  if (base === 'unknown') return 'null';
  return 'other';
}

/** Whether `=`, `<` … apply to the two types after Trino's implicit coercions. */
export function comparable(a: TrinoType, b: TrinoType): boolean {
  const [ca, cb] = [categoryOf(a), categoryOf(b)];
  if (!ca || !cb || ca === 'null' || cb === 'null' || ca === 'other' || cb === 'other') return true;
  if (ca === cb) return true;
  // A date widens to a timestamp.
  return (ca === 'date' && cb === 'timestamp') || (ca === 'timestamp' && cb === 'date');
}

/** Whether `+ - * / %` apply: numbers with numbers, dates and times with intervals. */
export function arithmeticApplies(a: TrinoType, b: TrinoType, operator: string): boolean {
  const [ca, cb] = [categoryOf(a), categoryOf(b)];
  if (!ca || !cb || ca === 'null' || cb === 'null' || ca === 'other' || cb === 'other') return true;
  if (ca === 'numeric' && cb === 'numeric') return true;
  const temporal = (c: Category) => c === 'date' || c === 'timestamp' || c === 'time';
  if (operator === '+' || operator === '-') {
    if ((temporal(ca) && cb === 'interval') || (ca === 'interval' && cb === 'interval')) return true;
    if (operator === '+' && ca === 'interval' && temporal(cb)) return true;
    if (operator === '-' && ca === cb && temporal(ca)) return true;
  }
  if ((operator === '*' || operator === '/') && ((ca === 'interval' && cb === 'numeric') || (ca === 'numeric' && cb === 'interval' && operator === '*'))) return true;
  return false;
}

/** The type of `a + b` where both are numbers: the wider one (decimals and reals stay unknown here). */
export function widerNumeric(a: TrinoType, b: TrinoType): TrinoType {
  const order = ['tinyint', 'smallint', 'integer', 'bigint', 'double'];
  const [ia, ib] = [order.indexOf(a), order.indexOf(b)];
  return ia < 0 || ib < 0 ? UNKNOWN_TO_ANALYSIS : order[Math.max(ia, ib)]!;
}

/** Whether `a || b` is one of concat's signatures (strings, varbinary, arrays with arrays or elements). */
export function concatApplies(a: TrinoType, b: TrinoType): boolean {
  const [ca, cb] = [categoryOf(a), categoryOf(b)];
  if (!ca || !cb || ca === 'null' || cb === 'null' || ca === 'other' || cb === 'other') return true;
  if (ca === 'array' || cb === 'array') return true;
  return ca === cb && (ca === 'string' || ca === 'varbinary');
}

/** concat's signatures as Trino lists them when none applies (sorted, as its function resolver does). */
export const CONCAT_SIGNATURES = 'concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)';

/**
 * A Glue (Hive) column type as Trino names it: `string` → `varchar`, `int` → `integer`,
 * `timestamp` → `timestamp(3)`, `array<string>` → `array(varchar)`.
 *
 * @example hiveToTrino('map<string,array<int>>') // 'map(varchar, array(integer))'
 */
export function hiveToTrino(hive: string): TrinoType {
  const t = hive.trim().toLowerCase();
  const generic = /^(array|map|struct)<(.*)>$/.exec(t);
  if (generic) {
    const args = splitTopLevel(generic[2]!);
    if (generic[1] === 'array') return `array(${hiveToTrino(args[0] ?? '')})`;
    if (generic[1] === 'map') return `map(${hiveToTrino(args[0] ?? '')}, ${hiveToTrino(args[1] ?? '')})`;
    return `row(${args.map((f) => { const i = f.indexOf(':'); return `${f.slice(0, i).trim()} ${hiveToTrino(f.slice(i + 1))}`; }).join(', ')})`;
  }
  const simple: Record<string, TrinoType> = {
    string: 'varchar', int: 'integer', integer: 'integer', bigint: 'bigint', smallint: 'smallint', tinyint: 'tinyint',
    double: 'double', float: 'real', boolean: 'boolean', date: 'date', timestamp: 'timestamp(3)', binary: 'varbinary', varchar: 'varchar',
  };
  if (simple[t]) return simple[t]!;
  const decimal = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(t);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (t === 'decimal') return 'decimal(10,0)';
  const sized = /^(varchar|char)\s*\(\s*(\d+)\s*\)$/.exec(t);
  if (sized) return `${sized[1]}(${sized[2]})`;
  return UNKNOWN_TO_ANALYSIS;
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/**
 * A type as written in SQL (`CAST(x AS varchar(10))`, `int`, `timestamp`), as Trino names it,
 * or unknown to the analysis.
 */
export function sqlTypeToTrino(text: string): TrinoType {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const named: Record<string, TrinoType> = {
    varchar: 'varchar', integer: 'integer', int: 'integer', bigint: 'bigint', smallint: 'smallint', tinyint: 'tinyint', double: 'double',
    'double precision': 'double', real: 'real', boolean: 'boolean', date: 'date', timestamp: 'timestamp(3)', varbinary: 'varbinary', json: 'json',
  };
  if (named[t]) return named[t]!;
  const sized = /^(varchar|char|decimal|timestamp)\s*\(([\d\s,]+)\)$/.exec(t);
  if (sized) return `${sized[1]}(${sized[2]!.replace(/\s/g, '')})`;
  return UNKNOWN_TO_ANALYSIS;
}
