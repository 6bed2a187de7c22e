/**
 * TEST SUPPORT ONLY: a {@link QueryCatalog} over a real {@link SqliteCatalogStore} (one account,
 * one region, no IAM) and a {@link QueryStorage} over a local directory laid out as
 * `<root>/<bucket>/<key>`. The engine's unit tests use them until they can run against the
 * caller-scoped CallerCatalog/CallerStorage of src/services/athena/access/; nothing in src/ may
 * import this folder outside tests.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CatalogEntityExistsError, CatalogEntityNotFoundError, type CatalogPartition, type CatalogStore, type CatalogTable, type PartitionDefinition, type TableDefinition } from '../../storage/catalog.js';
import { ErrorCategory, QueryFailure, type LocalObject, type QueryCatalog, type QueryStorage } from '../types.js';

/** `s3://bucket/some/prefix` → bucket and key prefix (no leading slash). */
export function splitS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new QueryFailure(ErrorCategory.User, 1006, `Invalid S3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/**
 * The catalog of one account and region, straight on the store (test support: no authorization).
 *
 * @example
 * const catalog = new StoreQueryCatalog(new SqliteCatalogStore(db, clock), accountId, 'us-east-1');
 */
export class StoreQueryCatalog implements QueryCatalog {
  /** Every call, in order, so tests can assert what the engine asked the catalog for. */
  readonly calls: string[] = [];
  constructor(readonly store: CatalogStore, readonly catalogId: string, readonly region: string) {}

  async listDatabases(): Promise<string[]> {
    this.calls.push('listDatabases');
    return this.store.listDatabases(this.catalogId, this.region).map((d) => d.Name);
  }
  async databaseExists(database: string): Promise<boolean> {
    this.calls.push(`databaseExists ${database}`);
    return this.store.getDatabase(this.catalogId, this.region, database) !== undefined;
  }
  async getTable(database: string, table: string): Promise<CatalogTable | undefined> {
    this.calls.push(`getTable ${database}.${table}`);
    return this.store.getTable(this.catalogId, this.region, database, table);
  }
  async listTables(database: string): Promise<CatalogTable[]> {
    this.calls.push(`listTables ${database}`);
    return this.store.listTables(this.catalogId, this.region, database);
  }
  async createTable(database: string, input: TableDefinition): Promise<void> {
    this.calls.push(`createTable ${database}.${input.Name}`);
    try {
      this.store.createTable(this.catalogId, this.region, database, input);
    } catch (e) {
      if (e instanceof CatalogEntityExistsError) throw new QueryFailure(ErrorCategory.User, 1006, `Table ${input.Name.toLowerCase()} already exists`);
      if (e instanceof CatalogEntityNotFoundError) throw new QueryFailure(ErrorCategory.User, 1006, `Database ${database} not found.`);
      throw e;
    }
  }
  async dropTable(database: string, table: string): Promise<boolean> {
    this.calls.push(`dropTable ${database}.${table}`);
    return this.store.deleteTable(this.catalogId, this.region, database, table);
  }
  async listPartitions(database: string, table: string): Promise<CatalogPartition[]> {
    this.calls.push(`listPartitions ${database}.${table}`);
    return this.store.listPartitions(this.catalogId, this.region, database, table);
  }
  async addPartitions(database: string, table: string, partitions: PartitionDefinition[]): Promise<number> {
    this.calls.push(`addPartitions ${database}.${table} ${partitions.length}`);
    let added = 0;
    for (const p of partitions) {
      if (this.store.getPartition(this.catalogId, this.region, database, table, p.Values)) continue;
      this.store.createPartition(this.catalogId, this.region, database, table, p);
      added++;
    }
    return added;
  }
  async dropPartitions(database: string, table: string, values: string[][]): Promise<number> {
    this.calls.push(`dropPartitions ${database}.${table} ${values.length}`);
    return values.filter((v) => this.store.deletePartition(this.catalogId, this.region, database, table, v)).length;
  }
  async createDatabase(database: string, options: { comment?: string; location?: string } = {}): Promise<void> {
    this.calls.push(`createDatabase ${database}`);
    try {
      this.store.createDatabase(this.catalogId, this.region, { Name: database, ...(options.comment ? { Description: options.comment } : {}), ...(options.location ? { LocationUri: options.location } : {}) });
    } catch (e) {
      if (e instanceof CatalogEntityExistsError) throw new QueryFailure(ErrorCategory.User, 1006, `Database ${database.toLowerCase()} already exists`);
      throw e;
    }
  }
  async dropDatabase(database: string): Promise<boolean> {
    this.calls.push(`dropDatabase ${database}`);
    return this.store.deleteDatabase(this.catalogId, this.region, database);
  }
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * S3 as a directory tree `<root>/<bucket>/<key>` (test support: no authorization). Objects are
 * copied into the query's directory as the real storage downloads them.
 *
 * @example
 * const storage = new DirectoryQueryStorage('/tmp/s3');
 * storage.write('s3://b/t/x.parquet', bytes);
 */
export class DirectoryQueryStorage implements QueryStorage {
  /** Every fetch's local directory, so tests can check that the engine removed them. */
  readonly fetchedInto: string[] = [];
  readonly puts: string[] = [];
  constructor(readonly root: string) {}

  #prefixDir(s3Uri: string): { dir: string; base: string } {
    const { bucket, key } = splitS3Uri(s3Uri);
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    return { dir: join(this.root, bucket, ...prefix.split('/').filter(Boolean)), base: join(this.root, bucket) };
  }

  /** Writes an object (test setup). */
  write(s3Uri: string, body: Buffer | string): void {
    const { bucket, key } = splitS3Uri(s3Uri);
    const file = join(this.root, bucket, ...key.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }

  async fetchPrefix(s3Uri: string, localDir: string): Promise<LocalObject[]> {
    const { dir } = this.#prefixDir(s3Uri);
    this.fetchedInto.push(localDir);
    const out: LocalObject[] = [];
    for (const file of walk(dir)) {
      const relativeKey = relative(dir, file).split(sep).join('/');
      const path = join(localDir, ...relativeKey.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(file, path);
      out.push({ path, relativeKey, size: statSync(file).size });
    }
    return out;
  }

  async listPrefix(s3Uri: string): Promise<string[]> {
    const { dir } = this.#prefixDir(s3Uri);
    return walk(dir).map((f) => relative(dir, f).split(sep).join('/'));
  }

  async putObject(s3Uri: string, body: Buffer): Promise<void> {
    this.puts.push(s3Uri);
    this.write(s3Uri, body);
  }
}
