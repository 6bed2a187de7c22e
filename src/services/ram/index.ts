import type { OperationTable } from '../operation.js';
import { associateResourceShare, disassociateResourceShare, getResourceShareAssociations } from './associations.js';
import { createResourceShare } from './create-resource-share.js';
import { acceptResourceShareInvitation, getResourceShareInvitations, listPendingInvitationResources, rejectResourceShareInvitation } from './invitations.js';
import { listPrincipals, listResources, listResourceTypes } from './listings.js';
import { associateResourceSharePermission, disassociateResourceSharePermission, getPermission, listPermissions, listResourceSharePermissions } from './permissions.js';
import { deleteResourceShare, getResourceShares, updateResourceShare } from './resource-shares.js';

/**
 * AWS Resource Access Manager (rest-json, signed as `ram`), the 2018-01-04 model: what sharing
 * feature groups and the feature group catalog across accounts needs (docs/COMPATIBILITY.md).
 * Customer managed permissions, organizations and the rest of the model answer NotImplemented.
 */
export const ramOperations: OperationTable = {
  CreateResourceShare: createResourceShare,
  GetResourceShares: getResourceShares,
  UpdateResourceShare: updateResourceShare,
  DeleteResourceShare: deleteResourceShare,
  AssociateResourceShare: associateResourceShare,
  DisassociateResourceShare: disassociateResourceShare,
  GetResourceShareAssociations: getResourceShareAssociations,
  GetResourceShareInvitations: getResourceShareInvitations,
  AcceptResourceShareInvitation: acceptResourceShareInvitation,
  RejectResourceShareInvitation: rejectResourceShareInvitation,
  ListPendingInvitationResources: listPendingInvitationResources,
  ListPermissions: listPermissions,
  GetPermission: getPermission,
  ListResourceSharePermissions: listResourceSharePermissions,
  AssociateResourceSharePermission: associateResourceSharePermission,
  DisassociateResourceSharePermission: disassociateResourceSharePermission,
  ListResources: listResources,
  ListPrincipals: listPrincipals,
  ListResourceTypes: listResourceTypes,
};
