import type { EventTimeType, SourceTable } from './source.js';

/** How a joined group's feature is compared with the base's (the Python SDK's JoinComparatorEnum). */
export const JOIN_COMPARATORS = {
  EQUALS: '=', GREATER_THAN: '>', GREATER_THAN_OR_EQUAL_TO: '>=', LESS_THAN: '<', LESS_THAN_OR_EQUAL_TO: '<=', NOT_EQUAL_TO: '<>',
} as const;
export type JoinComparator = keyof typeof JOIN_COMPARATORS;

/** The join (the Python SDK's JoinTypeEnum without CROSS_JOIN, which cannot take the ON condition it writes). */
export const JOIN_TYPES = { INNER_JOIN: 'JOIN', LEFT_JOIN: 'LEFT JOIN', RIGHT_JOIN: 'RIGHT JOIN', FULL_JOIN: 'FULL JOIN' } as const;
export type JoinType = keyof typeof JOIN_TYPES;

/** A feature group joined to the base. */
export interface JoinedSource extends SourceTable {
  /** The base's column compared; default the base's record identifier. */
  targetFeatureNameInBase?: string;
  /** This group's feature compared; default its record identifier. */
  featureNameInTarget?: string;
  joinComparator: JoinComparator;
  joinType: JoinType;
}

/** Everything the query depends on. */
export interface TrainingSetSpec {
  base: SourceTable;
  joins: JoinedSource[];
  pointInTimeAccurateJoin?: boolean;
  includeDuplicatedRecords?: boolean;
  includeDeletedRecords?: boolean;
  numberOfRecentRecords?: number;
  numberOfRecords?: number;
  /** as_of: records written after this are left out. */
  writeTimeEnding?: Date;
  eventTimeStarting?: Date;
  eventTimeEnding?: Date;
}

/** A double-quoted SQL identifier. */
export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Seconds since the epoch as Python prints `datetime.timestamp()` (a float: `1704067200.0`). */
export function unixSeconds(d: Date): string {
  const s = d.getTime() / 1000;
  return Number.isInteger(s) ? `${s}.0` : String(s);
}

const cast = (t: EventTimeType | undefined) => (t === 'String' ? 'from_iso8601_timestamp' : 'from_unixtime');

/**
 * The Athena query that builds a training set, in the shape the SageMaker Python SDK's
 * DatasetBuilder writes it: each table de-duplicated (latest write per record and event time) and
 * stripped of soft-deleted records in a CTE (`fg_base`, `fg_0`, …), joined to the base on the
 * record identifier (or the chosen features), optionally point-in-time (a joined record's event
 * time not after the base row's), ranked newest first per base record (`row_recent`).
 *
 * Deliberate differences from the Python SDK: every column name is quoted; a one-sided event-time
 * range also limits which deletions count (the SDK applies a range there only when both ends are
 * given); "include deleted and duplicated records" is not applied to a plain-table base (it has
 * no is_deleted column).
 *
 * @example
 * const sql = trainingSetSql({ base: sourceFromFeatureGroup(customers), joins: [{ ...sourceFromFeatureGroup(orders), targetFeatureNameInBase: 'cid', featureNameInTarget: 'cid', joinComparator: 'EQUALS', joinType: 'INNER_JOIN' }], pointInTimeAccurateJoin: true });
 */
export function trainingSetSql(spec: TrainingSetSpec): string {
  validate(spec);
  const { base, joins } = spec;
  let sql = `WITH fg_base AS (${tableQuery(spec, base, 'base')})`;
  sql += joins.map((j, i) => `,\nfg_${i} AS (${tableQuery(spec, j, String(i))})`).join('');

  const selected = [
    ...base.projectedFeatureNames.map((f) => `fg_base.${quote(f)}`),
    ...joins.flatMap((j, i) => j.projectedFeatureNames.map((f) => `fg_${i}.${quote(f)} as ${quote(`${f}.${i + 1}`)}`)),
  ].join(', ');
  const shown = [
    ...base.projectedFeatureNames.map(quote),
    ...joins.flatMap((j, i) => j.projectedFeatureNames.map((f) => quote(`${f}.${i + 1}`))),
  ].join(', ');

  sql += `\nSELECT ${shown}\nFROM (\nSELECT ${selected}, row_number() OVER (\n`
    + `PARTITION BY fg_base.${quote(base.recordIdentifierFeatureName)}\n`
    + `ORDER BY fg_base.${quote(base.eventTimeFeatureName)} DESC`
    + joins.map((j, i) => `, fg_${i}.${quote(j.eventTimeFeatureName)} DESC`).join('')
    + `\n) AS row_recent\nFROM fg_base`
    + joins.map((j, i) => joinCondition(spec, j, i)).join('')
    + `\n)\n`
    + (spec.numberOfRecentRecords !== undefined && spec.numberOfRecentRecords >= 0 ? `WHERE row_recent <= ${spec.numberOfRecentRecords}` : '');
  if (spec.numberOfRecords !== undefined && spec.numberOfRecords >= 0) sql += `\nLIMIT ${spec.numberOfRecords}`;
  return sql;
}

