/**
 * CREATE TABLE AS SELECT: the query's rows written as files of the table's format, uploaded as
 * the caller to `external_location` or to Athena's default `<OutputLocation>/tables/<query id>/`,
 * then the table (and, for `partitioned_by`, its partitions) registered in the caller's catalog.
 *
 * Decisions: Parquet is written with GZIP compression (Athena's default for CTAS) unless
 * `write_compression` says SNAPPY, ZSTD or NONE; TEXTFILE and JSON are written uncompressed.
 * Files are named `<query id>_<n>.<ext>` (Athena's names differ but are opaque).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DuckDBBigIntType } from '@duckdb/node-api';
import { athenaColumn } from '../results/render.js';
import { duckDbToHiveType } from '../statements/hive-types.js';
import type { Statement } from '../statements/types.js';
import type { CatalogColumn, PartitionDefinition, StorageDescriptor } from '../../storage/catalog.js';
import { schemaNotFound } from '../errors.js';
import { ErrorCategory, QueryFailure, type QueryResult } from '../types.js';
import { ident, literal } from './instance.js';
import { defaultDatabase, defineViewsFor, sandboxedQuery } from './query.js';
import type { QuerySession } from './session.js';
import { statementTypes } from './statement-types.js';

type Ctas = Extract<Statement, { kind: 'ctas' }>;

const RESULT_TABLE = 'sagelite_ctas_rows';

interface WriteFormat {
  copyOptions: string;
  extension: string;
  storage: Omit<StorageDescriptor, 'Columns' | 'Location'>;
  classification: string;
}

function writeFormat(p: Ctas['properties']): WriteFormat {
  const format = p.format.toUpperCase();
  if (format === 'PARQUET') {
    const codec = (p.writeCompression ?? 'GZIP').toUpperCase();
    const compression = ({ GZIP: 'gzip', SNAPPY: 'snappy', ZSTD: 'zstd', NONE: 'uncompressed', UNCOMPRESSED: 'uncompressed' } as Record<string, string>)[codec];
    if (!compression) throw new QueryFailure(ErrorCategory.User, 1103, `INVALID_TABLE_PROPERTY: Unsupported write_compression for PARQUET: ${p.writeCompression}`);
    return {
      copyOptions: `FORMAT parquet, COMPRESSION ${compression}`,
      extension: 'parquet',
      classification: 'parquet',
      storage: {
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
        Compressed: compression !== 'uncompressed',
      },
    };
  }
  if (format === 'TEXTFILE') {
    const delimiter = p.fieldDelimiter ?? '\u0001';
    return {
      copyOptions: `FORMAT csv, HEADER false, DELIMITER ${literal(delimiter)}, QUOTE '', ESCAPE '', NULLSTR '\\N'`,
      extension: 'txt',
      classification: 'csv',
      storage: {
        InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: { 'field.delim': delimiter, 'serialization.format': delimiter } },
        Compressed: false,
      },
    };
  }
  if (format === 'JSON') {
    return {
      copyOptions: 'FORMAT json',
      extension: 'json',
      classification: 'json',
      storage: {
        InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: {} },
        Compressed: false,
      },
    };
  }
  throw new QueryFailure(ErrorCategory.User, 1202, `NOT_SUPPORTED: sagelite writes CTAS tables as PARQUET, TEXTFILE or JSON, not ${p.format}`);
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

const withoutSlash = (uri: string) => uri.replace(/\/+$/, '');

/**
 * @example
 * await runCtas(session, parseStatement("CREATE TABLE t WITH (format = 'PARQUET') AS SELECT 1 AS x"));
 */
