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
      model = withOwnKeysOnly(JSON.parse(gunzipSync(raw).toString('utf8')) as ServiceModel);
      this.#models.set(name, model);
    }
    return model;
  }

  /** Adds a model that is not vendored from botocore (sagelite's own admin API). */
  register(name: string, model: ServiceModel): void {
    this.#models.set(name, withOwnKeysOnly(model));
  }
}

/** A table keyed by names that may come from a client, with nothing inherited to find. */
export function ownKeysOnly<T>(table: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, table);
}

/**
 * Clients name operations (X-Amz-Target, Action=): a model's operation and shape tables get
 * no prototype, so `__proto__`, `constructor` or `hasOwnProperty` find nothing, not
 * Object.prototype's members.
 */
function withOwnKeysOnly(model: ServiceModel): ServiceModel {
  return { ...model, operations: ownKeysOnly(model.operations), shapes: ownKeysOnly(model.shapes) };
}

/** The operation a client named, or undefined; never an inherited property. */
export function operationNamed(model: ServiceModel, name: string): OperationModel | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
  if (!shape) throw new Error(`model ${model.metadata.serviceId} has no shape ${name}`);
  return shape;
}
