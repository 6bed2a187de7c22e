import { buildGlobalContext, evaluate, renderDecision } from '../../auth/policy/index.js';
import { evalPrincipal } from '../../auth/principal-policies.js';
import { evaluationInput } from '../../auth/policy-authorizer.js';
import { AwsError } from '../../core/errors.js';
import { sessionPrincipal, servicePrincipal, type Principal } from '../../core/principal.js';
import type { OperationContext } from '../operation.js';
import type { Credentials } from './issue-credentials.js';
import { roleFromArn, startSession, trustRequests } from './assume-role.js';

export interface ServiceAssumption {
  roleArn: string;
  /** The service principal, e.g. `sagemaker.amazonaws.com`. */
  serviceName: string;
  sessionName: string;
  durationSeconds?: number;
  /** aws:SourceAccount / aws:SourceArn: the account and resource the service acts for (confused-deputy conditions). */
  sourceAccount?: string;
  sourceArn?: string;
}

/** Raised when a role's trust policy does not let the service assume it; carries the explanation. */
export class ServiceAssumeDenied extends AwsError {
  constructor(readonly roleArn: string, readonly serviceName: string, readonly explanation: string) {
    super('AccessDenied', 403, `${serviceName} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
}

/**
 * How a service inside sagelite (the offline-store writer as sagemaker.amazonaws.com) assumes
 * a customer's role: the same trust rules as AssumeRole, the service principal as the caller.
 *
 * @example
 * const { principal } = await assumeRoleForService(ctx, { roleArn, serviceName: 'sagemaker.amazonaws.com', sessionName: 'SageMaker' });
 */
export async function assumeRoleForService(
  ctx: Pick<OperationContext, 'state' | 'clock'>,
  a: ServiceAssumption,
): Promise<{ principal: Principal; credentials: Credentials }> {
  const role = await roleFromArn(ctx.state, a.roleArn);
  const caller = servicePrincipal(a.serviceName);
  const context: Record<string, string> = { 'sts:RoleSessionName': a.sessionName };
  if (a.sourceAccount) context['aws:SourceAccount'] = a.sourceAccount;
  if (a.sourceArn) context['aws:SourceArn'] = a.sourceArn;
  const [request] = trustRequests(role, a.roleArn, context, false, false);
  if (!role) throw new ServiceAssumeDenied(a.roleArn, a.serviceName, `no role ${a.roleArn} exists`);
  const now = ctx.clock.now();
  // The same global keys as any request (aws:PrincipalIsAWSService, aws:PrincipalServiceName, …), then the call's own.
  const global = buildGlobalContext({ principal: evalPrincipal(caller), now, secureTransport: true });
  const input = evaluationInput(caller, { identity: [], principalTags: {} }, request!, { ...global, ...context }, now);
  const decision = evaluate(input);
  if (decision.result !== 'Allow') throw new ServiceAssumeDenied(a.roleArn, a.serviceName, renderDecision(input, decision));
  const seconds = Math.min(a.durationSeconds ?? 3600, role.maxSessionDuration);
  const started = await startSession(ctx, role, a.sessionName, seconds, { policyArns: [], tags: [], transitiveTagKeys: [], chained: false, assumedBy: a.serviceName });
  return { principal: sessionPrincipal(started.session, started.credentials.AccessKeyId), credentials: started.credentials };
}
