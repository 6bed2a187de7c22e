import type { Logger } from 'pino';
import type { Authorizer } from '../auth/authorizer.js';
import { decodeAwsChunked } from '../auth/sigv4/chunked.js';
import { SigV4Error } from '../auth/sigv4/errors.js';
import { SigningKeyCache } from '../auth/sigv4/signing-key.js';
import { checkBeforeBody, readClaim, verifyRequest, type SignedRequest, type VerifyOptions, type Verified } from '../auth/sigv4/verify.js';
import { AwsError, internalFailure, notImplemented, serviceUnavailable, StoreUnavailableError, StoreValueError } from '../core/errors.js';
import { newHostId, newRequestId } from '../core/ids.js';
import { anonymousPrincipal, type Principal } from '../core/principal.js';
import { accessDenied, authError } from '../protocols/auth-errors.js';
import { header, type CodecContext, type HttpRequest, type HttpResponse } from '../protocols/http.js';
import { validationMessage } from '../protocols/validate.js';
import type { BodyAuthenticationTools, OperationContext, ServerState } from '../services/operation.js';
import { bodyLimit, requestTooLarge } from './body-limits.js';
import { awsChunkedDecoded, readWhole, sha256Verified } from './body.js';
import type { CredentialResolver, ResolvedCredential } from './credentials.js';
import { answerHealth, type HealthSettings } from './health.js';
import { requestLogVia, type RequestLog } from './request-log.js';
import { actualRequestCorsHeaders, answerPreflight } from '../services/s3/cors/browser-requests.js';
import { resolveServiceId } from './resolve-service.js';
import type { ServiceDefinition, ServiceRegistry } from './services.js';

/**
 * Set on an access-denied error whose authorization decision is recorded (`sagelite explain
 * REQUEST_ID` can explain it). Not an AWS header; clients ignore headers they do not know.
 */
export const DECISION_HEADER = 'x-sagelite-decision';

/** S3 tells an anonymous caller no more than this. */
function anonymousDenied(): AwsError {
  return new AwsError('AccessDenied', 403, 'Access Denied');
}

export interface PipelineDeps {
  registry: ServiceRegistry;
  credentials: CredentialResolver;
  authorizer: Authorizer;
  state: ServerState;
  log: Logger;
  /** Writes each request's line; by default `log.info(fields, 'request')`. */
  requestLog?: RequestLog;
  /** Largest body read into memory for an operation that does not stream. */
  maxBodyBytes: number;
  /** What `GET /_sagelite/health` reports; without it that path is S3's, as any other. */
  health?: HealthSettings;
  /** Host suffixes under which S3 is addressed virtual-hosted (`bucket.<suffix>`), for CORS's bucket lookup. */
  virtualHostSuffixes?: readonly string[];
}

/** What the audit line records about one request. */
interface Trace {
  requestId: string;
  service?: string;
  operation?: string;
  principal?: string;
  error?: string;
}

/**
 * The ordered request path of DESIGN §3: resolve service → authenticate → decode body →
 * resolve operation → parse → validate → authorize → dispatch → serialize → audit. Each step
 * is a small function; any AwsError it throws is written in the service's own protocol.
 */
export class Pipeline {
  readonly #keys = new SigningKeyCache();
  readonly #stsActions: ReadonlySet<string>;
  readonly #requestLog: RequestLog;

  constructor(private readonly deps: PipelineDeps) {
    this.#requestLog = deps.requestLog ?? requestLogVia(deps.log);
    this.#stsActions = new Set(Object.keys(deps.registry.get('sts').model.operations));
  }