function validate(spec: TrainingSetSpec): void {
  const plainBaseAlone = spec.base.kind !== 'FeatureGroup' && spec.joins.length === 0;
  if (spec.numberOfRecentRecords !== undefined && (!Number.isInteger(spec.numberOfRecentRecords) || spec.numberOfRecentRecords < 0)) {
    throw new Error('Please provide non-negative integer for number_of_recent_records.');
  }
  if (spec.numberOfRecords !== undefined && (!Number.isInteger(spec.numberOfRecords) || spec.numberOfRecords < 0)) {
    throw new Error('Please provide non-negative integer for number_of_records.');
  }
  if (spec.includeDeletedRecords && plainBaseAlone) throw new Error('include_deleted_records() only works for FeatureGroup, if there is no join operation.');
  if (spec.includeDuplicatedRecords && plainBaseAlone) throw new Error('include_duplicated_records() only works for FeatureGroup, if there is no join operation.');
  if (spec.writeTimeEnding && plainBaseAlone) throw new Error('as_of() only works for FeatureGroup, if there is no join operation.');
  if (spec.pointInTimeAccurateJoin && spec.joins.length === 0) {
    throw new Error('point_in_time_accurate_join() this operation only works when there is more than one feature group to join.');
  }
  for (const j of spec.joins) {
    if (j.targetFeatureNameInBase !== undefined && !spec.base.features.includes(j.targetFeatureNameInBase)) {
      throw new Error(`Feature ${j.targetFeatureNameInBase} not found in base`);
    }
  }
}

function writeTimeCondition(spec: TrainingSetSpec, table: string): string {
  const at = spec.writeTimeEnding!.toISOString().slice(0, 19).replace('T', ' ');
  return `${table}."write_time" <= to_timestamp('${at}', 'yyyy-mm-dd hh24:mi:ss')`;
}

function eventTimeConditions(spec: TrainingSetSpec, table: string, src: SourceTable): string[] {
  const column = `${cast(src.eventTimeType)}(${table}.${quote(src.eventTimeFeatureName)})`;
  const out: string[] = [];
  if (spec.eventTimeStarting) out.push(`${column} >= from_unixtime(${unixSeconds(spec.eventTimeStarting)})`);
  if (spec.eventTimeEnding) out.push(`${column} <= from_unixtime(${unixSeconds(spec.eventTimeEnding)})`);
  return out;
}

/** The WHERE of a table's final SELECT: the write-time bound (feature-group base only, as the SDK does) and the event-time range. */
function whereClause(spec: TrainingSetSpec, suffix: string, src: SourceTable, conditions: string[]): string {
  const all = [...conditions];
  if (spec.writeTimeEnding && spec.base.kind === 'FeatureGroup') all.push(writeTimeCondition(spec, `table_${suffix}`));
  all.push(...eventTimeConditions(spec, `table_${suffix}`, src));
  return all.length === 0 ? '' : `WHERE ${all.join('\nAND ')}`;
}

const from = (src: SourceTable) => `${quote(src.database)}.${quote(src.table)}`;
const newestWriteFirst = (suffix: string) => `ORDER BY origin_${suffix}."api_invocation_time" DESC, origin_${suffix}."write_time" DESC\n`;

/** `table_<suffix>`: one row per record and event time (the latest write), within the time bounds. */
function dedupCte(spec: TrainingSetSpec, src: SourceTable, suffix: string): string {
  const isGroup = src.kind === 'FeatureGroup';
  const conditions = [
    ...(isGroup && spec.writeTimeEnding ? [writeTimeCondition(spec, `origin_${suffix}`)] : []),
    ...eventTimeConditions(spec, `origin_${suffix}`, src),
  ];
  return `table_${suffix} AS (\nSELECT *\nFROM (\nSELECT *, row_number() OVER (\n`
    + `PARTITION BY origin_${suffix}.${quote(src.recordIdentifierFeatureName)}, origin_${suffix}.${quote(src.eventTimeFeatureName)}\n`
    + (isGroup ? newestWriteFirst(suffix) : '')
    + `) AS dedup_row_${suffix}\nFROM ${from(src)} origin_${suffix}\n`
    + (conditions.length > 0 ? `WHERE ${conditions.join('\nAND ')}\n` : '')
    + `)\n` + (isGroup ? `WHERE dedup_row_${suffix} = 1\n` : '') + `)`;
}

