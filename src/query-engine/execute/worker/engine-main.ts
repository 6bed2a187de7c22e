/**
 * The engine process: one account's DuckDB, in a child process of its own whose address space the
 * server capped before starting it (engine-process.ts). DuckDB's memory_limit does not count the
 * strings a query builds by concatenation or aggregation; here such a query meets the cap, gets
 * DuckDB's "Out of Memory Error" (or, at worst, ends this process) and the server and every other
 * account's engine are untouched. It holds nothing the server needs to keep: the server opens a
 * new one when this one is gone.
 *
 * It answers the requests of protocol.ts, one reply per request id, and exits when the server's
 * IPC channel closes (the server stopped or died).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { prepareInstance } from '../../dialect/setup.js';
import { readBounded } from '../../results/bounded-read.js';
import { lockDown, SHARED_CATALOG } from '../instance.js';
import { toWire, type EngineReply, type EngineRequest, type OpenSettings } from './protocol.js';

let instance: DuckDBInstance | undefined;
const connections = new Map<number, DuckDBConnection>();
let nextConnection = 0;

const send = (reply: EngineReply): void => {
  process.send?.(reply);
};

async function open(settings: OpenSettings): Promise<void> {
  if (instance) throw new Error('the engine process is already open');
  const options: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    // DuckDB spills to disk under the account's own directory, never a shared default, and only so much.
    temp_directory: settings.spillDir,
    max_temp_directory_size: settings.spillLimit,
  };
  if (settings.threads) options['threads'] = String(settings.threads);
  if (settings.memoryLimit) options['memory_limit'] = settings.memoryLimit;
  const created = await DuckDBInstance.create(':memory:', options);
  const conn = await created.connect();
  try {
    // Settings and macros are made once here, instance-wide: a statement's connection needs no setup.
    await prepareInstance(conn);
    await conn.run(`ATTACH ':memory:' AS ${SHARED_CATALOG}`);
    await lockDown(conn, settings.tmpDir);
  } finally {
    conn.closeSync();
  }
  instance = created;
}

function connection(id: number): DuckDBConnection {
  const conn = connections.get(id);
  if (!conn) throw new Error(`no engine connection ${id}`);
  return conn;
}

async function handle(request: EngineRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      return open(request.settings);
    case 'connect': {
      if (!instance) throw new Error('the engine process is not open');
      const id = ++nextConnection;
      connections.set(id, await instance.connect());
      return id;
    }
    case 'run':
      await connection(request.conn).run(request.sql);
      return undefined;
    case 'rows':
      return (await connection(request.conn).runAndReadAll(request.sql, request.params as never)).getRowsJS();
    case 'rendered': {
      const conn = connection(request.conn);
      const result = await conn.stream(request.sql);
      const source = { columnNames: () => result.columnNames(), columnTypes: () => result.columnTypes(), fetchChunk: () => result.fetchChunk() };
      const { columns } = await readBounded(source, request.limits, undefined, (rows) => send({ id: request.id, rows }));
      return columns;
    }
    case 'check-syntax':
      // Trino's grammar (1.3 MB of generated parser) loads with the process's first query, not at its start.
      (await import('../../trino/syntax.js')).assertTrinoSyntax(request.sql);
      return undefined;
    case 'analyze':
      (await import('../../trino/syntax.js')).assertTrinoTypes(request.sql, request.catalog);
      return undefined;
    case 'interrupt':
      connections.get(request.conn)?.interrupt();
      return undefined;
    case 'disconnect':
      connections.get(request.conn)?.closeSync();
      connections.delete(request.conn);
      return undefined;
  }
}

process.on('message', (message: EngineRequest) => {
  handle(message).then(
    (value) => send({ id: message.id, ok: true, value }),
    (error: unknown) => send({ id: message.id, ok: false, error: toWire(error) }),
  );
});
// The server is gone: nothing here is worth keeping.
process.on('disconnect', () => process.exit(0));
