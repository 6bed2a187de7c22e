/**
 * Reading ACLs from requests (canned `x-amz-acl`, `x-amz-grant-*` headers, AccessControlPolicy
 * XML) and writing them back in the model's output shape. Shared by bucket and object ACLs.
 */
import { AwsError } from '../../core/errors.js';
import type { Acl, Bucket, Grant, Grantee, Permission } from '../../storage/s3.js';
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY, isOwnerFullControlOnly, isPublicAcl, ownerFullControl } from './acl.js';
import { accessControlListNotSupported, invalidArgument, invalidRequest, s3AccessDenied } from './errors.js';

export const CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write'] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

const group = (uri: string, permission: Permission): Grant => ({ grantee: { type: 'Group', uri }, permission });
const user = (id: string, permission: Permission): Grant => ({ grantee: { type: 'CanonicalUser', id }, permission });

/**
 * The ACL a canned name stands for. `bucketOwnerId` is the bucket owner's canonical id, for the
 * object ACLs `bucket-owner-read` / `bucket-owner-full-control` (on a bucket they mean `private`).
 */
export function cannedAcl(name: string, ownerId: string, bucketOwnerId: string = ownerId): Acl {
  const acl = ownerFullControl(ownerId);
  const add = (...g: Grant[]) => acl.grants.push(...g);
  switch (name) {
    case 'private':
    case 'aws-exec-read':
      break;
    case 'public-read':
      add(group(ALL_USERS, 'READ'));
      break;
    case 'public-read-write':
      add(group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE'));
      break;
    case 'authenticated-read':
      add(group(AUTHENTICATED_USERS, 'READ'));
      break;
    case 'log-delivery-write':
      add(group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP'));
      break;
    case 'bucket-owner-read':
      if (bucketOwnerId !== ownerId) add(user(bucketOwnerId, 'READ'));
      break;
    case 'bucket-owner-full-control':
      if (bucketOwnerId !== ownerId) add(user(bucketOwnerId, 'FULL_CONTROL'));
      break;
    default:
      throw invalidArgument('', 'x-amz-acl', name);
  }
  return acl;
}

/** The `x-amz-grant-*` headers, as the model names them. */
export interface GrantHeaders {
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

const HEADER_PERMISSIONS: Array<[keyof GrantHeaders, Permission, string]> = [
  ['GrantFullControl', 'FULL_CONTROL', 'x-amz-grant-full-control'],
  ['GrantRead', 'READ', 'x-amz-grant-read'],
  ['GrantReadACP', 'READ_ACP', 'x-amz-grant-read-acp'],
  ['GrantWrite', 'WRITE', 'x-amz-grant-write'],
  ['GrantWriteACP', 'WRITE_ACP', 'x-amz-grant-write-acp'],
];

function parseGrantees(text: string, header: string): Grantee[] {
  const out: Grantee[] = [];
  const re = /\s*(id|uri|emailAddress)\s*=\s*"?([^",]*)"?\s*(?:,|$)/iy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const kind = m[1]!.toLowerCase();
    const value = m[2]!;
    out.push(kind === 'id' ? { type: 'CanonicalUser', id: value } : kind === 'uri' ? { type: 'Group', uri: value } : { type: 'AmazonCustomerByEmail', emailAddress: value });
  }
  if (out.length === 0 || re.lastIndex < text.length) throw invalidArgument('Invalid grant header', header, text);
  return out;
}

/** Grants from `x-amz-grant-*` headers, exactly as given (S3 adds no owner grant), or undefined when none are present. */
export function grantsFromHeaders(h: GrantHeaders): Grant[] | undefined {
  const present = HEADER_PERMISSIONS.filter(([k]) => h[k] !== undefined);
  if (present.length === 0) return undefined;
  return present.flatMap(([k, permission, header]) => parseGrantees(h[k]!, header).map((grantee) => ({ grantee, permission })));
}

/** The model's Grantee as parsed (its xsi:type attribute may be missing: the type follows from ID / URI / EmailAddress). */
export interface GranteeInput {
  Type?: string;
  ID?: string;
  URI?: string;
  EmailAddress?: string;
  DisplayName?: string;
}

export interface AccessControlPolicyInput {
  Owner?: { ID?: string; DisplayName?: string };
  Grants?: Array<{ Grantee?: GranteeInput; Permission?: string }>;
}

