/**
 * The object side's tables (a migration step of database.ts; never edit once shipped, append).
 * Keys use SQLite's BINARY collation, which compares UTF-8 bytes: the order S3 lists keys in.
 * Bucket names are plain text, not foreign keys: buckets belong to the bucket side's tables.
 */
export const S3_OBJECTS_SCHEMA = `
  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    owner_account_id TEXT NOT NULL,
    storage_class TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
  CREATE INDEX s3_objects_by_blob ON s3_objects(blob_id);
  CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    initiated INTEGER NOT NULL,
    document TEXT NOT NULL
  );
  CREATE INDEX s3_uploads_by_key ON s3_uploads(bucket, key, upload_id);
  CREATE TABLE s3_parts (
    upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    checksum TEXT,
    PRIMARY KEY (upload_id, part_number)
  ) WITHOUT ROWID;
  CREATE INDEX s3_parts_by_blob ON s3_parts(blob_id);`;
