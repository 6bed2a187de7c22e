import type { OperationTable } from '../operation.js';
import { getAccountSummary } from './account-summary.js';
import { createAccessKey, deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey } from './access-keys/access-keys.js';
import { deleteRolePermissionsBoundary, deleteUserPermissionsBoundary, putRolePermissionsBoundary, putUserPermissionsBoundary } from './boundaries.js';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from './groups/groups.js';
import { addUserToGroup, listGroupsForUser, removeUserFromGroup } from './groups/membership.js';
import { inlinePolicyOperations } from './inline/inline-policies.js';
import { attachmentOperations } from './managed/attachments.js';
import { listEntitiesForPolicy } from './managed/list-entities-for-policy.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies } from './managed/policies.js';
import { listPolicyTags, tagPolicy, untagPolicy } from './managed/policy-tags.js';
import { createPolicyVersion, deletePolicyVersion, getPolicyVersion, listPolicyVersions, setDefaultPolicyVersion } from './managed/versions.js';
import { createOpenIdConnectProvider } from './oidc/create-oidc-provider.js';
import { addClientIdToOpenIdConnectProvider, removeClientIdFromOpenIdConnectProvider, updateOpenIdConnectProviderThumbprint } from './oidc/oidc-provider-lists.js';
import { listOpenIdConnectProviderTags, tagOpenIdConnectProvider, untagOpenIdConnectProvider } from './oidc/oidc-provider-tags.js';
import { deleteOpenIdConnectProvider, getOpenIdConnectProvider, listOpenIdConnectProviders } from './oidc/oidc-providers.js';
import { createRole } from './roles/create-role.js';
import { listRoleTags, tagRole, untagRole } from './roles/role-tags.js';
import { deleteRole, getRole, listRoles, updateAssumeRolePolicy, updateRole, updateRoleDescription } from './roles/roles.js';
import { simulateCustomPolicy } from './simulate/simulate-custom-policy.js';
import { simulatePrincipalPolicy } from './simulate/simulate-principal-policy.js';
import { createUser } from './users/create-user.js';
import { deleteUser } from './users/delete-user.js';
import { getUser } from './users/get-user.js';
import { listUsers } from './users/list-users.js';
import { updateUser } from './users/update-user.js';
import { listUserTags, tagUser, untagUser } from './users/user-tags.js';

/** IAM operations implemented so far; the rest of the model answers NotImplemented. */
export const iamOperations: OperationTable = {
  CreateUser: createUser,
  GetUser: getUser,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  TagUser: tagUser,
  UntagUser: untagUser,
  ListUserTags: listUserTags,
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,

  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  ListGroups: listGroups,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,

  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,

  CreateRole: createRole,
  GetRole: getRole,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,

  ...inlinePolicyOperations('user'),
  ...inlinePolicyOperations('group'),
  ...inlinePolicyOperations('role'),

  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  TagPolicy: tagPolicy,
  UntagPolicy: untagPolicy,
  ListPolicyTags: listPolicyTags,
  ...attachmentOperations('user'),
  ...attachmentOperations('group'),
  ...attachmentOperations('role'),
  ListEntitiesForPolicy: listEntitiesForPolicy,

  CreateOpenIDConnectProvider: createOpenIdConnectProvider,
  GetOpenIDConnectProvider: getOpenIdConnectProvider,
  ListOpenIDConnectProviders: listOpenIdConnectProviders,
  DeleteOpenIDConnectProvider: deleteOpenIdConnectProvider,
  AddClientIDToOpenIDConnectProvider: addClientIdToOpenIdConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider: removeClientIdFromOpenIdConnectProvider,
  UpdateOpenIDConnectProviderThumbprint: updateOpenIdConnectProviderThumbprint,
  TagOpenIDConnectProvider: tagOpenIdConnectProvider,
  UntagOpenIDConnectProvider: untagOpenIdConnectProvider,
  ListOpenIDConnectProviderTags: listOpenIdConnectProviderTags,

  GetAccountSummary: getAccountSummary,

  SimulateCustomPolicy: simulateCustomPolicy,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
};
