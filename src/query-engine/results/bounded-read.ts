/**
 * Reads a streaming DuckDB result chunk by chunk (DuckDB's vector size, 2048 rows), rendering
 * each value as Athena prints it and checking sizes as the chunk arrives: a value or a row past
 * Athena's 32 MB limit, or a whole result past sagelite's in-memory bound, fails the query at
 * once — the rest of the result is never fetched, and DuckDB never computes it.
 *
 * Each chunk is checked twice. First from the vectors' string headers (raw-sizes.ts), before any
 * value is copied into JS: a huge VARCHAR is refused without ever becoming a JS string. Then
 * value by value as they are rendered (numbers, dates and nested values only have a size once
 * rendered), so at most one over-large value is ever materialized.
 */
import { Buffer } from 'node:buffer';
import { DuckDBBlobValue, DuckDBTypeId, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import type { ResultColumn } from '../types.js';
import { resultTooLarge, rowOrColumnTooLarge, type ResultLimits } from './limits.js';
import { rawStringSizes } from './raw-sizes.js';
import { athenaColumn, renderValue } from './render.js';

/** A streaming result: its shape, and its next chunk (null or empty at the end). */
export interface ChunkSource {
  columnNames(): string[];
  columnTypes(): DuckDBType[];
  fetchChunk(): Promise<DuckDBDataChunk | null>;
}

/** A value's size against the 32 MB limit: VARBINARY counts its bytes, everything else its text's. */
function valueBytes(textBytes: number, raw: unknown, type: DuckDBType): number {
  return type.typeId === DuckDBTypeId.BLOB && raw instanceof DuckDBBlobValue ? raw.bytes.length : textBytes;
}

/**
 * Every row of `source`, rendered, within `limits`; throws QueryFailure at the first value, row
 * or total past them. `checkCancelled` runs between chunks (an interrupt also makes the pending
 * fetch fail). With `emit`, each chunk's rows are handed to it as they are checked and the
 * answer's `rows` stays empty (the engine process sends them to the server chunk by chunk).
 *
 * @example
 * const { columns, rows } = await readBounded(await conn.stream(sql), DEFAULT_RESULT_LIMITS);
 */
export async function readBounded(
  source: ChunkSource,
  limits: ResultLimits,
  checkCancelled: () => void = () => undefined,
  emit?: (rows: Array<Array<string | null>>) => void,
): Promise<{ columns: ResultColumn[]; rows: Array<Array<string | null>> }> {
  const names = source.columnNames();
  const types = source.columnTypes();
  const columns = names.map((n, i) => athenaColumn(n, types[i]!));
  // Rows kept for the answer; with `emit`, each chunk's rows go out instead and none are kept.
  const rows: Array<Array<string | null>> = [];
  let done = 0;
  // The result's CSV bytes so far: each value quoted, separated, each row ended by a newline.
  let total = 0;
  for (;;) {
    checkCancelled();
    const chunk = await source.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const count = chunk.rowCount;
    const raw = rawStringSizes(chunk, types);
    let chunkRaw = 0;
    for (let r = 0; r < count; r++) {
      const rowNumber = done + r + 1;
      for (let c = 0; c < types.length; c++) {
        if (raw.columns[c]![r]! > limits.maxRowOrColumnBytes) throw rowOrColumnTooLarge({ column: c + 1 }, rowNumber, raw.columns[c]![r]!, limits.maxRowOrColumnBytes);
      }
      if (raw.rows[r]! > limits.maxRowOrColumnBytes) throw rowOrColumnTooLarge('row', rowNumber, raw.rows[r]!, limits.maxRowOrColumnBytes);
      chunkRaw += raw.rows[r]!;
    }
    if (total + chunkRaw > limits.maxResultBytes) throw resultTooLarge(limits.maxResultBytes);
    const vectors = types.map((_, c) => chunk.getColumnVector(c));
    const chunkRows: Array<Array<string | null>> = emit ? [] : rows;
    for (let r = 0; r < count; r++) {
      const rowNumber = done + 1;
      const row: Array<string | null> = new Array(types.length);
      let rowBytes = 0;
      for (let c = 0; c < types.length; c++) {
        const value = vectors[c]!.getItem(r);
        const text = renderValue(value, types[c]!);
        row[c] = text;
        if (text === null) {
          total += 1;
          continue;
        }
        const textBytes = Buffer.byteLength(text, 'utf8');
        const bytes = valueBytes(textBytes, value, types[c]!);
        if (bytes > limits.maxRowOrColumnBytes) throw rowOrColumnTooLarge({ column: c + 1 }, rowNumber, bytes, limits.maxRowOrColumnBytes);
        rowBytes += bytes;
        // Quotes and separator around the value's text; embedded quotes are doubled, rarely.
        total += textBytes + 3;
      }
      if (rowBytes > limits.maxRowOrColumnBytes) throw rowOrColumnTooLarge('row', rowNumber, rowBytes, limits.maxRowOrColumnBytes);
      if (total > limits.maxResultBytes) throw resultTooLarge(limits.maxResultBytes);
      chunkRows.push(row);
      done++;
    }
    if (emit) emit(chunkRows);
  }
  return { columns, rows };
}
