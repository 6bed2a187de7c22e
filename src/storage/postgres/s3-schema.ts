import type { SchemaComponent } from './migrations.js';

/**
 * The s3 store's tables in PostgreSQL, step by step (never edit a released step: add one). The
 * same tables, columns and rows as SQLite's (src/storage/sqlite/database.ts, s3-objects-schema.ts).
 * Names, keys and upload ids are COLLATE "C": byte order, which in a UTF8 database is the UTF-8
 * byte order S3 lists keys in (SQLite's BINARY). Bucket owners are not a foreign key to the
 * accounts table: the accounts store's schema is its own component.
 */
export const S3_SCHEMA: SchemaComponent = {
  name: 's3',
  steps: [
    `CREATE TABLE s3_buckets (
       name text COLLATE "C" PRIMARY KEY,
       account_id text NOT NULL,
       region text NOT NULL,
       created_at bigint NOT NULL,
       ownership text NOT NULL CHECK (ownership IN ('BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter')),
       ownership_controls boolean NOT NULL DEFAULT true,
       policy text,
       policy_bindings text,
       public_access_block text,
       tags text,
       acl text NOT NULL
     );
     CREATE INDEX s3_buckets_by_account ON s3_buckets (account_id, name);
     CREATE TABLE s3_objects (
       bucket text COLLATE "C" NOT NULL,
       key text COLLATE "C" NOT NULL,
       blob_id text NOT NULL,
       size bigint NOT NULL,
       etag text NOT NULL,
       last_modified bigint NOT NULL,
       owner_account_id text NOT NULL,
       storage_class text NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (bucket, key)
     );
     CREATE INDEX s3_objects_by_blob ON s3_objects (blob_id);
     CREATE TABLE s3_uploads (
       upload_id text COLLATE "C" PRIMARY KEY,
       bucket text COLLATE "C" NOT NULL,
       key text COLLATE "C" NOT NULL,
       initiated bigint NOT NULL,
       document text NOT NULL
     );
     CREATE INDEX s3_uploads_by_key ON s3_uploads (bucket, key, upload_id);
     CREATE TABLE s3_parts (
       upload_id text COLLATE "C" NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
       part_number integer NOT NULL,
       blob_id text NOT NULL,
       size bigint NOT NULL,
       etag text NOT NULL,
       last_modified bigint NOT NULL,
       checksum text,
       PRIMARY KEY (upload_id, part_number)
     );
     CREATE INDEX s3_parts_by_blob ON s3_parts (blob_id);`,
    // Default encryption (PutBucketEncryption): the rule as JSON; NULL is S3's default, SSE-S3.
    'ALTER TABLE s3_buckets ADD COLUMN encryption text',
    // Server access logging (PutBucketLogging): LoggingEnabled as JSON; NULL when off.
    'ALTER TABLE s3_buckets ADD COLUMN logging text',
    // Versioning, Object Lock, lifecycle and CORS (BucketConfigurations): JSON each; NULL when unset.
    `ALTER TABLE s3_buckets ADD COLUMN versioning text;
     ALTER TABLE s3_buckets ADD COLUMN object_lock text;
     ALTER TABLE s3_buckets ADD COLUMN lifecycle text;
     ALTER TABLE s3_buckets ADD COLUMN cors text;`,
    // Object versions other than the current object: noncurrent ones and delete markers (SQLite's S3_VERSIONS_SCHEMA).
    `CREATE TABLE s3_object_versions (
       bucket text COLLATE "C" NOT NULL,
       key text COLLATE "C" NOT NULL,
       seq bigint NOT NULL,
       version_id text COLLATE "C" NOT NULL,
       delete_marker boolean NOT NULL,
       blob_id text NOT NULL,
       size bigint NOT NULL,
       etag text NOT NULL,
       last_modified bigint NOT NULL,
       owner_account_id text NOT NULL,
       storage_class text NOT NULL,
       document text NOT NULL,
       PRIMARY KEY (bucket, key, seq)
     );
     CREATE UNIQUE INDEX s3_object_versions_by_id ON s3_object_versions (bucket, key, version_id);
     CREATE INDEX s3_object_versions_by_blob ON s3_object_versions (blob_id);`,
    // The IV of each part of an encrypted multipart upload (SSE-KMS, SSE-C).
    'ALTER TABLE s3_parts ADD COLUMN iv text',
    // ListObjectVersions' order, (key, newest first), as an index: a page of versions is read, not sorted.
    'CREATE INDEX s3_object_versions_listing ON s3_object_versions (bucket, key, seq DESC)',
  ],
};
