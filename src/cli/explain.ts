import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminApiError, AdminClient } from '../../packages/sdk/src/admin-client.js';
import { CliError } from './data-dir.js';
import { withDecisionLog } from './shared-state.js';

export interface ExplainOptions {
  endpoint: string;
  dataDir: string;
  /** The shared shape's PostgreSQL (denials are kept there). */
  state?: string;
  json?: boolean;
}

/**
 * Prints the recorded authorization decision of a request. Asks the running server first (it
 * remembers recent allows too); when no server answers, reads the denials kept on disk.
 */
export async function explain(requestId: string, opts: ExplainOptions): Promise<number> {
  let found: { allowed: boolean; explanation: string; detail: unknown } | undefined;
  try {
    const key = JSON.parse(readFileSync(join(opts.dataDir, 'operator.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const out = await new AdminClient({ endpoint: opts.endpoint, credentials: key }).call<{ Allowed: boolean; Explanation: string; Detail: string }>('ExplainDecision', { RequestId: requestId });
    found = { allowed: out.Allowed, explanation: out.Explanation, detail: JSON.parse(out.Detail) };
  } catch (e) {
    if (!(e instanceof AdminApiError) || e.code !== 'ResourceNotFoundException') {
      try {
        found = await fromDisk(requestId, opts);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        process.stderr.write(`sagelite explain: ${err.message}\n`);
        return 1;
      }
    }
  }
  if (!found) {
    process.stderr.write(`sagelite: no authorization decision is recorded for request ${requestId}\n`);
    return 1;
  }
  process.stdout.write(opts.json ? JSON.stringify({ requestId, allowed: found.allowed, detail: found.detail }) + '\n' : found.explanation + '\n');
  return 0;
}

/** The decision as the state keeps it (the data directory's, or the shared PostgreSQL); never makes a data directory that is not there. */
async function fromDisk(requestId: string, opts: ExplainOptions) {
  return withDecisionLog({ dataDir: opts.dataDir, ...(opts.state ? { state: opts.state } : {}) }, (decisions) => decisions.get(requestId, { askOtherProcesses: true }));
}
