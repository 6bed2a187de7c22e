/**
 * sagelite's TypeScript SDK: helpers for feature-store work over the official `@aws-sdk/*`
 * clients, so the same code runs against sagelite (an endpoint override) and against AWS.
 */
export { AdminApiError, AdminClient, type AdminClientOptions } from './admin-client.js';
export * from './credentials.js';
