import { createHash, randomBytes } from 'node:crypto';
import { compilePolicy } from '../../auth/policy/compile-policy.js';
import { AwsError } from '../../core/errors.js';
import type { CatalogPolicy } from '../../storage/catalog.js';
import type { Operation, OperationContext } from '../operation.js';
import { glueArn, onCatalog } from './catalog-ref.js';
import { entityNotFound, invalidInput } from './errors.js';

/** The Data Catalog resource policy's size limit (Glue quotas: 10 KB). */
export const MAX_CATALOG_POLICY_BYTES = 10 * 1024;

type ExistCondition = 'MUST_EXIST' | 'NOT_EXIST' | 'NONE';

function conditionFailed(message: string): AwsError {
  return new AwsError('ConditionCheckFailureException', 400, message);
}

/**
 * The catalog a policy request is about: the caller's own Data Catalog in the request's region.
 * ResourceArn may name it; an ARN of a database or a table (policies RAM or Lake Formation grants
 * set) is not something sagelite keeps.
 */
function ownCatalog(ctx: OperationContext, resourceArn: string | undefined, forPut: boolean): void {
  if (resourceArn === undefined || resourceArn === glueArn.catalog(ctx.region, ctx.principal.accountId)) return;
  if (forPut) throw invalidInput(`ResourceArn ${resourceArn} is not the Data Catalog of this account and region: PutResourcePolicy sets the Data Catalog's policy only.`);
  throw entityNotFound('Policy not found');
}

/** A policy Glue would keep: valid JSON of IAM's resource-policy grammar, within the size limit. */
function checkDocument(document: string): void {
  const bytes = Buffer.byteLength(document);
  if (bytes > MAX_CATALOG_POLICY_BYTES) throw invalidInput(`The policy is ${bytes} bytes; a Data Catalog resource policy can be at most ${MAX_CATALOG_POLICY_BYTES} bytes.`);
  try {
    compilePolicy(document, 'resource');
  } catch (e) {
    throw invalidInput(`Policy is not valid: ${(e as Error).message}`);
  }
}

/** The store's check for a conditional change: PolicyExistsCondition and PolicyHashCondition against the stored policy. */
function conditions(exists: ExistCondition | undefined, hash: string | undefined) {
  return (current: CatalogPolicy | undefined): void => {
    if (exists === 'MUST_EXIST' && !current) throw conditionFailed('Policy does not exist, but PolicyExistsCondition is MUST_EXIST.');
    if (exists === 'NOT_EXIST' && current) throw conditionFailed('Policy already exists, but PolicyExistsCondition is NOT_EXIST.');
    if (hash !== undefined && current?.hash !== hash) throw conditionFailed(`PolicyHashCondition ${hash} does not match the hash of the current policy${current ? '' : ' (there is none)'}.`);
  };
}

/** glue:PutResourcePolicy on the catalog: sets the Data Catalog's resource policy; answers its new hash. */
export const putResourcePolicy: Operation<{ PolicyInJson: string; ResourceArn?: string; PolicyHashCondition?: string; PolicyExistsCondition?: ExistCondition; EnableHybrid?: 'TRUE' | 'FALSE' }> = {
  authorization: (_input, ctx) => onCatalog(ctx, 'glue:PutResourcePolicy', undefined),
  async handle(input, ctx) {
    ownCatalog(ctx, input.ResourceArn, true);
    checkDocument(input.PolicyInJson);
    const hash = createHash('sha256').update(input.PolicyInJson).update(randomBytes(16)).digest('base64').slice(0, 24);
    const saved = await ctx.state.catalog.putCatalogPolicy(ctx.principal.accountId, ctx.region, { document: input.PolicyInJson, hash }, conditions(input.PolicyExistsCondition, input.PolicyHashCondition));
    return { PolicyHash: saved.hash };
  },
};

/** glue:GetResourcePolicy on the catalog: the Data Catalog's policy, its hash and times. */
export const getResourcePolicy: Operation<{ ResourceArn?: string }> = {
  authorization: (_input, ctx) => onCatalog(ctx, 'glue:GetResourcePolicy', undefined),
  async handle(input, ctx) {
    ownCatalog(ctx, input.ResourceArn, false);
    const policy = await ctx.state.catalog.getCatalogPolicy(ctx.principal.accountId, ctx.region);
    if (!policy) throw entityNotFound('Policy not found');
    return { PolicyInJson: policy.document, PolicyHash: policy.hash, CreateTime: policy.createdAt, UpdateTime: policy.updatedAt };
  },
};

/** glue:DeleteResourcePolicy on the catalog: removes it (PolicyHashCondition must match when given). */
export const deleteResourcePolicy: Operation<{ ResourceArn?: string; PolicyHashCondition?: string }> = {
  authorization: (_input, ctx) => onCatalog(ctx, 'glue:DeleteResourcePolicy', undefined),
  async handle(input, ctx) {
    ownCatalog(ctx, input.ResourceArn, false);
    await ctx.state.catalog.deleteCatalogPolicy(ctx.principal.accountId, ctx.region, (current) => {
      if (!current) throw entityNotFound('Policy not found');
      conditions(undefined, input.PolicyHashCondition)(current);
    });
    return {};
  },
};