export async function runCtas(session: QuerySession, s: Ctas): Promise<QueryResult> {
  const { request } = session;
  const catalog = request.catalogAccess;
  const database = s.target.database ?? defaultDatabase(session);
  let scanned = 0;
  const result = (rows: number): QueryResult => ({
    ...statementTypes('ctas'),
    columns: [athenaColumn('rows', DuckDBBigIntType.instance)],
    rows: [[String(rows)]],
    outputFormat: 'csv',
    dataScannedBytes: scanned,
  });
  if (!(await catalog.databaseExists(database))) throw schemaNotFound(database);
  if (await catalog.getTable(database, s.target.table)) {
    if (s.ifNotExists) return result(0);
    throw new QueryFailure(ErrorCategory.User, 1006, `TABLE_ALREADY_EXISTS: line 1:1: Destination table 'awsdatacatalog.${database}.${s.target.table}' already exists`);
  }
  const format = writeFormat(s.properties);
  let location: string;
  if (s.properties.externalLocation) {
    location = withoutSlash(s.properties.externalLocation);
    if ((await request.storage.listPrefix(location)).length > 0) {
      throw new QueryFailure(
        ErrorCategory.User,
        1006,
        `HIVE_PATH_ALREADY_EXISTS: Target directory for table '${database}.${s.target.table}' already exists: ${location}/. You may need to manually clean the data at location '${location}/' before retrying. Athena will not delete data in your account.`,
      );
    }
  } else if (request.outputLocation) {
    location = `${withoutSlash(request.outputLocation)}/tables/${request.queryExecutionId}`;
  } else {
    throw new QueryFailure(ErrorCategory.User, 1000, 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
  }

  const { duckSql, parsed } = await sandboxedQuery(session, s.query);
  scanned = await defineViewsFor(session, duckSql, parsed);
  await session.run(`CREATE TEMP TABLE ${RESULT_TABLE} AS SELECT * FROM (${duckSql}) AS q${s.withData ? '' : ' LIMIT 0'}`);
  const described = await session.rows(`SELECT column_name, column_type FROM (DESCRIBE ${RESULT_TABLE})`);
  const columns: CatalogColumn[] = described.map(([name, type]) => ({ Name: String(name).toLowerCase(), Type: duckDbToHiveType(String(type)) }));
  const partitionNames = s.properties.partitionedBy.map((p) => p.toLowerCase());
  for (const p of partitionNames) {
    if (!columns.some((c) => c.Name === p)) throw new QueryFailure(ErrorCategory.User, 1006, `Partition column ${p} does not exist in the query`);
  }
  const dataColumns = columns.filter((c) => !partitionNames.includes(c.Name));
  const partitionKeys = partitionNames.map((p) => columns.find((c) => c.Name === p)!);
  if (partitionKeys.length > 0 && columns.slice(-partitionKeys.length).some((c, i) => c.Name !== partitionNames[i])) {
    throw new QueryFailure(ErrorCategory.User, 1006, 'HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in the same order as the table properties: ' + partitionNames.join(', '));
  }
  const [[count]] = (await session.rows(`SELECT count(*) FROM ${RESULT_TABLE}`)) as [[bigint | number]];
  const rowCount = Number(count);

  const outDir = session.subdir('ctas');
  if (rowCount > 0) {
    const partitionBy = partitionKeys.length > 0 ? `, PARTITION_BY (${partitionKeys.map((k) => ident(k.Name)).join(', ')}), FILENAME_PATTERN ${literal(`${request.queryExecutionId}_{i}`)}` : '';
    const target = partitionKeys.length > 0 ? outDir : join(outDir, `${request.queryExecutionId}_0.${format.extension}`);
    await session.run(`COPY ${RESULT_TABLE} TO ${literal(target)} (${format.copyOptions}${partitionBy})`);
  }
  const partitions = new Map<string, string[]>();
  for (const file of rowCount > 0 ? filesUnder(outDir) : []) {
    session.checkCancelled();
    const key = relative(outDir, file).split(sep).join('/');
    await request.storage.putObject(`${location}/${key}`, readFileSync(file));
    const dirs = key.split('/').slice(0, -1);
    if (dirs.length > 0) partitions.set(dirs.join('/'), dirs.map((d) => decodeURIComponent(d.slice(d.indexOf('=') + 1))));
  }

  await catalog.createTable(database, {
    Name: s.target.table,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { ...s.properties.other, classification: format.classification, has_encrypted_data: 'false' },
    PartitionKeys: partitionKeys,
    StorageDescriptor: { ...format.storage, Columns: dataColumns, Location: location },
  });
  if (partitions.size > 0) {
    const defs: PartitionDefinition[] = [...partitions].map(([path, values]) => ({ Values: values, StorageDescriptor: { ...format.storage, Columns: dataColumns, Location: `${location}/${path}` } }));
    await catalog.addPartitions(database, s.target.table, defs);
  }
  return result(rowCount);
}
