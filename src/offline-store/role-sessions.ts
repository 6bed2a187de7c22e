import type { Principal } from '../core/principal.js';
import type { ServerState } from '../services/operation.js';
import { assumeRoleForService } from '../services/sts/assume-role-for-service.js';
import type { FeatureGroup } from '../storage/feature-store.js';

/** The service that writes the offline store, as role trust policies name it. */
export const SAGEMAKER_SERVICE = 'sagemaker.amazonaws.com';
const SESSION_NAME = 'SageMaker';
/** Sessions are renewed this long before they expire, so a batch never goes out on a dying one. */
const RENEW_MS = 5 * 60 * 1000;

/** Raised when a group has an offline store but no role to write it with. */
export class NoRoleError extends Error {
  constructor(groupArn: string) {
    super(`The feature group ${groupArn} has no RoleArn to write its offline store with.`);
  }
}

/**
 * The offline writer's sessions: each group's RoleArn assumed by sagemaker.amazonaws.com, with
 * the group's account and ARN as aws:SourceAccount/aws:SourceArn (so confused-deputy conditions
 * in trust policies work). A session is kept until shortly before it expires — assuming per
 * batch would store a session per flush — and forgotten after any failure, so a retry re-checks
 * the trust policy as well as the role's permissions.
 */
export class RoleSessions {
  #cache = new Map<string, { principal: Principal; renewAt: number }>();

  constructor(private readonly state: ServerState) {}

  /** The role session to write `group`'s offline store as; throws ServiceAssumeDenied when trust forbids it. */
  async principalFor(group: FeatureGroup): Promise<Principal> {
    if (!group.roleArn) throw new NoRoleError(group.arn);
    const key = `${group.arn}\n${group.roleArn}`;
    const now = this.state.clock.now().getTime();
    const cached = this.#cache.get(key);
    if (cached && cached.renewAt > now) return cached.principal;
    const { principal, credentials } = await assumeRoleForService(
      { state: this.state, clock: this.state.clock },
      { roleArn: group.roleArn, serviceName: SAGEMAKER_SERVICE, sessionName: SESSION_NAME, sourceAccount: group.accountId, sourceArn: group.arn },
    );
    this.#cache.set(key, { principal, renewAt: new Date(credentials.Expiration).getTime() - RENEW_MS });
    return principal;
  }

  /** Drops `group`'s session, so the next attempt assumes the role afresh. */
  forget(group: FeatureGroup): void {
    this.#cache.delete(`${group.arn}\n${group.roleArn ?? ''}`);
  }
}
