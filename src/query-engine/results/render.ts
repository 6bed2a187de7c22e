/**
 * DuckDB values and types as Athena shows them: ColumnInfo type names and precision, and each
 * value as GetQueryResults' VarCharValue and the result CSV print it (Trino's text forms).
 */
import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBIntervalValue, DuckDBListValue, DuckDBArrayValue,
  DuckDBMapValue, DuckDBStructValue, DuckDBTimestampTZValue, DuckDBTimeValue, DuckDBTypeId,
  type DuckDBMaterializedResult, type DuckDBResultReader, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import type { ResultColumn } from '../types.js';
import { decimalString, javaDouble, javaFloat } from './numbers.js';
import { dateString, intervalString, timeString, timestampNanosString, timestampString } from './temporal.js';

const VARCHAR_PRECISION = 2147483647;

/** Athena's name and precision for a DuckDB type (DuckDB-only types take the closest Athena one). */
function athenaType(type: DuckDBType): { name: string; precision: number; scale: number } {
  const t = (name: string, precision = 0, scale = 0) => ({ name, precision, scale });
  if (type.alias?.toUpperCase() === 'JSON') return t('json');
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: case DuckDBTypeId.UUID: case DuckDBTypeId.BIT:
      return t('varchar', VARCHAR_PRECISION);
    // Trino's sum(bigint) is a bigint; DuckDB widens it to HUGEINT. Unsigned values show as the next signed type.
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.UINTEGER: case DuckDBTypeId.BIGNUM:
      return t('bigint', 19);
    case DuckDBTypeId.INTEGER: case DuckDBTypeId.USMALLINT: return t('integer', 10);
    case DuckDBTypeId.SMALLINT: case DuckDBTypeId.UTINYINT: return t('smallint', 5);
    case DuckDBTypeId.TINYINT: return t('tinyint', 3);
    case DuckDBTypeId.DOUBLE: return t('double', 17);
    case DuckDBTypeId.FLOAT: return t('float', 7);
    case DuckDBTypeId.DECIMAL: return t('decimal', type.width, type.scale);
    case DuckDBTypeId.BOOLEAN: return t('boolean');
    case DuckDBTypeId.DATE: return t('date');
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_S: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_NS:
      return t('timestamp', 3);
    case DuckDBTypeId.TIMESTAMP_TZ: return t('timestamp with time zone', 3);
    case DuckDBTypeId.TIME: case DuckDBTypeId.TIME_NS: return t('time', 3);
    case DuckDBTypeId.TIME_TZ: return t('time with time zone', 3);
    case DuckDBTypeId.BLOB: return t('varbinary', VARCHAR_PRECISION);
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: return t('array');
    case DuckDBTypeId.MAP: return t('map');
    case DuckDBTypeId.STRUCT: return t('row');
    case DuckDBTypeId.INTERVAL: return t('interval day to second');
    case DuckDBTypeId.SQLNULL: return t('unknown');
    default: return t('varchar', VARCHAR_PRECISION);
  }
}

/**
 * A result column as GetQueryResults' ColumnInfo describes it.
 *
 * @example
 * athenaColumn('n', BIGINT); // { name: 'n', label: 'n', type: 'bigint', precision: 19, scale: 0, nullable: 'UNKNOWN', caseSensitive: false }
 */
export function athenaColumn(name: string, type: DuckDBType): ResultColumn {
  const { name: typeName, precision, scale } = athenaType(type);
  return { name, label: name, type: typeName, precision, scale, nullable: 'UNKNOWN', caseSensitive: typeName === 'varchar' };
}

/**
 * A value as Athena prints it (null stays null). Nested values use Trino's forms: `[1, 2]`,
 * `{a=1, b=2}` for maps and rows, NULL inside them as `null`.
 *
 * @example
 * renderValue(1e7, DOUBLE); // '1.0E7'
 */
export function renderValue(value: DuckDBValue, type: DuckDBType): string | null {
  if (value === null || value === undefined) return null;
  return render(value, type);
}

function nested(value: DuckDBValue, type: DuckDBType): string {
  return value === null || value === undefined ? 'null' : render(value, type);
}

function render(value: DuckDBValue, type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.DOUBLE: return javaDouble(Number(value));
    case DuckDBTypeId.FLOAT: return javaFloat(Number(value));
    case DuckDBTypeId.BOOLEAN: return value ? 'true' : 'false';
    case DuckDBTypeId.DECIMAL:
      return value instanceof DuckDBDecimalValue ? decimalString(value.value, value.scale) : String(value);
    case DuckDBTypeId.DATE:
      return value instanceof DuckDBDateValue ? dateString(value.days) : String(value);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return value instanceof DuckDBTimestampTZValue ? `${timestampString(value.micros)} UTC` : String(value);
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_S:
      return timestampString(timestampMicros(value, type.typeId));
    // A CAST to timestamp(4..9): microseconds, or nanoseconds when there are any.
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestampNanosString((value as { nanos?: bigint }).nanos ?? 0n);
    case DuckDBTypeId.TIME:
      return value instanceof DuckDBTimeValue ? timeString(value.micros) : String(value);
    case DuckDBTypeId.INTERVAL:
      return value instanceof DuckDBIntervalValue ? intervalString(value.months, value.days, value.micros) : String(value);
    case DuckDBTypeId.BLOB:
      return value instanceof DuckDBBlobValue ? [...value.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') : String(value);
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY: {
      const items = value instanceof DuckDBListValue || value instanceof DuckDBArrayValue ? value.items : [];
      return `[${items.map((v) => nested(v, type.valueType)).join(', ')}]`;
    }
    case DuckDBTypeId.MAP: {
      const entries = value instanceof DuckDBMapValue ? value.entries : [];
      return `{${entries.map((e) => `${nested(e.key, type.keyType)}=${nested(e.value, type.valueType)}`).join(', ')}}`;
    }
    case DuckDBTypeId.STRUCT: {
      const entries = value instanceof DuckDBStructValue ? value.entries : {};
      return `{${type.entryNames.map((n, i) => `${n}=${nested(entries[n] ?? null, type.entryTypes[i]!)}`).join(', ')}}`;
    }
    default:
      return String(value);
  }
}

function timestampMicros(value: DuckDBValue, typeId: DuckDBTypeId): bigint {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (typeId === DuckDBTypeId.TIMESTAMP_MS && v.millis !== undefined) return v.millis * 1000n;
  if (typeId === DuckDBTypeId.TIMESTAMP_S && v.seconds !== undefined) return v.seconds * 1_000_000n;
  if (typeId === DuckDBTypeId.TIMESTAMP_NS && v.nanos !== undefined) return v.nanos / 1000n;
  return v.micros ?? 0n;
}

/**
 * Every column and row of a DuckDB result, rendered as Athena renders them.
 *
 * @example
 * const { columns, rows } = renderResult(await connection.runAndReadAll(translateQuery(sql)));
 */
export function renderResult(result: DuckDBMaterializedResult | DuckDBResultReader): { columns: ResultColumn[]; rows: Array<Array<string | null>> } {
  const names = result.columnNames();
  const types = result.columnTypes();
  const columns = names.map((n, i) => athenaColumn(n, types[i]!));
  const rows: Array<Array<string | null>> = [];
  const add = (values: DuckDBValue[][]) => {
    for (const row of values) rows.push(row.map((v, i) => renderValue(v, types[i]!)));
  };
  if ('getChunk' in result) {
    for (let c = 0; c < result.chunkCount; c++) add(result.getChunk(c).getRows());
  } else {
    add(result.getRows());
  }
  return { columns, rows };
}