  async handle(req: HttpRequest): Promise<HttpResponse> {
    const started = process.hrtime.bigint();
    const trace: Trace = { requestId: newRequestId() };
    const health = this.deps.health && answerHealth(req, this.deps.health);
    if (health) {
      this.#requestLog({ ...trace, service: 'sagelite-health', status: health.status, ms: Number(process.hrtime.bigint() - started) / 1e6, method: req.method, path: req.rawPath });
      return health;
    }
    const service = this.deps.registry.get(resolveServiceId(req, this.#stsActions));
    // Only S3 answers with a host id; 48 random bytes per request are not free.
    const hostId = service.s3 ? newHostId() : '';
    trace.service = service.id;
    const ctx: CodecContext = { requestId: trace.requestId, hostId, model: service.model };
    let res: HttpResponse;
    try {
      res = await this.#run(req, service, trace, ctx);
    } catch (e) {
      const err = this.#toAwsError(e, service, trace);
      trace.error = err.code;
      res = service.codec.serializeError(err, ctx, req);
      if (await this.#denialRecorded(err, trace)) res.headers[DECISION_HEADER] = 'denied';
    }
    this.#stamp(res, service, trace.requestId, hostId);
    if (service.s3 && req.method !== 'OPTIONS') await this.#corsHeaders(req, res, trace);
    this.#requestLog({ ...trace, status: res.status, ms: Number(process.hrtime.bigint() - started) / 1e6, method: req.method, path: req.rawPath });
    return res;
  }

  async #run(req: HttpRequest, service: ServiceDefinition, trace: Trace, ctx: CodecContext): Promise<HttpResponse> {
    // Processes sharing one state share the test clock: this one catches up before it judges any time.
    const { sharedClock, testClock, clock } = this.deps.state;
    if (testClock && sharedClock) clock.catchUp(await sharedClock.read());
    if (service.s3 && req.method === 'OPTIONS') {
      // A CORS preflight is answered from the bucket's CORS rules alone, never authenticated (browsers send no credentials).
      trace.operation = 'PreflightRequest';
      return answerPreflight(req, this.deps.state.s3Buckets, this.deps.virtualHostSuffixes ?? []);
    }
    const verify = await this.#verifyOptions(req, service);
    // Only S3 signs a streamed body by a declared hash; elsewhere the signature covers the bytes,
    // so the body is read before the signature is checked, but only after everything else is.
    if (req.stream && !service.s3) await this.#readSignedBody(req, service, verify);
    const verified = this.#authenticate(req, service, verify);
    const principal = verified ? verified.credential.principal : anonymousPrincipal();
    trace.principal = principal.arn;
    if (verified) this.#decodeBody(req, verified);
    const resolved = service.codec.resolveOperation(req, service.model);
    trace.operation = resolved.op.name;
    const operation = Object.hasOwn(service.operations, resolved.op.name) ? service.operations[resolved.op.name] : undefined;
    if (!operation) {
      if (principal.kind === 'anonymous') throw anonymousDenied();
      throw notImplemented(service.model.metadata.serviceId, resolved.op.name);
    }
    if (req.stream && !operation.streamsBody) {
      // Nobody unsigned gets a large body read into memory.
      if (principal.kind === 'anonymous') throw anonymousDenied();
      await this.#readWhole(req, service, resolved.op.name);
    } else if (!operation.streamsBody && req.body && req.body.length > bodyLimit(service.id, this.deps.maxBodyBytes, resolved.op.name)) {
      // A body the edge read whole (small enough for it) is still over an S3 configuration operation's own bound.
      throw requestTooLarge(service.authFamily, bodyLimit(service.id, this.deps.maxBodyBytes, resolved.op.name));
    }
    const input = service.codec.parseInput(req, service.model, resolved);
    if (resolved.op.input) {
      const message = validationMessage(service.model, resolved.op.input.shape, input, { checkEnums: service.codec.validatesEnums });
      if (message) throw new AwsError(service.codec.validationCode, 400, message);
    }
    const now = this.deps.state.clock.now();
    // S3's browser form upload is signed inside its body: who signed it is known once its fields are read.
    const bodySigner = operation.authenticateBody ? await operation.authenticateBody(input, this.#bodyTools(service)) : undefined;
    if (bodySigner) trace.principal = bodySigner.principal.arn;
    const caller = bodySigner?.principal ?? principal;
    const opCtx: OperationContext = {
      principal: caller,
      region: bodySigner?.region ?? verified?.claim.region ?? 'us-east-1',
      requestId: trace.requestId,
      sourceIp: req.sourceIp ?? '0.0.0.0',
      secureTransport: req.secure === true,
      ...(bodySigner
        ? { signature: { form: 'post' as const, ageMs: now.getTime() - bodySigner.signedAt.getTime() } }
        : verified ? { signature: { form: verified.claim.form, ageMs: now.getTime() - verified.claim.date.getTime() } } : {}),
      clock: this.deps.state.clock,
      state: this.deps.state,
    };
    await this.#authorize(service, operation.authorization, input, opCtx, caller);
    const output = await operation.handle(input, opCtx);
    return service.codec.serializeOutput(output as Record<string, unknown>, resolved.op, ctx);
  }

  /** What an operation signed inside its body checks its signature with: the same credentials and signing keys as here. */
  #bodyTools(service: ServiceDefinition): BodyAuthenticationTools {
    return { lookup: this.deps.credentials.forService(false), keys: this.#keys, clock: this.deps.state.clock, model: service.model };
  }

  /**
   * The Access-Control-* headers of an S3 answer to a browser whose Origin the bucket's CORS
   * rules allow, errors included. A failure to look the rules up leaves the answer as it is.
   */
  async #corsHeaders(req: HttpRequest, res: HttpResponse, trace: Trace): Promise<void> {
    try {
      Object.assign(res.headers, await actualRequestCorsHeaders(req, this.deps.state.s3Buckets, this.deps.virtualHostSuffixes ?? []));
    } catch (e) {
      this.deps.log.warn({ requestId: trace.requestId, err: e }, 'CORS rules could not be read: answered without Access-Control headers');
    }
  }

  /**
   * Reads a body the signature covers, after every check the headers allow: a caller with no
   * or a malformed signature, a stale date, an unknown key or a bad token, or a declared size
   * over the service's bound, is refused before a byte is read (the edge then closes the
   * connection). What a known key's holder can make the server hold is the service's bound.
   */
  async #readSignedBody(req: HttpRequest, service: ServiceDefinition, verify: VerifyOptions<ResolvedCredential>): Promise<void> {
    checkBeforeBody({ ...req, body: undefined }, verify);
    await this.#readWhole(req, service);
  }

  async #readWhole(req: HttpRequest, service: ServiceDefinition, operation?: string): Promise<void> {
    const limit = bodyLimit(service.id, this.deps.maxBodyBytes, operation);
    const declared = header(req, 'content-length');
    if (declared !== undefined && Number(declared) > limit) throw requestTooLarge(service.authFamily, limit);
    req.body = await readWhole(req.stream!, limit, () => requestTooLarge(service.authFamily, limit));
    delete req.stream;
  }

