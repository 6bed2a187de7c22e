import type { AuthFamily } from '../protocols/auth-errors.js';
import type { ProtocolCodec } from '../protocols/http.js';
import { jsonCodec } from '../protocols/json.js';
import { queryCodec } from '../protocols/query.js';
import { ramRestJsonCodec, restJsonCodec } from '../protocols/rest-json.js';
import { createRestXmlCodec } from '../protocols/rest-xml.js';
import { ModelLibrary, ownKeysOnly, type ServiceModel } from '../models/model.js';
import { ADMIN_MODEL } from '../services/admin/model.js';
import { adminOperations } from '../services/admin/index.js';
import type { OperationTable } from '../services/operation.js';
import { athenaOperations } from '../services/athena/index.js';
import { featureStoreRuntimeOperations } from '../services/featurestore-runtime/index.js';
import { glueOperations } from '../services/glue/index.js';
import { iamOperations } from '../services/iam/index.js';
import { ramOperations } from '../services/ram/index.js';
import { kmsOperations } from '../services/kms/index.js';
import { s3Operations } from '../services/s3/index.js';
import { withPostObject } from '../services/s3/post-object/model.js';
import { sagemakerOperations } from '../services/sagemaker/index.js';
import { stsOperations } from '../services/sts/index.js';

export type ServiceId = 'sts' | 'iam' | 's3' | 'sagemaker' | 'featurestore-runtime' | 'glue' | 'athena' | 'ram' | 'kms' | 'admin';

/** A service sagelite speaks: its model, wire protocol, signing name and implemented operations. */
export interface ServiceDefinition {
  id: ServiceId;
  model: ServiceModel;
  codec: ProtocolCodec;
  signingName: string;
  authFamily: AuthFamily;
  /** S3 signs and encodes differently (single path encoding, x-amz-content-sha256 required). */
  s3: boolean;
  operations: OperationTable;
}

/** Operations a service answers that its botocore model lacks: S3's browser form upload (POST Object). */
const MODEL_EXTENSIONS: ReadonlyMap<ServiceId, (model: ServiceModel) => ServiceModel> = new Map<ServiceId, (model: ServiceModel) => ServiceModel>([['s3', withPostObject]]);

export interface ServiceRegistry {
  get(id: ServiceId): ServiceDefinition;
  all(): ServiceDefinition[];
}

export function createServiceRegistry(models: ModelLibrary, opts: { virtualHostSuffixes: readonly string[] }): ServiceRegistry {
  models.register('admin', ADMIN_MODEL);
  const restXml = createRestXmlCodec(opts);
  const specs: Array<[ServiceId, string, ProtocolCodec, string, AuthFamily, OperationTable]> = [
    ['sts', 'sts', queryCodec, 'sts', 'query', stsOperations],
    ['iam', 'iam', queryCodec, 'iam', 'query', iamOperations],
    ['s3', 's3', restXml, 's3', 's3', s3Operations],
    ['sagemaker', 'sagemaker', jsonCodec, 'sagemaker', 'json', sagemakerOperations],
    ['featurestore-runtime', 'sagemaker-featurestore-runtime', restJsonCodec, 'sagemaker', 'json', featureStoreRuntimeOperations],
    ['glue', 'glue', jsonCodec, 'glue', 'json', glueOperations],
    ['athena', 'athena', jsonCodec, 'athena', 'json', athenaOperations],
    ['ram', 'ram', ramRestJsonCodec, 'ram', 'json', ramOperations],
    ['kms', 'kms', jsonCodec, 'kms', 'json', kmsOperations],
    ['admin', 'admin', jsonCodec, 'sagelite', 'json', adminOperations],
  ];
  const byId = new Map<ServiceId, ServiceDefinition>();
  for (const [id, modelName, codec, signingName, authFamily, operations] of specs) {
    // Models load lazily: a getter keeps start-up from parsing SageMaker's 400 operations.
    // Looked up by operation names; nothing inherited may answer (see ownKeysOnly).
    const def = { id, codec, signingName, authFamily, s3: id === 's3', operations: ownKeysOnly(operations) } as ServiceDefinition;
    const extend = MODEL_EXTENSIONS.get(id);
    let extended: ServiceModel | undefined;
    Object.defineProperty(def, 'model', { get: () => (extend ? (extended ??= extend(models.get(modelName))) : models.get(modelName)), enumerable: true });
    byId.set(id, def);
  }
  return {
    get: (id) => byId.get(id)!,
    all: () => [...byId.values()],
  };
}
