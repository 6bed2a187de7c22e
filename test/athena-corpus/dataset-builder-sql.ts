/**
 * The SQL the SageMaker Python SDK's DatasetBuilder (sagemaker/feature_store/dataset_builder.py)
 * sends to Athena for a feature-group base joined with feature groups, written out here by hand,
 * clause for clause, so the training-set tests run the exact shape of query users run: per group a
 * CTE that deduplicates by (record identifier, event time) keeping the latest
 * api_invocation_time/write_time, a CTE of each record's latest deletion marker, the UNION ALL
 * that drops deleted records unless written again after the delete, and the point-in-time join
 * `from_unixtime(base.et) >= from_iso8601_timestamp(fg_0.et)` ranked by event time.
 * Only the builder's default paths are reproduced (no include_duplicated/deleted_records).
 */

export interface GroupSpec {
  database: string;
  table: string;
  recordId: string;
  eventTime: string;
  /** The event time feature's type: Fractional (Unix seconds) or String (ISO-8601). */
  eventTimeType: 'Fractional' | 'String';
  /** Every feature in definition order (DatasetBuilder's default included_feature_names). */
  features: string[];
}

export interface BuilderOptions {
  /** as_of(): `write_time <= to_timestamp('<YYYY-MM-DD hh:mm:ss>', 'yyyy-mm-dd hh24:mi:ss')`. */
  asOf?: Date;
  /** with_event_time_range(start, end). */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** with_number_of_recent_records_by_record_identifier(n). */
  recentRecords?: number;
  /** with_number_of_records_from_query_results(n). */
  limit?: number;
  pointInTime: boolean;
}

const cast = (g: GroupSpec) => (g.eventTimeType === 'String' ? 'from_iso8601_timestamp' : 'from_unixtime');
/** Python's str(datetime) of a naive UTC datetime with microseconds dropped. */
const pyDatetime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
/** Python's float repr of datetime.timestamp(), e.g. 1714550400.0. */
const pyTimestamp = (d: Date) => {
  const s = String(d.getTime() / 1000);
  return s.includes('.') ? s : `${s}.0`;
};

function writeTimeCondition(table: string, o: BuilderOptions): string {
  return `${table}."write_time" <= to_timestamp('${pyDatetime(o.asOf!)}', 'yyyy-mm-dd hh24:mi:ss')`;
}

function eventTimeConditions(table: string, g: GroupSpec, o: BuilderOptions): string[] {
  const out: string[] = [];
  if (o.eventTimeStart) out.push(`${cast(g)}(${table}."${g.eventTime}") >= from_unixtime(${pyTimestamp(o.eventTimeStart)})`);
  if (o.eventTimeEnd) out.push(`${cast(g)}(${table}."${g.eventTime}") <= from_unixtime(${pyTimestamp(o.eventTimeEnd)})`);
  return out;
}

function dedupQuery(g: GroupSpec, s: string, o: BuilderOptions): string {
  const where = [...(o.asOf ? [writeTimeCondition(`origin_${s}`, o)] : []), ...eventTimeConditions(`origin_${s}`, g, o)];
  return (
    `table_${s} AS (\nSELECT *\nFROM (\nSELECT *, row_number() OVER (\n` +
    `PARTITION BY origin_${s}."${g.recordId}", origin_${s}."${g.eventTime}"\n` +
    `ORDER BY origin_${s}."api_invocation_time" DESC, origin_${s}."write_time" DESC\n` +
    `) AS dedup_row_${s}\nFROM "${g.database}"."${g.table}" origin_${s}\n` +
    (where.length ? `WHERE ${where.join('\nAND ')}\n` : '') +
    `)\nWHERE dedup_row_${s} = 1\n)`
  );
}

function deletedQuery(g: GroupSpec, s: string, o: BuilderOptions): string {
  let conditions = '\n';
  if (o.asOf) conditions += ` AND ${writeTimeCondition(`origin_${s}`, o)}\n`;
  // The SDK adds the event-time range to the deletion markers only when both ends are given.
  if (o.eventTimeStart && o.eventTimeEnd) conditions += eventTimeConditions(`origin_${s}`, g, o).map((c) => `AND ${c}\n`).join('');
  return (
    `deleted_${s} AS (\nSELECT *\nFROM (\nSELECT *, row_number() OVER (\n` +
    `PARTITION BY origin_${s}."${g.recordId}"\n` +
    `ORDER BY origin_${s}."${g.eventTime}" DESC, origin_${s}."api_invocation_time" DESC, origin_${s}."write_time" DESC\n` +
    `) AS deleted_row_${s}\nFROM "${g.database}"."${g.table}" origin_${s}\nWHERE is_deleted${conditions})\nWHERE deleted_row_${s} = 1\n)`
  );
}

