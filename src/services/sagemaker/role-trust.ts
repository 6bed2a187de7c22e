import { evaluate } from '../../auth/policy/index.js';
import { evaluationInput } from '../../auth/policy-authorizer.js';
import { AwsError } from '../../core/errors.js';
import { servicePrincipal } from '../../core/principal.js';
import type { OperationContext } from '../operation.js';
import { roleFromArn, trustRequests } from '../sts/assume-role.js';

/** The service principal SageMaker assumes execution roles as. */
export const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';

/**
 * Whether sagemaker.amazonaws.com could assume the role now: the role exists and its trust
 * policy allows the service, with the confused-deputy keys SageMaker sends (aws:SourceAccount,
 * aws:SourceArn). The same evaluation as the offline-store writer's `assumeRoleForService`, but
 * no session is started: CreateFeatureGroup only checks the role, as AWS does before accepting it.
 */
export async function serviceMayAssume(ctx: Pick<OperationContext, 'state' | 'clock'>, roleArn: string, source: { account: string; arn: string }): Promise<boolean> {
  const role = await roleFromArn(ctx.state, roleArn);
  if (!role) return false;
  const now = ctx.clock.now();
  const context = {
    'sts:RoleSessionName': 'SageMaker',
    'aws:SourceAccount': source.account,
    'aws:SourceArn': source.arn,
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
  };
  const [request] = trustRequests(role, roleArn, context, false, false);
  const input = evaluationInput(servicePrincipal(SAGEMAKER_SERVICE), { identity: [], principalTags: {} }, request!, context, now);
  return evaluate(input).result === 'Allow';
}

/**
 * SageMaker's answer to an execution role it cannot use (a role that does not exist, or whose
 * trust does not name the service), as it words it for every operation taking a role.
 */
export function invalidExecutionRole(roleArn: string): AwsError {
  return new AwsError(
    'ValidationException',
    400,
    `The execution role ARN "${roleArn}" is invalid. Please ensure that the role exists and that its trust relationship policy allows the action "sts:AssumeRole" for the service principal "${SAGEMAKER_SERVICE}".`,
  );
}
