/**
 * Trino type names → DuckDB type names, for CAST targets: `array(varchar)` → `VARCHAR[]`,
 * `row(a integer)` → `STRUCT(a integer)`, `varbinary` → `BLOB`, `timestamp(3) with time zone` →
 * `TIMESTAMPTZ`. Everything else is written the same in both.
 */

const SIMPLE: Record<string, string> = {
  varbinary: 'BLOB',
  real: 'REAL',
  tinyint: 'TINYINT',
  ipaddress: 'VARCHAR',
  uuid: 'UUID',
};

/**
 * @example
 * translateType('array(row(a varchar, b double))'); // 'STRUCT(a VARCHAR, b DOUBLE)[]'
 */
export function translateType(text: string): string {
  const parser = new TypeParser(text);
  try {
    const out = parser.type();
    return parser.atEnd() ? out : text;
  } catch {
    return text;
  }
}

class TypeParser {
  #i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    this.#space();
    return this.#i >= this.s.length;
  }

  #space(): void {
    while (this.#i < this.s.length && /\s/.test(this.s[this.#i]!)) this.#i++;
  }

  #word(): string {
    this.#space();
    const m = /^("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.s.slice(this.#i));
    if (!m) throw new Error('type expected');
    this.#i += m[0].length;
    return m[0];
  }

  #peek(c: string): boolean {
    this.#space();
    return this.s[this.#i] === c;
  }

  #expect(c: string): void {
    if (!this.#peek(c)) throw new Error(`${c} expected`);
    this.#i++;
  }

  #peekWord(w: string): boolean {
    this.#space();
    const rest = this.s.slice(this.#i);
    return new RegExp(`^${w}\\b`, 'i').test(rest);
  }

  /** Number arguments `(3)` or `(10, 2)`, as written. */
  #numbers(): string {
    const start = this.#i;
    this.#expect('(');
    while (!this.#peek(')')) this.#i++;
    this.#i++;
    return this.s.slice(start, this.#i);
  }

  type(): string {
    const name = this.#word();
    const lower = name.toLowerCase();
    if (lower === 'array' && this.#peek('(')) {
      this.#expect('(');
      const element = this.type();
      this.#expect(')');
      return `${element}[]`;
    }
    if (lower === 'map' && this.#peek('(')) {
      this.#expect('(');
      const key = this.type();
      this.#expect(',');
      const value = this.type();
      this.#expect(')');
      return `MAP(${key}, ${value})`;
    }
    if (lower === 'row' && this.#peek('(')) {
      this.#expect('(');
      const fields: string[] = [];
      do {
        if (fields.length) this.#expect(',');
        const field = this.#word();
        fields.push(`${field} ${this.type()}`);
      } while (this.#peek(','));
      this.#expect(')');
      return `STRUCT(${fields.join(', ')})`;
    }
    if (lower === 'timestamp' || lower === 'time') {
      // timestamp(4..9) keeps sub-millisecond digits: DuckDB's TIMESTAMP_NS, printed with 6 or 9 digits.
      const precision = this.#peek('(') ? Number(/\d+/.exec(this.#numbers())?.[0] ?? '3') : 3;
      if (this.#peekWord('with')) {
        this.#word();
        this.#word(); // time
        this.#word(); // zone
        return lower === 'timestamp' ? 'TIMESTAMPTZ' : 'TIMETZ';
      }
      if (this.#peekWord('without')) {
        this.#word();
        this.#word();
        this.#word();
      }
      return lower === 'timestamp' && precision > 3 ? 'TIMESTAMP_NS' : lower.toUpperCase();
    }
    if (lower === 'double' && this.#peekWord('precision')) {
      this.#word();
      return 'DOUBLE';
    }
    const args = this.#peek('(') ? this.#numbers() : '';
    return (SIMPLE[lower] ?? name) + args;
  }
}
