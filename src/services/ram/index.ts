import type { OperationTable } from '../operation.js';

/**
 * AWS Resource Access Manager (rest-json, signed as `ram`), the 2018-01-04 model. Recognised so
 * that every RAM request is authenticated and validated against the model and then answered
 * NotImplemented (501), not as an unknown service or operation; sharing feature groups through
 * RAM (issue 15) fills this table.
 */
export const ramOperations: OperationTable = {};
