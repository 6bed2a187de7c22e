import type { OperationModel, ServiceModel } from '../models/model.js';
import { shapeOf } from '../models/model.js';

/** Splits a REST output into status, header members and the members that go in the body. */
export function splitRestOutput(model: ServiceModel, op: OperationModel, output: Record<string, unknown>) {
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let status = op.http.responseCode ?? 200;
  let payload: string | undefined;
  if (!op.output) return { status, headers, body, payload };
  const shape = shapeOf(model, op.output.shape);
  payload = shape.payload;
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    const where = member.locationName ?? name;
    if (member.location === 'header') headers[where.toLowerCase()] = value instanceof Date ? value.toUTCString() : Array.isArray(value) ? value.join(',') : String(value);
    else if (member.location === 'headers') for (const [k, v] of Object.entries(value as Record<string, string>)) headers[(where + k).toLowerCase()] = v;
    else if (member.location === 'statusCode') status = Number(value);
    else body[name] = value;
  }
  return { status, headers, body, payload };
}
