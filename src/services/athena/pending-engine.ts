import { ErrorCategory, QueryFailure, type QueryEngine } from '../../query-engine/types.js';

/**
 * Stands in for the DuckDB engine until it is wired in: every statement FAILS with a system
 * error saying so. Temporary: app.ts constructs DuckDbQueryEngine once src/query-engine/engine.ts exists.
 */
export class PendingQueryEngine implements QueryEngine {
  async execute(): Promise<never> {
    throw new QueryFailure(ErrorCategory.System, 401, 'NOT_SUPPORTED: the query engine is not available in this build of sagelite');
  }
  async close(): Promise<void> {}
}
