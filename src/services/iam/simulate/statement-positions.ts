/** A 1-based line and column in a policy document, as IAM's simulator reports them. */
export interface Position {
  Line: number;
  Column: number;
}

/**
 * Where each statement of a (valid JSON) policy document starts and ends: the `{` and just past
 * the `}` of each element of `Statement` (or of `Statement` itself when it is one object).
 * Returns an empty list for text that is not a JSON object.
 *
 * @example statementPositions('{"Statement":[{"Effect":"Allow"}]}') // → [{ start: {Line:1,Column:15}, end: {Line:1,Column:33} }]
 */
export function statementPositions(text: string): Array<{ start: Position; end: Position }> {
  let i = 0;
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { Line: lo + 1, Column: offset - lineStarts[lo]! + 1 };
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return void skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      while (i < text.length && text[i] !== close) {
        if (c === '{') {
          ws();
          skipString();
          ws();
          i++; // ':'
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  const out: Array<{ start: Position; end: Position }> = [];
  const statement = () => {
    ws();
    const start = i;
    skipValue();
    out.push({ start: at(start), end: at(i) });
  };
  try {
    ws();
    if (text[i] !== '{') return [];
    i++;
    ws();
    while (i < text.length && text[i] !== '}') {
      ws();
      const key = skipString();
      ws();
      i++; // ':'
      ws();
      if (key === 'Statement' && text[i] === '[') {
        i++;
        ws();
        while (i < text.length && text[i] !== ']') {
          statement();
          ws();
          if (text[i] === ',') i++;
          ws();
        }
        i++;
      } else if (key === 'Statement') {
        statement();
      } else {
        skipValue();
      }
      ws();
      if (text[i] === ',') i++;
      ws();
    }
  } catch {
    return [];
  }
  return out;
}
