import type { OperationModel, ServiceModel } from '../models/model.js';
import { shapeOf, type MemberRef } from '../models/model.js';

/** An output shape's members as a list, made once per operation. */
const outputMembers = new WeakMap<OperationModel, Array<[string, MemberRef]>>();

function membersOf(op: OperationModel, members: Record<string, MemberRef> | undefined): Array<[string, MemberRef]> {
  let list = outputMembers.get(op);
  if (!list) outputMembers.set(op, (list = Object.entries(members ?? {})));
  return list;
}

/** A timestamp header as the model says: RFC 1123 by default (HTTP dates), ISO 8601 where the shape asks (x-amz-object-lock-retain-until-date). */
function headerTimestamp(model: ServiceModel, member: MemberRef, value: Date): string {
  const format = member.timestampFormat ?? shapeOf(model, member.shape).timestampFormat;
  return format === 'iso8601' ? value.toISOString() : value.toUTCString();
}

/** Splits a REST output into status, header members and the members that go in the body. */
export function splitRestOutput(model: ServiceModel, op: OperationModel, output: Record<string, unknown>) {
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let status = op.http.responseCode ?? 200;
  let payload: string | undefined;
  if (!op.output) return { status, headers, body, payload };
  const shape = shapeOf(model, op.output.shape);
  payload = shape.payload;
  for (const [name, member] of membersOf(op, shape.members)) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    const where = member.locationName ?? name;
    if (member.location === 'header') headers[where.toLowerCase()] = value instanceof Date ? headerTimestamp(model, member, value) : Array.isArray(value) ? value.join(',') : String(value);
    else if (member.location === 'headers') for (const [k, v] of Object.entries(value as Record<string, string>)) headers[(where + k).toLowerCase()] = v;
    else if (member.location === 'statusCode') status = Number(value);
    else body[name] = value;
  }
  return { status, headers, body, payload };
}
