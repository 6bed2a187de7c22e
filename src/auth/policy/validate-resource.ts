/**
 * Resource-ARN format rules of IAM's validator, with AWS's messages (recorded by moto's tests).
 * Returns the message rather than throwing, because AWS reports a format error only after the
 * "must contain actions/resources" checks, and the last such error in document order wins.
 */
import { MESSAGES } from './errors.js';

const REGION_NOT_ALLOWED: Record<string, (r: string) => string> = {
  iam: (r) => `IAM resource ${r} cannot contain region information.`,
  s3: (r) => `Resource ${r} can not contain region information.`,
};

const IAM_PATH_STARTS = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/',
  'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];

/** AWS's message for a badly formed resource, or undefined when `resource` is acceptable. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const firstColon = resource.indexOf(':');
  if (firstColon < 0) return MESSAGES.notArn(resource);
  const afterArn = resource.slice(firstColon + 1);
  const partitionEnd = afterArn.indexOf(':');
  const partition = partitionEnd < 0 ? afterArn : afterArn.slice(0, partitionEnd);
  const rest = partitionEnd < 0 ? '' : afterArn.slice(partitionEnd + 1);
  if (partition !== 'aws' && partition !== '*') {
    const parts = rest.split(':');
    const part = (i: number) => (parts.length > i ? parts[i]! : '*');
    const first = parts[0] !== '' || parts.length > 1 ? parts[0]! : '*';
    const last = parts.length > 3 ? parts.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${first}:${part(1)}:${part(2)}:${last}".`;
  }
  if (partitionEnd < 0) return MESSAGES.vendorNotQualified;
  const serviceEnd = rest.indexOf(':');
  const service = serviceEnd < 0 ? rest : rest.slice(0, serviceEnd);
  const afterService = serviceEnd < 0 ? '' : rest.slice(serviceEnd + 1);
  const regionRule = Object.hasOwn(REGION_NOT_ALLOWED, service) ? REGION_NOT_ALLOWED[service] : undefined;
  if (regionRule && !afterService.startsWith(':')) return regionRule(resource);
  if (service === 'iam') {
    // Skip region and account: the resource part follows the next two colons.
    const parts = afterService.split(':');
    const resourcePart = parts.slice(2).join(':');
    if (!IAM_PATH_STARTS.some((p) => resourcePart.startsWith(p))) {
      return `IAM resource path must either be "*" or start with ${IAM_PATH_STARTS.join(', ')}.`;
    }
  }
  return undefined;
}

/** IAM's legacy parser: an ARN using `::` needs all six parts, and the service may not be empty. */
export function failsLegacyResourceParsing(resource: string): boolean {
  if (resource === '*') return false;
  const colons = resource.split(':').length - 1;
  if (colons < 5 && resource.includes('::')) return true;
  return resource.split(':')[2] === '';
}
