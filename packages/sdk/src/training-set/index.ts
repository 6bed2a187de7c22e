export * from './builder.js';
export * from './rows-table.js';
export { DEFAULT_DATABASE, sourceFromFeatureGroup, sourceFromTable, type EventTimeType, type PlainTableSpec, type SourceTable } from './source.js';
export * from './sql.js';
