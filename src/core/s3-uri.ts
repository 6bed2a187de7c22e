/** A bucket and key out of an `s3://bucket/key` URI. */
export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Splits `s3://bucket/key` (and Hadoop's `s3a://`, `s3n://`) into its scheme, bucket and key,
 * the key as written (a trailing slash kept); undefined for anything else. Callers decide what a
 * bad URI means to them (an internal error, a query's failure, a CLI message).
 *
 * @example
 * splitS3Uri('s3://results/athena/') // { scheme: 's3', bucket: 'results', key: 'athena/' }
 */
export function splitS3Uri(uri: string): (S3Location & { scheme: 's3' | 's3a' | 's3n' }) | undefined {
  const m = /^(s3|s3a|s3n):\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { scheme: m[1] as 's3' | 's3a' | 's3n', bucket: m[2]!, key: m[3]! } : undefined;
}
