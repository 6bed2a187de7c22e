/** S3 ARNs carry neither region nor account: `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/key`. */
export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** The object ARN, key as sent (slashes and all). */
export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

/** Every object of the bucket, as policies name it. */
export function allObjectsArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}/*`;
}
