import type { AuthorizationRequest } from '../auth/authorizer.js';
import type { SigningKeyCache } from '../auth/sigv4/signing-key.js';
import type { StoredSecret } from '../auth/sigv4/verify.js';
import type { ServiceModel } from '../models/model.js';
import type { InternalCalls } from '../gateway/internal-call.js';
import type { Clock, OffsetClock, SharedClockOffset } from '../core/clock.js';
import type { KeyedLocks } from '../core/keyed-lock.js';
import type { Principal } from '../core/principal.js';
import type { QueryEngine } from '../query-engine/types.js';
import type { AccountStore } from '../storage/accounts.js';
import type { AthenaStore } from '../storage/athena.js';
import type { CatalogStore } from '../storage/catalog.js';
import type { ResourceShareStore } from '../storage/ram.js';
import type { KmsStore } from '../storage/kms.js';
import type { KmsRootKey } from '../storage/kms-root-key.js';
import type { FeatureGroupStore, OfflineOutbox, RecordStore } from '../storage/feature-store.js';
import type { IamStore } from '../storage/iam.js';
import type { BucketStore } from '../storage/s3.js';
import type { ObjectStore } from '../storage/s3-objects.js';
import type { DecisionLog, SessionStore } from '../storage/sessions.js';
import type { AthenaQueryRunner } from './athena/runner.js';

/** What the server holds that operations may use: stores and the clock, never HTTP. */
export interface ServerState {
  clock: OffsetClock;
  accounts: AccountStore;
  iam: IamStore;
  sessions: SessionStore;
  decisions: DecisionLog;
  /** S3 buckets, global by name across accounts. */
  s3Buckets: BucketStore;
  /** S3 objects and multipart uploads: metadata and bytes. */
  s3Objects: ObjectStore;
  /** Whether the operator may move the clock (tests only; never on by default). */
  testClock: boolean;
  /** Serializes a quota's count and write (see core/keyed-lock.ts). */
  locks: KeyedLocks;
  /** The test clock's offset every process shares (several processes on one state, with --test-clock). */
  sharedClock?: SharedClockOffset;
  /** Operations called from inside sagelite as a principal, authorized as any request (the offline-store writer). */
  internal: InternalCalls;
  /** SageMaker feature groups (the control plane's; the runtime and the offline writer read them). */
  featureGroups: FeatureGroupStore;
  /** The Glue Data Catalog of every account: the feature groups' offline-store tables, and Glue's own. */
  catalog: CatalogStore;
  /** The Feature Store runtime's online records; each write also appends its offline row to `outbox`. */
  records: RecordStore;
  /** Offline-store rows not yet written to S3, in order (the offline writer drains it). */
  outbox: OfflineOutbox;
  /** Athena's work groups and query executions. */
  athena: AthenaStore;
  /** AWS RAM's resource shares: who shares which feature groups and catalogs with whom. */
  resourceShares: ResourceShareStore;
  /** AWS KMS's keys and aliases. */
  kms: KmsStore;
  /** Seals every KMS key's material at rest (kept beside the database, never in it). */
  kmsRootKey: KmsRootKey;
  /** Runs Athena query executions in the background (StartQueryExecution, StopQueryExecution). */
  athenaQueries: AthenaQueryRunner;
  /** The SQL engine Athena's queries run on. */
  queryEngine: QueryEngine;
}

export interface OperationContext {
  principal: Principal;
  region: string;
  requestId: string;
  /** The caller's address and whether it came over TLS (aws:SourceIp, aws:SecureTransport). */
  sourceIp: string;
  secureTransport: boolean;
  /** The AWS service calling on the principal's behalf (`s3.us-east-1.amazonaws.com`), as kms:ViaService sees it; absent for direct calls. */
  viaService?: string;
  /** How the request was signed (S3's s3:authType / s3:signatureversion; `post` is a browser form's signed policy); absent for anonymous requests. */
  signature?: { form: 'header' | 'query' | 'post'; ageMs: number };
  clock: Clock;
  state: ServerState;
}

/**
 * One AWS operation: a plain function of typed input, plus the IAM questions it asks. AWS never
 * denies some calls (sts:GetCallerIdentity), which say `'always'`.
 *
 * @example
 * export const getCallerIdentity: Operation<{}, { Account: string }> = {
 *   authorization: 'always',
 *   handle: (_input, ctx) => ({ Account: ctx.principal.accountId }),
 * };
 */
export interface Operation<I = Record<string, unknown>, O = Record<string, unknown>> {
  /**
   * The operation reads its payload as a stream (S3 PutObject, UploadPart): large bodies reach
   * it as {@link import('../protocols/http.js').BodyStream} instead of being read into memory.
   */
  streamsBody?: true;
  /**
   * For an operation signed inside its body (S3's browser form upload, PostObject): reads what
   * of the body its signature needs (the form's fields, within a bound) and returns who signed
   * it; undefined keeps the request's own signer (anonymous when unsigned). Runs after the input
   * is parsed and before authorization, which then asks about this signer.
   */
  authenticateBody?(input: I, tools: BodyAuthenticationTools): Promise<BodySigner | undefined>;
  /** Asynchronous where the questions depend on stored state (a work group's tags, an execution's work group). */
  authorization: 'always' | 'operator' | ((input: I, ctx: OperationContext) => AuthorizationRequest[] | Promise<AuthorizationRequest[]>);
  handle(input: I, ctx: OperationContext): O | Promise<O>;
}

/** What an operation signed inside its body is given to check the signature, as the header-signed path checks one. */
export interface BodyAuthenticationTools {
  /** The secret and principal behind an access key (STS session tokens included); undefined for an unknown or inactive key. */
  lookup(accessKeyId: string): Promise<(StoredSecret & { principal: Principal }) | undefined>;
  /** Derived SigV4 signing keys, shared with the header-signed path. */
  keys: SigningKeyCache;
  clock: Clock;
  /** The service's model, to read body fields as the members they stand for. */
  model: ServiceModel;
}

/** Who signed a body, with the credential scope's region and the signature's date. */
export interface BodySigner {
  principal: Principal;
  region: string;
  signedAt: Date;
}

// Operations are stored type-erased in a service's table; each is typed where it is written.
export type OperationTable = Record<string, Operation<any, any>>;
