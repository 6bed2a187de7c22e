import type { ResultColumn } from '../../query-engine/types.js';
import type { QueryExecutionRecord, WorkGroupRecord, WorkGroupConfiguration } from '../../storage/athena.js';
import { resultFileUri } from './result-config.js';

/** The engine sagelite runs, named as Athena names its current engine. */
export const ENGINE_VERSION = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };

/** A work group's configuration as GetWorkGroup shows it: what was stored (defaults were filled in at creation) and the engine version. */
function configurationView(c: WorkGroupConfiguration): WorkGroupConfiguration {
  return {
    ...c,
    EnforceWorkGroupConfiguration: c.EnforceWorkGroupConfiguration ?? false,
    PublishCloudWatchMetricsEnabled: c.PublishCloudWatchMetricsEnabled ?? false,
    RequesterPaysEnabled: c.RequesterPaysEnabled ?? false,
    EngineVersion: { ...ENGINE_VERSION, ...(c.EngineVersion?.SelectedEngineVersion ? { SelectedEngineVersion: c.EngineVersion.SelectedEngineVersion } : {}) },
  };
}

/** Athena `WorkGroup`. */
export function workGroupView(wg: WorkGroupRecord): Record<string, unknown> {
  return {
    Name: wg.name,
    State: wg.state,
    Configuration: configurationView(wg.configuration),
    ...(wg.description !== undefined ? { Description: wg.description } : {}),
    CreationTime: wg.createdAt,
  };
}

/** Athena `WorkGroupSummary`. */
export function workGroupSummary(wg: WorkGroupRecord): Record<string, unknown> {
  return {
    Name: wg.name,
    State: wg.state,
    ...(wg.description !== undefined ? { Description: wg.description } : {}),
    CreationTime: wg.createdAt,
    EngineVersion: configurationView(wg.configuration).EngineVersion,
  };
}

const ms = (from: Date | undefined, to: Date | undefined): number | undefined => (from && to ? Math.max(0, to.getTime() - from.getTime()) : undefined);

/** The timings of an execution so far (a running query's grow with `now`). */
export function timeline(q: QueryExecutionRecord, now: Date) {
  const end = q.completedAt ?? now;
  const queue = ms(q.submittedAt, q.startedAt ?? (q.completedAt ? undefined : now)) ?? 0;
  const engine = q.startedAt ? ms(q.startedAt, q.engineEndedAt ?? end)! : 0;
  const service = q.engineEndedAt ? ms(q.engineEndedAt, end)! : 0;
  return { QueryQueueTimeInMillis: queue, EngineExecutionTimeInMillis: engine, ServiceProcessingTimeInMillis: service, TotalExecutionTimeInMillis: ms(q.submittedAt, end)! };
}

/** Where the result object is (or will be): `<OutputLocation>/<id>.csv|.txt`. */
export function resultLocationOf(q: QueryExecutionRecord): string | undefined {
  if (q.resultLocation) return q.resultLocation;
  const base = q.resultConfiguration.OutputLocation;
  return base ? resultFileUri(base, q.id, q.resultFormat ?? 'csv') : undefined;
}

/** Athena `QueryExecution`. */
export function queryExecutionView(q: QueryExecutionRecord, now: Date): Record<string, unknown> {
  const { OutputLocation: _prefix, ...rest } = q.resultConfiguration;
  const location = resultLocationOf(q);
  return {
    QueryExecutionId: q.id,
    Query: q.query,
    ...(q.statementType ? { StatementType: q.statementType } : {}),
    ...(q.substatementType ? { SubstatementType: q.substatementType } : {}),
    ResultConfiguration: { ...(location ? { OutputLocation: location } : {}), ...rest },
    ...(q.resultReuseConfiguration ? { ResultReuseConfiguration: q.resultReuseConfiguration } : {}),
    QueryExecutionContext: q.context,
    Status: {
      State: q.state,
      ...(q.stateChangeReason ? { StateChangeReason: q.stateChangeReason } : {}),
      SubmissionDateTime: q.submittedAt,
      ...(q.completedAt ? { CompletionDateTime: q.completedAt } : {}),
      ...(q.athenaError ? { AthenaError: q.athenaError } : {}),
    },
    Statistics: {
      ...timeline(q, now),
      DataScannedInBytes: q.dataScannedBytes ?? 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: q.workGroup,
    EngineVersion: ENGINE_VERSION,
    ...(q.executionParameters ? { ExecutionParameters: q.executionParameters } : {}),
  };
}

/** Athena `ColumnInfo`: Athena reports catalog `hive` and empty schema and table names for every column. */
export function columnInfo(c: ResultColumn): Record<string, unknown> {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: c.name,
    Label: c.label,
    Type: c.type,
    Precision: c.precision,
    Scale: c.scale,
    Nullable: c.nullable,
    CaseSensitive: c.caseSensitive,
  };
}
