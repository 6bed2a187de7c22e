/**
 * sagelite's TypeScript SDK: helpers for feature-store work over the official `@aws-sdk/*`
 * clients, so the same code runs against sagelite (an endpoint override) and against AWS.
 */
export { AdminApiError, AdminClient, type AdminClientOptions } from './admin-client.js';
export * from './credentials.js';
export * from './client-settings.js';
export * from './feature-values.js';
export * from './feature-group-client.js';
export { errorInfo, isRetryable, withRetries, type ErrorInfo, type RetryOptions } from './retry.js';
export * from './athena-values.js';
export * from './athena-errors.js';
export * from './athena-query.js';
export * from './training-set/index.js';