  /**
   * The verifier's options, the credential of the key the request names already looked up: the
   * verifier asks for it synchronously, the stores answer asynchronously. Looked up once per
   * request (a streamed body's early check and the full verification share it); a request whose
   * claim cannot be read looks nothing up, and the verifier throws that same error itself.
   */
  async #verifyOptions(req: HttpRequest, service: ServiceDefinition): Promise<VerifyOptions<ResolvedCredential>> {
    const accessKeyId = claimedAccessKeyId(req, service.s3);
    const credential = accessKeyId === undefined ? undefined : await this.deps.credentials.forService(service.id === 'admin')(accessKeyId);
    return {
      clock: this.deps.state.clock,
      s3: service.s3,
      service: service.signingName,
      lookup: (id) => (id === accessKeyId ? credential : undefined),
      keys: this.#keys,
    };
  }

  /**
   * Verifies the signature; undefined for an S3 request that carries none, which goes on as
   * the anonymous caller (allowed only what a bucket policy grants everyone).
   */
  #authenticate(req: HttpRequest, service: ServiceDefinition, verify: VerifyOptions<ResolvedCredential>): Verified<ResolvedCredential> | undefined {
    try {
      // A streamed body has not been read: it verifies itself as the operation reads it (#decodeBody).
      return verifyRequest(req.stream ? { ...req, body: undefined } : req, verify);
    } catch (e) {
      if (service.s3 && e instanceof SigV4Error && e.kind === 'MissingAuthentication') return undefined;
      throw e;
    }
  }

  /**
   * aws-chunked bodies are verified chunk by chunk and replaced by their decoded bytes (their
   * trailing checksum becomes a header, as the operation's model expects it); a streamed body
   * is wrapped so that it verifies itself as the operation reads it.
   */
  #decodeBody(req: HttpRequest, v: Verified<ResolvedCredential>): void {
    const chunked = v.payload.kind === 'streaming-signed' || v.payload.kind === 'streaming-unsigned-trailer';
    if (!chunked) {
      if (req.stream && v.payload.kind === 'sha256') req.stream = sha256Verified(req.stream, v.payload.sha256);
      return;
    }
    const decoded = header(req, 'x-amz-decoded-content-length');
    if (decoded === undefined || !/^\d+$/.test(decoded)) throw new SigV4Error('MissingDecodedContentLength');
    const trailer = header(req, 'x-amz-trailer');
    const opts = {
      decodedLength: Number(decoded),
      ...(trailer !== undefined ? { trailer } : {}),
      ...(v.payload.kind === 'streaming-signed'
        ? { signing: { signingKey: v.signingKey, amzDate: v.amzDate, scope: v.scope, seedSignature: v.claim.signature } }
        : {}),
    };
    if (req.stream) {
      req.stream = awsChunkedDecoded(req.stream, opts);
      return;
    }
    const { data, trailers } = decodeAwsChunked(req.body, opts);
    req.body = data;
    for (const [name, value] of trailers) if (!req.headers.has(name)) req.headers.set(name, [value]);
  }

  async #authorize(
    service: ServiceDefinition,
    rule: NonNullable<ServiceDefinition['operations'][string]>['authorization'],
    input: Record<string, unknown>,
    ctx: OperationContext,
    principal: Principal,
  ): Promise<void> {
    if (rule === 'always') return;
    if (rule === 'operator') {
      if (principal.kind === 'operator') return;
      throw new AwsError('AccessDeniedException', 400, 'Only the operator key may call the admin API.');
    }
    const facts = { requestId: ctx.requestId, region: ctx.region, sourceIp: ctx.sourceIp, secureTransport: ctx.secureTransport, now: ctx.clock.now() };
    const decision = await this.deps.authorizer.authorize(principal, await rule(input, ctx), facts);
    if (!decision.allowed && principal.kind === 'anonymous') throw anonymousDenied();
    if (!decision.allowed) throw accessDenied(service.authFamily, principal.arn, decision.action, decision.resource, decision.reason);
  }

  /**
   * Whether a signed caller's access-denied error has its decision recorded, so that the CLI
   * suggests `sagelite explain` only where it has something to say (a root asking AssumeRole,
   * say, is refused without any policy decision). Unsigned callers are never told: their denials
   * are kept in memory, described on each lookup, and no CLI sends unsigned requests.
   */
  async #denialRecorded(err: AwsError, trace: Trace): Promise<boolean> {
    if (!err.code.startsWith('AccessDenied') || trace.principal === undefined || trace.principal === 'anonymous') return false;
    return (await this.deps.state.decisions.get(trace.requestId))?.allowed === false;
  }

  #toAwsError(e: unknown, service: ServiceDefinition, trace: Trace): AwsError {
    if (e instanceof AwsError) return e;
    if (e instanceof SigV4Error) return authError(service.authFamily, e);
    if (e instanceof StoreValueError) {
      this.deps.log.info({ requestId: trace.requestId, err: e.message }, 'a value the state store cannot keep: answered 400');
      return new AwsError(service.codec.validationCode, 400, `The request contains the character U+0000, which this sagelite deployment (state in ${e.store}) cannot store.`);
    }
    if (e instanceof StoreUnavailableError) {
      this.deps.log.warn({ requestId: trace.requestId, err: e.message }, 'store unavailable: answered 503, retryable');
      return serviceUnavailable();
    }
    this.deps.log.error({ requestId: trace.requestId, err: e }, 'internal failure');
    return internalFailure();
  }

  #stamp(res: HttpResponse, service: ServiceDefinition, requestId: string, hostId: string): void {
    if (service.s3) {
      res.headers['x-amz-request-id'] = requestId;
      res.headers['x-amz-id-2'] = hostId;
    } else {
      res.headers['x-amzn-requestid'] = requestId;
    }
  }
}

/** The access key a request claims to be signed with; undefined when it carries no readable claim. */
function claimedAccessKeyId(req: SignedRequest, s3: boolean): string | undefined {
  try {
    return readClaim(req, s3).accessKeyId;
  } catch {
    return undefined;
  }
}