function malformedAcl(): AwsError {
  return new AwsError('MalformedACLError', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
}

/** The ACL an AccessControlPolicy body describes; its Owner must be present (S3 refuses it otherwise). */
export function aclFromPolicy(acp: AccessControlPolicyInput, ownerId: string): Acl {
  if (!acp.Owner?.ID) throw malformedAcl();
  const grants: Grant[] = (acp.Grants ?? []).map((g) => {
    const e = g.Grantee;
    const permission = g.Permission as Permission;
    if (!e || !['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'].includes(permission)) throw malformedAcl();
    if (e.ID !== undefined && (e.Type === undefined || e.Type === 'CanonicalUser')) return { grantee: { type: 'CanonicalUser', id: e.ID }, permission };
    if (e.URI !== undefined && (e.Type === undefined || e.Type === 'Group')) return { grantee: { type: 'Group', uri: e.URI }, permission };
    if (e.EmailAddress !== undefined && (e.Type === undefined || e.Type === 'AmazonCustomerByEmail')) return { grantee: { type: 'AmazonCustomerByEmail', emailAddress: e.EmailAddress }, permission };
    throw malformedAcl();
  });
  return { ownerId, grants };
}

/** The one ACL a request sets: a canned ACL, grant headers, or a body — never two of them. */
export function requestedAcl(input: GrantHeaders & { ACL?: string; AccessControlPolicy?: AccessControlPolicyInput }, ownerId: string, bucketOwnerId?: string): Acl | undefined {
  const grants = grantsFromHeaders(input);
  if (input.ACL !== undefined && grants) throw invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  if (input.AccessControlPolicy !== undefined && (input.ACL !== undefined || grants)) throw new AwsError('UnexpectedContent', 400, 'This request does not support content');
  if (input.ACL !== undefined) return cannedAcl(input.ACL, ownerId, bucketOwnerId);
  if (grants) return { ownerId, grants };
  if (input.AccessControlPolicy !== undefined) return aclFromPolicy(input.AccessControlPolicy, ownerId);
  return undefined;
}

/**
 * Checks that every grantee names someone: a canonical id of an existing account (InvalidArgument
 * "Invalid id" otherwise), a known group; e-mail grantees cannot be resolved in sagelite.
 */
export function checkGrantees(acl: Acl, accountOf: (canonicalId: string) => string | undefined): void {
  for (const g of acl.grants) {
    if (g.grantee.type === 'CanonicalUser' && !accountOf(g.grantee.id)) throw invalidArgument('Invalid id', 'CanonicalUser/ID', g.grantee.id);
    if (g.grantee.type === 'Group' && ![ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY].includes(g.grantee.uri)) throw invalidArgument('Invalid group uri', 'Group/URI', g.grantee.uri);
    if (g.grantee.type === 'AmazonCustomerByEmail') {
      throw new AwsError('UnresolvableGrantByEmailAddress', 400, 'The e-mail address you provided does not match any account on record.');
    }
  }
}

/** The ACL in the model's output shape (GetBucketAcl, GetObjectAcl); Grantee `Type` is written as S3's `xsi:type` attribute. */
export function aclOutput(acl: Acl) {
  return {
    Owner: { ID: acl.ownerId },
    Grants: acl.grants.map((g) => ({
      Grantee:
        g.grantee.type === 'CanonicalUser'
          ? { ID: g.grantee.id, Type: 'CanonicalUser' }
          : g.grantee.type === 'Group'
            ? { URI: g.grantee.uri, Type: 'Group' }
            : { EmailAddress: g.grantee.emailAddress, Type: 'AmazonCustomerByEmail' },
      Permission: g.permission,
    })),
  };
}

/**
 * Whether the bucket lets this ACL be set: BucketOwnerEnforced accepts only the bucket owner's
 * full control (AccessControlListNotSupported otherwise); BlockPublicAcls refuses public grants
 * (AccessDenied, as S3 answers).
 */
export function checkAclAllowed(bucket: Bucket, acl: Acl, bucketOwnerCanonicalId: string): void {
  if (bucket.ownership === 'BucketOwnerEnforced' && !isOwnerFullControlOnly(acl, bucketOwnerCanonicalId)) throw accessControlListNotSupported();
  if (bucket.publicAccessBlock?.BlockPublicAcls && isPublicAcl(acl)) throw s3AccessDenied();
}
