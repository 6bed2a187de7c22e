import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../core/paths.js';

/** The parts of a botocore service model (service-2.json) that sagelite reads. */
export interface ServiceModel {
  metadata: {
    apiVersion: string;
    protocol: 'query' | 'json' | 'rest-json' | 'rest-xml';
    endpointPrefix: string;
    signingName?: string;
    targetPrefix?: string;
    jsonVersion?: string;
    xmlNamespace?: string;
    serviceId: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string; locationName?: string; xmlNamespace?: { uri: string } };
  output?: { shape: string; resultWrapper?: string };
  errors?: Array<{ shape: string }>;
  /** Superseded by another operation on the same route (S3's GetBucketLifecycle). */
  deprecated?: boolean;
}

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { uri: string; prefix?: string };
  idempotencyToken?: boolean;
  jsonvalue?: boolean;
  timestampFormat?: string;
  hostLabel?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  /** An XML namespace the shape's element declares (S3's Grantee: xsi). */
  xmlNamespace?: { uri: string; prefix?: string };
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  locationName?: string;
  payload?: string;
  sensitive?: boolean;
  streaming?: boolean;
  timestampFormat?: string;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
}

/** Loads vendored models (models/<name>.json.gz) once each, on first use. */
export class ModelLibrary {
  readonly #models = new Map<string, ServiceModel>();

  get(name: string): ServiceModel {
    let model = this.#models.get(name);
    if (!model) {
      const raw = readFileSync(join(PACKAGE_ROOT, 'models', `${name}.json.gz`));
      model = JSON.parse(gunzipSync(raw).toString('utf8')) as ServiceModel;
      this.#models.set(name, model);
    }
    return model;
  }

  /** Adds a model that is not vendored from botocore (sagelite's own admin API). */
  register(name: string, model: ServiceModel): void {
    this.#models.set(name, model);
  }
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model ${model.metadata.serviceId} has no shape ${name}`);
  return shape;
}
