import type { Readable } from 'node:stream';
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
  /**
   * A large body, left unread for an operation that streams it (S3 PutObject, UploadPart).
   * When present, `body` is empty. The pipeline verifies it as it is read (x-amz-content-sha256,
   * aws-chunked chunk signatures and trailing checksums): a bad body throws from the iterator,
   * after the last byte at the latest, so a consumer must not commit before it has ended.
   */
  stream?: BodyStream;
  /** The peer's address, for aws:SourceIp; absent when not known (in-process callers). */
  sourceIp?: string;
  /** Arrived over TLS (aws:SecureTransport). */
  secure?: boolean;
}

/** A request body read as it arrives. */
export interface BodyStream extends AsyncIterable<Buffer> {
  /** Trailing headers of an aws-chunked body (x-amz-checksum-*), filled once the stream has ended. */
  readonly trailers: ReadonlyMap<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** A Readable is streamed to the client (S3 GetObject); set Content-Length in headers when known. */
  body: Buffer | string | Readable;
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
  readonly validationCode: 'ValidationError' | 'ValidationException' | 'InvalidArgument' | 'InvalidParameterException';
  /** Whether model enums are enforced: S3 checks its enumerated values itself, with its own errors. */
  readonly validatesEnums: boolean;
  /** The operation the request names; throws the protocol's unknown-operation AwsError. */
  resolveOperation(req: HttpRequest, model: ServiceModel): ResolvedOperation;
  parseInput(req: HttpRequest, model: ServiceModel, resolved: ResolvedOperation): Record<string, unknown>;
  serializeOutput(output: Record<string, unknown>, op: OperationModel, ctx: CodecContext): HttpResponse;
  serializeError(err: AwsError, ctx: CodecContext, req: HttpRequest): HttpResponse;
}
