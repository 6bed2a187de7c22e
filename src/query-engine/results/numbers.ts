/**
 * Numbers as Java prints them (Athena's engine runs on the JVM): Double.toString and
 * Float.toString — shortest round-trip digits, plain notation for 1e-3 ≤ |x| < 1e7, else
 * `d.dddE±n`, always with a fraction digit (`1.0`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`).
 */

function javaNotation(value: number, digits: (x: number) => string): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  // The shortest digit string that reads back as the value, as "d.ddd" and a decimal exponent.
  const [mantissa, exp] = digits(abs).split('e') as [string, string];
  let exponent = Number(exp);
  const digitString = mantissa.replace('.', '');
  if (abs >= 1e-3 && abs < 1e7) {
    const point = exponent + 1;
    let text: string;
    if (point <= 0) text = '0.' + '0'.repeat(-point) + digitString;
    else if (point >= digitString.length) text = digitString + '0'.repeat(point - digitString.length) + '.0';
    else text = digitString.slice(0, point) + '.' + digitString.slice(point);
    return sign + text;
  }
  const fraction = digitString.slice(1) || '0';
  if (exponent === 0) exponent = 0;
  return `${sign}${digitString[0]}.${fraction}E${exponent}`;
}

/**
 * @example
 * javaDouble(1e7); // '1.0E7'
 * javaDouble(0.1); // '0.1'
 */
export function javaDouble(value: number): string {
  return javaNotation(value, (x) => x.toExponential());
}

/**
 * A REAL (float32, widened by DuckDB's client to a double) as Java's Float.toString prints it.
 *
 * @example
 * javaFloat(Math.fround(0.1)); // '0.1'
 */
export function javaFloat(value: number): string {
  return javaNotation(value, (x) => {
    for (let p = 1; p <= 9; p++) {
      const candidate = x.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === Math.fround(x)) return candidate.replace(/\.?0+e/, 'e').replace(/^(\d)e/, '$1e');
    }
    return x.toExponential(8);
  });
}

/**
 * A decimal's unscaled integer with its scale, as Trino prints decimals (every scale digit kept).
 *
 * @example
 * decimalString(150n, 2); // '1.50'
 */
export function decimalString(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}
