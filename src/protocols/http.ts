import { headerValue } from '../auth/sigv4/canonical.js';
import type { AwsError } from '../core/errors.js';
import type { OperationModel, ServiceModel } from '../models/model.js';

/** A request as the pipeline holds it once its body has been read. */
export interface HttpRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lower-case header names; values in arrival order. */
  headers: Map<string, string[]>;
  body: Buffer;
  /** The peer's address, for aws:SourceIp; absent when not known (in-process callers). */
  sourceIp?: string;
  /** Arrived over TLS (aws:SecureTransport). */
  secure?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export function header(req: { headers: ReadonlyMap<string, readonly string[]> }, name: string): string | undefined {
  return headerValue(req.headers, name);
}

/** The operation a request names and, for REST protocols, the values of its URI labels. */
export interface ResolvedOperation {
  op: OperationModel;
  labels: Record<string, string>;
}

/** What every codec is handed besides the request: where the answer goes and whose model it is. */
export interface CodecContext {
  requestId: string;
  /** S3's x-amz-id-2, echoed as `<HostId>`. */
  hostId: string;
  model: ServiceModel;
}

/**
 * One wire protocol, shared by every service that speaks it: find the operation, read typed
 * input, write output and errors in AWS's shape.
 */
export interface ProtocolCodec {
  readonly name: 'query' | 'json' | 'rest-json' | 'rest-xml';
  /** The code AWS uses for model-validation failures in this protocol. */
  readonly validationCode: 'ValidationError' | 'ValidationException';
  /** The operation the request names; throws the protocol's unknown-operation AwsError. */
  resolveOperation(req: HttpRequest, model: ServiceModel): ResolvedOperation;
  parseInput(req: HttpRequest, model: ServiceModel, resolved: ResolvedOperation): Record<string, unknown>;
  serializeOutput(output: Record<string, unknown>, op: OperationModel, ctx: CodecContext): HttpResponse;
  serializeError(err: AwsError, ctx: CodecContext, req: HttpRequest): HttpResponse;
}
