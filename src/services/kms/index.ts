import type { OperationTable } from '../operation.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { decrypt, encrypt, generateDataKeyOp, generateDataKeyWithoutPlaintext, generateRandom, reEncrypt } from './crypto-ops.js';
import { listRetirableGrants, retireGrant } from './grant-retire.js';
import { createGrant, listGrants, revokeGrant } from './grants.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policies.js';
import { cancelKeyDeletion, createKey, describeKey, disableKey, enableKey, listKeys, scheduleKeyDeletion, updateKeyDescription } from './keys.js';
import { listResourceTags, tagResource, untagResource } from './tags.js';

/**
 * AWS Key Management Service (JSON 1.1, `TrentService`, signed as `kms`), the 2014-11-01 model:
 * symmetric encryption keys with key policies, grants, aliases and tags, and the cryptographic
 * operations on them (docs/COMPATIBILITY.md). Asymmetric and HMAC keys, key rotation, imported
 * material, custom key stores and multi-Region keys answer NotImplemented.
 */
export const kmsOperations: OperationTable = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  UpdateKeyDescription: updateKeyDescription,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKeyOp,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  ReEncrypt: reEncrypt,
  GenerateRandom: generateRandom,
  CreateGrant: createGrant,
  ListGrants: listGrants,
  ListRetirableGrants: listRetirableGrants,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
};
