/** Policy elements about the scenario: Action, Resource, Principal and NotPrincipal values. */
import { flipCase, replaceOneChar, type Rng } from './rng.js';
import type { Scenario } from './scenario.js';
import { A, ACTIONS, B, TARGETS, type ResourceType } from './world.js';

export function actionPatterns(r: Rng, action: string): string[] {
  const [svc, name] = action.split(':') as [string, string];
  const pool = ACTIONS[r.pick(Object.keys(ACTIONS) as ResourceType[])];
  const choose = (): string => {
    switch (r.int(10)) {
      case 0:
        return '*';
      case 1:
        return `${svc}:*`;
      case 2:
        return `${svc}:${name.slice(0, 3)}*`;
      case 3:
        return `${svc}:*${name.slice(-4)}`;
      case 4:
        return `${svc}:${replaceOneChar(name, r)}`;
      case 5:
        return flipCase(action, r);
      case 6:
        return r.pick(pool);
      case 7:
        return r.pick(['dynamodb:GetItem', 'kms:Decrypt', 'ec2:*', 'iam:PassRole']);
      default:
        return action;
    }
  };
  return r.some([choose(), choose(), choose()], 2);
}

/** Resource patterns around the request's resource: exact, wildcards, `?`, wrong case, variables, misses. */
export function resourcePatterns(r: Rng, sc: Scenario, tags: string[], allowVariables: boolean): string[] {
  const arn = sc.target.arn;
  if (arn === '*') return [r.pick(['*', '*', 'arn:aws:s3:::*', `arn:aws:sagemaker:us-east-1:${sc.target.account}:*`])];
  const parts = arn.split(':');
  const head = parts.slice(0, 5).join(':') + ':';
  const id = parts.slice(5).join(':');
  const slash = id.indexOf('/');
  const product = sc.target.type === 'object' || sc.target.type === 'bucket' ? '' : id.slice(0, slash + 1);
  const rest = id.slice(product.length);
  const choose = (): string => {
    switch (r.int(16)) {
      case 0:
        return '*';
      case 1:
        return `${head}${product}*`;
      case 2: {
        tags.push('resource-qmark');
        return `${head}${product}${replaceOneChar(rest, r)}`;
      }
      case 3: {
        tags.push('resource-case');
        return `${head}${product}${flipCase(rest, r)}`;
      }
      case 4: {
        const cut = rest.lastIndexOf('/');
        return cut > 0 ? `${head}${product}${rest.slice(0, cut)}/*` : `${head}${product}${rest.slice(0, 2)}*`;
      }
      case 5:
        return sc.target.type === 'feature-group' ? `arn:aws:sagemaker:*:${parts[4]}:feature-group/*` : `arn:aws:s3:::*`;
      case 6:
        return sc.target.type === 'feature-group' ? `arn:aws:sagemaker:us-east-?:*:${id}` : `arn:aws:s3:::*/home/*`;
      case 7: {
        if (!allowVariables) return arn;
        tags.push('variable');
        if (sc.target.type === 'object') return r.pick([`arn:aws:s3:::data-bkt/home/\${aws:username}/*`, `arn:aws:s3:::*/home/\${aws:username, 'carol'}/*`]);
        if (sc.target.type === 'feature-group') return `${head}feature-group/\${aws:PrincipalTag/team}-*`;
        if (sc.target.type === 'user') return `arn:aws:iam::${A}:user/\${aws:username}`;
        return `${head}${product}*`;
      }
      case 8: {
        if (!allowVariables) return arn;
        tags.push('variable-default');
        if (sc.target.type === 'feature-group') return `${head}feature-group/\${aws:PrincipalTag/team, 'data'}-*`;
        return `arn:aws:s3:::data-bkt/home/\${aws:username, 'alice'}/*`;
      }
      case 9: {
        if (!allowVariables || !rest.includes('$')) return `${head}${product}other-*`;
        tags.push('variable-escape');
        return `${head}${product}${rest.replace('$', '${$}')}`;
      }
      case 10:
        return r.pick(TARGETS).arn;
      case 11:
        return `${head}${product}${rest}${r.pick(['', '*', '?'])}`;
      default:
        return arn;
    }
  };
  return r.some([choose(), choose(), choose()], 2);
}

