import type { AthenaResultConfiguration, WorkGroupRecord } from '../../storage/athena.js';
import { invalidRequest } from './errors.js';

/** Athena's words when neither the request nor the work group says where results go. */
export const NO_OUTPUT_LOCATION =
  'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.';

const S3_LOCATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/;

/**
 * Checks an OutputLocation's form (`s3://bucket/prefix/`).
 * @throws InvalidRequestException naming the location
 */
export function checkOutputLocation(location: string): void {
  if (!S3_LOCATION.test(location)) throw invalidRequest(`outputLocation is not a valid S3 path. Provided: ${location}`);
}

/** The bucket of a checked OutputLocation. */
export function bucketOf(location: string): string {
  return S3_LOCATION.exec(location)![1]!;
}

/** Checks every member Athena constrains in a ResultConfiguration a caller gives. */
export function checkResultConfiguration(rc: AthenaResultConfiguration | undefined): void {
  if (!rc) return;
  if (rc.OutputLocation !== undefined) checkOutputLocation(rc.OutputLocation);
  const enc = rc.EncryptionConfiguration;
  if (enc && enc.EncryptionOption !== 'SSE_S3' && !enc.KmsKey) {
    throw invalidRequest(`KmsKey is required for EncryptionOption ${enc.EncryptionOption}.`);
  }
  // Client-side encryption would need Athena to encrypt before writing and decrypt in GetQueryResults: not built (COMPATIBILITY).
  if (enc?.EncryptionOption === 'CSE_KMS') throw invalidRequest('sagelite does not implement client-side encryption of results (CSE_KMS); use SSE_S3 or SSE_KMS.');
}

const MEMBERS = ['OutputLocation', 'ExpectedBucketOwner', 'AclConfiguration', 'EncryptionConfiguration'] as const;

/**
 * The result configuration a query runs with. A work group that enforces its configuration
 * (EnforceWorkGroupConfiguration) wins whole and the request's is ignored, as in Athena;
 * otherwise each member comes from the request when it gives one, else from the work group.
 *
 * @example
 * effectiveResultConfiguration(wg, { OutputLocation: 's3://mine/' })
 */
export function effectiveResultConfiguration(wg: WorkGroupRecord, request: AthenaResultConfiguration | undefined): AthenaResultConfiguration {
  const fromWorkGroup = wg.configuration.ResultConfiguration ?? {};
  if (wg.configuration.EnforceWorkGroupConfiguration === true) return { ...fromWorkGroup };
  const out: AthenaResultConfiguration = {};
  for (const m of MEMBERS) {
    const value = request?.[m] ?? fromWorkGroup[m];
    if (value !== undefined) (out as Record<string, unknown>)[m] = value;
  }
  return out;
}

/** Where a query's result object goes: `<OutputLocation>/<id>.csv` (or `.txt`), one slash between. */
export function resultFileUri(outputLocation: string, id: string, format: 'csv' | 'txt'): string {
  const base = outputLocation.endsWith('/') ? outputLocation : `${outputLocation}/`;
  return `${base}${id}.${format}`;
}