/** `deleted_<suffix>`: each record's latest soft-delete marker. */
function deletedCte(spec: TrainingSetSpec, src: SourceTable, suffix: string): string {
  const conditions = [
    ...(spec.writeTimeEnding ? [writeTimeCondition(spec, `origin_${suffix}`)] : []),
    ...eventTimeConditions(spec, `origin_${suffix}`, src),
  ];
  return `deleted_${suffix} AS (\nSELECT *\nFROM (\nSELECT *, row_number() OVER (\n`
    + `PARTITION BY origin_${suffix}.${quote(src.recordIdentifierFeatureName)}\n`
    + `ORDER BY origin_${suffix}.${quote(src.eventTimeFeatureName)} DESC, origin_${suffix}."api_invocation_time" DESC, origin_${suffix}."write_time" DESC\n`
    + `) AS deleted_row_${suffix}\nFROM ${from(src)} origin_${suffix}\nWHERE is_deleted\n`
    + conditions.map((c) => `AND ${c}\n`).join('')
    + `)\nWHERE deleted_row_${suffix} = 1\n)`;
}

function tableQuery(spec: TrainingSetSpec, src: SourceTable, suffix: string): string {
  const t = `table_${suffix}`;
  const included = src.includedFeatureNames.map((f) => `${t}.${quote(f)}`).join(', ');
  const isGroup = src.kind === 'FeatureGroup';
  const includedWithWriteTime = isGroup ? `${included}, ${t}."write_time"` : included;
  const rid = quote(src.recordIdentifierFeatureName);
  const et = quote(src.eventTimeFeatureName);

  if (isGroup && spec.includeDuplicatedRecords && spec.includeDeletedRecords) {
    return `SELECT ${included}\nFROM ${from(src)} ${t}\n` + whereClause(spec, suffix, src, ['NOT is_deleted']);
  }
  if (isGroup && spec.includeDeletedRecords) {
    return `SELECT ${included}\nFROM (\nSELECT *, row_number() OVER (\n`
      + `PARTITION BY origin_${suffix}.${rid}, origin_${suffix}.${et}\n` + newestWriteFirst(suffix)
      + `) AS row_${suffix}\nFROM ${from(src)} origin_${suffix}\nWHERE NOT is_deleted) AS ${t}\n`
      + whereClause(spec, suffix, src, [`row_${suffix} = 1`]);
  }
  if (!isGroup) {
    return `WITH ${dedupCte(spec, src, suffix)}\nSELECT ${included}\nFROM (\nSELECT ${includedWithWriteTime}\nFROM ${t}\n) AS ${t}\n`
      + whereClause(spec, suffix, src, []);
  }
  // Records written after their latest deletion (a later event time, or the same one written later) survive it.
  const survivesDeletion = `${t}.${et} > deleted_${suffix}.${et}\n`
    + `OR (${t}.${et} = deleted_${suffix}.${et} AND ${t}."api_invocation_time" > deleted_${suffix}."api_invocation_time")\n`
    + `OR (${t}.${et} = deleted_${suffix}.${et} AND ${t}."api_invocation_time" = deleted_${suffix}."api_invocation_time" AND ${t}."write_time" > deleted_${suffix}."write_time")\n`;
  const source = spec.includeDuplicatedRecords ? `${from(src)} ${t}` : t;
  const ctes = spec.includeDuplicatedRecords ? deletedCte(spec, src, suffix) : `${dedupCte(spec, src, suffix)},\n${deletedCte(spec, src, suffix)}`;
  return `WITH ${ctes}\nSELECT ${included}\nFROM (\n`
    + `SELECT ${includedWithWriteTime}\nFROM ${source}\nLEFT JOIN deleted_${suffix}\nON ${t}.${rid} = deleted_${suffix}.${rid}\nWHERE deleted_${suffix}.${rid} IS NULL\n`
    + `UNION ALL\n`
    + `SELECT ${includedWithWriteTime}\nFROM deleted_${suffix}\nJOIN ${source}\nON ${t}.${rid} = deleted_${suffix}.${rid}\nAND (\n${survivesDeletion})\n`
    + `) AS ${t}\n` + whereClause(spec, suffix, src, []);
}

function joinCondition(spec: TrainingSetSpec, j: JoinedSource, i: number): string {
  const inBase = j.targetFeatureNameInBase ?? spec.base.recordIdentifierFeatureName;
  const inTarget = j.featureNameInTarget ?? j.recordIdentifierFeatureName;
  let sql = `\n${JOIN_TYPES[j.joinType]} fg_${i}\nON fg_base.${quote(inBase)} ${JOIN_COMPARATORS[j.joinComparator]} fg_${i}.${quote(inTarget)}`;
  if (spec.pointInTimeAccurateJoin) {
    sql += `\nAND ${cast(spec.base.eventTimeType)}(fg_base.${quote(spec.base.eventTimeFeatureName)}) >= ${cast(j.eventTimeType)}(fg_${i}.${quote(j.eventTimeFeatureName)})`;
  }
  return sql;
}