export type PrincipalValue = '*' | Record<string, string | string[]>;

/** A Principal element for a resource or trust policy, usually about the caller. */
export function principalElement(r: Rng, sc: Scenario, tags: string[]): PrincipalValue {
  const p = sc.actor.principal;
  const aws: string[] = [];
  const add = (): void => {
    switch (r.int(9)) {
      case 0:
        if (p.kind === 'user' || p.kind === 'root') {
          aws.push(p.arn);
          tags.push(p.kind === 'user' ? 'rbp:user-arn' : 'rbp:account');
        } else if (p.kind === 'assumed-role') {
          aws.push(p.arn);
          tags.push('rbp:session-arn');
        } else aws.push(`arn:aws:iam::${A}:user/alice`);
        break;
      case 1:
        if (p.kind === 'assumed-role') {
          aws.push(p.roleArn!);
          tags.push('rbp:role-arn');
        } else aws.push(`arn:aws:iam::${A}:role/app/Runner`);
        break;
      case 2:
        aws.push(r.chance(0.5) ? (p.accountId || A) : `arn:aws:iam::${p.accountId || A}:root`);
        tags.push('rbp:account');
        break;
      case 3:
        aws.push(r.pick([A, B, `arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:user/dev/bob`, `arn:aws:sts::${A}:assumed-role/Runner/other-session`]));
        break;
      case 4:
        aws.push('*');
        tags.push('rbp:star');
        break;
      default:
        if (p.kind === 'assumed-role') {
          aws.push(r.chance(0.5) ? p.arn : p.roleArn!);
          tags.push(aws[aws.length - 1] === p.arn ? 'rbp:session-arn' : 'rbp:role-arn');
        } else if (p.kind === 'user') {
          aws.push(p.arn);
          tags.push('rbp:user-arn');
        } else {
          aws.push(p.accountId || A);
          tags.push('rbp:account');
        }
    }
  };
  if (r.chance(0.12)) {
    tags.push('rbp:star');
    return '*';
  }
  if (p.kind === 'service' && r.chance(0.7)) {
    tags.push('rbp:service');
    return r.chance(0.8) ? { Service: 'sagemaker.amazonaws.com' } : { Service: ['glue.amazonaws.com', 'sagemaker.amazonaws.com'] };
  }
  add();
  if (r.chance(0.3)) add();
  const unique = [...new Set(aws)];
  const el: Record<string, string | string[]> = { AWS: r.oneOrMany(unique) };
  if (r.chance(0.1)) el['Service'] = 'sagemaker.amazonaws.com';
  return el;
}

/** A NotPrincipal element: AWS's pattern for Deny lists the account, role and session together. */
export function notPrincipalElement(r: Rng, sc: Scenario, tags: string[]): PrincipalValue {
  tags.push('not-principal');
  const p = sc.actor.principal;
  const list: string[] = [];
  if (p.kind === 'assumed-role') {
    if (r.chance(0.7)) list.push(`arn:aws:iam::${p.accountId}:root`);
    if (r.chance(0.7)) list.push(p.roleArn!);
    if (r.chance(0.7)) list.push(p.arn);
  } else if (p.kind === 'user') {
    if (r.chance(0.6)) list.push(`arn:aws:iam::${p.accountId}:root`);
    if (r.chance(0.7)) list.push(p.arn);
  } else if (p.kind === 'root') {
    if (r.chance(0.7)) list.push(p.accountId);
  }
  if (list.length === 0 || r.chance(0.2)) list.push(r.pick([`arn:aws:iam::${B}:root`, `arn:aws:iam::${A}:user/alice`]));
  return { AWS: r.oneOrMany([...new Set(list)]) };
}
