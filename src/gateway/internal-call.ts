import type { Authorizer } from '../auth/authorizer.js';
import { AwsError, notImplemented } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import type { Principal } from '../core/principal.js';
import { accessDenied } from '../protocols/auth-errors.js';
import type { OperationContext, ServerState } from '../services/operation.js';
import type { ServiceId, ServiceRegistry } from './services.js';

/**
 * Calls an operation from inside sagelite as a principal, with the same authorization as a
 * request from outside but without HTTP or signatures: how the offline-store writer, acting as
 * a feature group's role, puts Parquet objects into S3, every policy enforced.
 *
 * @example
 * await calls.call(rolePrincipal, 's3', 'PutObject', { Bucket, Key, Body: parquetBytes });
 */
export class InternalCalls {
  /** `state` is read when called: the state itself holds this object. */
  constructor(private readonly deps: { registry: ServiceRegistry; authorizer: Authorizer; state: () => ServerState }) {}

  async call<O = Record<string, unknown>>(principal: Principal, service: ServiceId, operation: string, input: Record<string, unknown>, opts: { region?: string; viaService?: string; requestId?: string } = {}): Promise<O> {
    const state = this.deps.state();
    const definition = this.deps.registry.get(service);
    const op = Object.hasOwn(definition.operations, operation) ? definition.operations[operation] : undefined;
    if (!op) throw notImplemented(definition.model.metadata.serviceId, operation);
    const ctx: OperationContext = {
      principal,
      region: opts.region ?? 'us-east-1',
      // A call made for a request (S3 asking KMS for the reader) is decided under that request's id, so `sagelite explain` finds its denial.
      requestId: opts.requestId ?? newRequestId(),
      // Calls made by sagelite's own services come from inside AWS, not from a network address.
      sourceIp: '127.0.0.1',
      secureTransport: true,
      ...(opts.viaService ? { viaService: opts.viaService } : {}),
      clock: state.clock,
      state,
    };
    if (op.authorization === 'operator') throw new AwsError('AccessDeniedException', 400, 'Only the operator key may call the admin API.');
    if (op.authorization !== 'always') {
      const facts = { requestId: ctx.requestId, region: ctx.region, sourceIp: ctx.sourceIp, secureTransport: true, now: ctx.clock.now() };
      const decision = await this.deps.authorizer.authorize(principal, await op.authorization(input, ctx), facts);
      if (!decision.allowed) throw Object.assign(accessDenied(definition.authFamily, principal.arn, decision.action, decision.resource, decision.reason), { requestId: ctx.requestId });
    }
    return (await op.handle(input, ctx)) as O;
  }
}
