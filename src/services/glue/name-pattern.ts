import { invalidInput } from './errors.js';

/**
 * GetTables' Expression, as Glue (Hive) reads it: alternatives separated by `|`, each a regular
 * expression matched against the whole name, ignoring case, where a lone `*` means `.*`.
 *
 * @example
 * namePattern('sales_*|orders').test('sales_2024') // true
 */
export function namePattern(expression: string): RegExp {
  const alternatives = expression.split('|').map((alt) => alt.trim().replace(/(?<!\.)\*/g, '.*'));
  try {
    return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
  } catch {
    throw invalidInput(`Invalid expression: ${expression}`);
  }
}