function tableQuery(g: GroupSpec, s: string, o: BuilderOptions): string {
  const t = `table_${s}`;
  const d = `deleted_${s}`;
  const included = g.features.map((f) => `${t}."${f}"`).join(', ');
  const withWriteTime = `${included}, ${t}."write_time"`;
  const where = [...(o.asOf ? [writeTimeCondition(t, o)] : []), ...eventTimeConditions(t, g, o)];
  return (
    `WITH ${dedupQuery(g, s, o)},\n${deletedQuery(g, s, o)}\n` +
    `SELECT ${included}\nFROM (\nSELECT ${withWriteTime}\nFROM ${t}\nLEFT JOIN ${d}\n` +
    `ON ${t}."${g.recordId}" = ${d}."${g.recordId}"\nWHERE ${d}."${g.recordId}" IS NULL\nUNION ALL\n` +
    `SELECT ${withWriteTime}\nFROM ${d}\nJOIN ${t}\nON ${t}."${g.recordId}" = ${d}."${g.recordId}"\nAND (\n` +
    `${t}."${g.eventTime}" > ${d}."${g.eventTime}"\n` +
    `OR (${t}."${g.eventTime}" = ${d}."${g.eventTime}" AND ${t}."api_invocation_time" > ${d}."api_invocation_time")\n` +
    `OR (${t}."${g.eventTime}" = ${d}."${g.eventTime}" AND ${t}."api_invocation_time" = ${d}."api_invocation_time" AND ${t}."write_time" > ${d}."write_time")\n` +
    `)\n) AS ${t}\n` +
    (where.length ? `WHERE ${where.join('\nAND ')}` : '')
  );
}

/**
 * The query DatasetBuilder(base).with_feature_group(other)[.point_in_time_accurate_join()]…
 * .to_dataframe() runs, joining `other` on the base's record identifier with an inner join.
 *
 * @example
 * datasetBuilderQuery(customers, [stats], { pointInTime: true, recentRecords: 1, limit: 100 });
 */
export function datasetBuilderQuery(base: GroupSpec, others: GroupSpec[], o: BuilderOptions): string {
  let q = `WITH fg_base AS (${tableQuery(base, 'base', o)})`;
  q += others.map((g, i) => `,\nfg_${i} AS (${tableQuery(g, String(i), o)})`).join('');
  const selected = [base.features.map((f) => `fg_base.${f}`).join(', '), ...others.map((g, i) => g.features.map((f) => `fg_${i}."${f}" as "${f}.${i + 1}"`).join(', '))].join(', ');
  const selectedFinal = [base.features.join(', '), ...others.map((g, i) => g.features.map((f) => `"${f}.${i + 1}"`).join(', '))].join(', ');
  q += `\nSELECT ${selectedFinal}\nFROM (\nSELECT ${selected}, row_number() OVER (\nPARTITION BY fg_base."${base.recordId}"\nORDER BY fg_base."${base.eventTime}" DESC`;
  const joins: string[] = [];
  others.forEach((g, i) => {
    q += `, fg_${i}."${g.eventTime}" DESC`;
    let join = `\nJOIN fg_${i}\nON fg_base."${base.recordId}" = fg_${i}."${g.recordId}"`;
    if (o.pointInTime) join += `\nAND ${cast(base)}(fg_base."${base.eventTime}") >= ${cast(g)}(fg_${i}."${g.eventTime}")`;
    joins.push(join);
  });
  q += `\n) AS row_recent\nFROM fg_base${joins.join('')}\n)\n${o.recentRecords !== undefined ? `WHERE row_recent <= ${o.recentRecords}` : ''}`;
  if (o.limit !== undefined) q += `\nLIMIT ${o.limit}`;
  return q;
}
