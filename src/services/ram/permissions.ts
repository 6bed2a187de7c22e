import type { Operation } from '../operation.js';
import { checkPermissionArn } from './arns.js';
import { invalidParameter, operationNotPermitted, unknownResource } from './errors.js';
import { managedPermission, MANAGED_PERMISSIONS, MANAGED_PERMISSIONS_CREATED, permissionTemplate } from './managed-permissions.js';
import { page } from './pages.js';
import { changeShare, onAny, onShare, ownShare, requireActive, visibleShares } from './share-access.js';
import { sharedTypes } from './share-model.js';
import { attachedPermissionView, permissionSummary } from './views.js';

/** The managed permission an ARN names, or RAM's errors for a malformed or unknown one. */
function permissionNamed(arn: string) {
  checkPermissionArn(arn);
  const p = managedPermission(arn);
  if (!p) throw unknownResource(`Permission ${arn} could not be found.`);
  return p;
}

/** ram:ListPermissions: the managed permissions for the types sagelite shares (it keeps no customer managed ones). */
export const listPermissions: Operation<{ resourceType?: string; permissionType?: string; nextToken?: string; maxResults?: number }> = {
  authorization: () => onAny('ram:ListPermissions'),
  handle(input) {
    const type = input.resourceType?.toLowerCase();
    const rows = MANAGED_PERMISSIONS
      .filter((p) => (type === undefined || p.resourceType.toLowerCase() === type) && input.permissionType !== 'CUSTOMER_MANAGED')
      .map((p) => permissionSummary(p));
    const pg = page(rows, `permissions:${type ?? ''}`, input.nextToken, input.maxResults);
    return { permissions: pg.items, ...(pg.nextToken ? { nextToken: pg.nextToken } : {}) };
  },
};

/** ram:GetPermission: a managed permission with its policy template (version 1, the only one). */
export const getPermission: Operation<{ permissionArn: string; permissionVersion?: number }> = {
  authorization: (input) => [{ action: 'ram:GetPermission', resource: input.permissionArn }],
  handle(input) {
    const p = permissionNamed(input.permissionArn);
    if (input.permissionVersion !== undefined && input.permissionVersion !== 1) throw unknownResource(`Permission ${p.arn} has no version ${input.permissionVersion}.`);
    return {
      permission: {
        arn: p.arn, version: '1', defaultVersion: true, name: p.name, resourceType: p.resourceType, permission: permissionTemplate(p),
        creationTime: MANAGED_PERMISSIONS_CREATED, lastUpdatedTime: MANAGED_PERMISSIONS_CREATED, isResourceTypeDefault: p.isResourceTypeDefault,
        permissionType: 'AWS_MANAGED', featureSet: 'STANDARD', status: 'ATTACHABLE', tags: [],
      },
    };
  },
};

/** ram:ListResourceSharePermissions: the permissions attached to a share the caller owns or has accepted. */
export const listResourceSharePermissions: Operation<{ resourceShareArn: string; nextToken?: string; maxResults?: number }> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:ListResourceSharePermissions', input.resourceShareArn),
  async handle(input, ctx) {
    const doc = (await visibleShares(ctx, 'OTHER-ACCOUNTS')).find((d) => d.arn === input.resourceShareArn) ?? (await ownShare(ctx, input.resourceShareArn));
    const rows = doc.permissions.map(attachedPermissionView).filter((v) => v !== undefined);
    const pg = page(rows, `share-permissions:${doc.arn}`, input.nextToken, input.maxResults);
    return { permissions: pg.items, ...(pg.nextToken ? { nextToken: pg.nextToken } : {}) };
  },
};

/**
 * ram:AssociateResourceSharePermission: attaches a permission for its resource type; with
 * `replace` it takes the place of the type's current one (consumers' access changes at once).
 */
export const associateResourceSharePermission: Operation<{ resourceShareArn: string; permissionArn: string; replace?: boolean; clientToken?: string; permissionVersion?: number }> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:AssociateResourceSharePermission', input.resourceShareArn),
  async handle(input, ctx) {
    const p = permissionNamed(input.permissionArn);
    await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), (doc, now) => {
      requireActive(doc);
      const current = doc.permissions.find((x) => x.resourceType === p.resourceType);
      if (current?.arn === p.arn) return;
      if (current && !input.replace) throw invalidParameter(`Resource share ${doc.arn} already has permission ${current.arn} for resource type ${p.resourceType}; set replace to true to replace it.`);
      doc.permissions = [...doc.permissions.filter((x) => x !== current), { arn: p.arn, version: '1', resourceType: p.resourceType, createdAt: now, updatedAt: now }];
    });
    return { returnValue: true, ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}) };
  },
};

/** ram:DisassociateResourceSharePermission: removes a permission no resource of the share still needs. */
export const disassociateResourceSharePermission: Operation<{ resourceShareArn: string; permissionArn: string; clientToken?: string }> = {
  authorization: (input, ctx) => onShare(ctx, 'ram:DisassociateResourceSharePermission', input.resourceShareArn),
  async handle(input, ctx) {
    const p = permissionNamed(input.permissionArn);
    await changeShare(ctx, () => ownShare(ctx, input.resourceShareArn), (doc) => {
      requireActive(doc);
      if (!doc.permissions.some((x) => x.arn === p.arn)) throw unknownResource(`Permission ${p.arn} is not associated with resource share ${doc.arn}.`);
      if (sharedTypes(doc).has(p.resourceType)) throw operationNotPermitted(`Resources of type ${p.resourceType} are still shared by ${doc.arn}, and each needs a permission: associate another one with replace, or disassociate the resources first.`);
      doc.permissions = doc.permissions.filter((x) => x.arn !== p.arn);
    });
    return { returnValue: true, ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}) };
  },
};
