import type { IamGroup, IamRole, IamUser, ManagedPolicy, PolicyVersion, RoleLastUsed, Tag } from '../../storage/iam.js';

/**
 * Entities as IAM's responses show them (the botocore output shapes). Get* show every attribute;
 * List* leave out the ones AWS leaves out (tags, boundaries, last use; policy descriptions).
 */

/** IAM returns policy documents URL-encoded (RFC 3986); boto3 and the CLI decode them, the JS SDK does not. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

function tagsField(tags: Tag[]): { Tags?: Tag[] } {
  return tags.length > 0 ? { Tags: tags } : {};
}

function boundaryField(arn: string | undefined): { PermissionsBoundary?: { PermissionsBoundaryType: 'Policy'; PermissionsBoundaryArn: string } } {
  return arn === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } };
}

export function userView(u: IamUser, detail: 'full' | 'list'): Record<string, unknown> {
  const base = { Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: u.createDate };
  return detail === 'list' ? base : { ...base, ...boundaryField(u.permissionsBoundaryArn), ...tagsField(u.tags) };
}

export function groupView(g: IamGroup): Record<string, unknown> {
  return { Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createDate };
}

/**
 * `assumeRolePolicyDocument` is the document to show (bindings already applied, see trust.ts).
 * `created` is CreateRole's answer: everything but RoleLastUsed.
 */
export function roleView(r: IamRole, assumeRolePolicyDocument: string, detail: 'full' | 'created' | 'list', lastUsed?: RoleLastUsed): Record<string, unknown> {
  const base = {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: r.createDate,
    AssumeRolePolicyDocument: encodeDocument(assumeRolePolicyDocument),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
  };
  if (detail === 'list') return base;
  const created = { ...base, ...boundaryField(r.permissionsBoundaryArn), ...tagsField(r.tags) };
  if (detail === 'created') return created;
  return { ...created, RoleLastUsed: lastUsed ? { LastUsedDate: lastUsed.lastUsedDate, Region: lastUsed.region } : {} };
}

export function policyView(p: ManagedPolicy, detail: 'full' | 'list'): Record<string, unknown> {
  const base = {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
    IsAttachable: p.isAttachable,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
  };
  if (detail === 'list') return base;
  return { ...base, ...(p.description !== undefined ? { Description: p.description } : {}), ...tagsField(p.tags) };
}

export function versionView(v: PolicyVersion, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: encodeDocument(v.document) } : {}),
    VersionId: v.versionId,
    IsDefaultVersion: v.isDefaultVersion,
    CreateDate: v.createDate,
  };
}

export function attachedPolicyView(p: ManagedPolicy): Record<string, unknown> {
  return { PolicyName: p.policyName, PolicyArn: p.arn };
}
