/**
 * The bytes of string data (VARCHAR and BLOB values, also inside lists, arrays, maps and structs)
 * in each row of a DuckDB result chunk, read from the vectors' 16-byte string headers without
 * copying any string into JS. A value's rendered text is never smaller than its string bytes, so
 * these sizes let a result be refused before a huge value is materialized (a 400 MB string would
 * otherwise be copied out of DuckDB, decoded, then measured).
 *
 * DuckDB's C API hands result chunks out flat: a VARCHAR/BLOB vector is an array of string_t
 * (4-byte little-endian length, then inline bytes or a pointer), a LIST/MAP vector an array of
 * {offset: u64, length: u64} into its child vector, an ARRAY vector `length` child entries per
 * row, a STRUCT vector one child vector per field. NULL entries are skipped (their headers may be
 * garbage).
 */
import duckdb from '@duckdb/node-bindings';
import { DuckDBTypeId, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';

/**
 * Per row of `chunk`: the string bytes of the whole row and of each column.
 *
 * @example
 * const { rows, columns } = rawStringSizes(chunk, types); // columns[c][r]: bytes of column c in row r
 */
export function rawStringSizes(chunk: DuckDBDataChunk, types: readonly DuckDBType[]): { rows: Float64Array; columns: Float64Array[] } {
  const count = chunk.rowCount;
  const rows = new Float64Array(count);
  const columns = types.map((type, c) => {
    const sizes = vectorSizes(duckdb.data_chunk_get_vector(chunk.chunk, c), type, count);
    for (let r = 0; r < count; r++) rows[r]! += sizes[r]!;
    return sizes;
  });
  return { rows, columns };
}

/** Whether entry `i` of a vector is valid; `mask` null means every entry is. */
function validityOf(vector: duckdb.Vector, count: number): (i: number) => boolean {
  const mask = count === 0 ? null : duckdb.vector_get_validity(vector, Math.ceil(count / 64) * 8);
  if (!mask) return () => true;
  // The mask is an array of little-endian u64 words: bit i is bit (i % 8) of byte i / 8.
  return (i) => (mask[i >> 3]! & (1 << (i & 7))) !== 0;
}

function vectorSizes(vector: duckdb.Vector, type: DuckDBType, count: number): Float64Array {
  const sizes = new Float64Array(count);
  if (count === 0) return sizes;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.BLOB: {
      const valid = validityOf(vector, count);
      const data = duckdb.vector_get_data(vector, count * 16);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (let i = 0; i < count; i++) if (valid(i)) sizes[i] = view.getUint32(i * 16, true);
      return sizes;
    }
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.MAP: {
      const childCount = duckdb.list_vector_get_size(vector);
      const child = duckdb.list_vector_get_child(vector);
      // A MAP is a list of STRUCT(key, value).
      const childSizes =
        type.typeId === DuckDBTypeId.LIST
          ? vectorSizes(child, type.valueType, childCount)
          : sumOf([vectorSizes(duckdb.struct_vector_get_child(child, 0), type.keyType, childCount), vectorSizes(duckdb.struct_vector_get_child(child, 1), type.valueType, childCount)], childCount, validityOf(child, childCount));
      if (!childSizes.some((s) => s > 0)) return sizes;
      const valid = validityOf(vector, count);
      const data = duckdb.vector_get_data(vector, count * 16);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (let i = 0; i < count; i++) {
        if (!valid(i)) continue;
        const offset = Number(view.getBigUint64(i * 16, true));
        const length = Number(view.getBigUint64(i * 16 + 8, true));
        let total = 0;
        for (let j = offset; j < offset + length && j < childCount; j++) total += childSizes[j]!;
        sizes[i] = total;
      }
      return sizes;
    }
    case DuckDBTypeId.ARRAY: {
      const size = type.length;
      const childSizes = vectorSizes(duckdb.array_vector_get_child(vector), type.valueType, count * size);
      const valid = validityOf(vector, count);
      for (let i = 0; i < count; i++) {
        if (!valid(i)) continue;
        let total = 0;
        for (let j = i * size; j < (i + 1) * size; j++) total += childSizes[j]!;
        sizes[i] = total;
      }
      return sizes;
    }
    case DuckDBTypeId.STRUCT:
      return sumOf(type.entryTypes.map((t, f) => vectorSizes(duckdb.struct_vector_get_child(vector, f), t, count)), count, validityOf(vector, count));
    default:
      return sizes;
  }
}

/** Entry-wise sum of the fields' sizes, 0 where the struct itself is NULL. */
function sumOf(fields: Float64Array[], count: number, valid: (i: number) => boolean): Float64Array {
  const sizes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (!valid(i)) continue;
    for (const f of fields) sizes[i]! += f[i]!;
  }
  return sizes;
}
