import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../../src/core/paths.js';

const MODELS = join(PACKAGE_ROOT, 'models');

/**
 * The project's vendored botocore models as a botocore data directory, for boto3 and the AWS CLI:
 * `{ AWS_DATA_PATH }` makes this machine's older botocore speak the operations AWS added since
 * (BatchWriteRecord, Standard_V2, …), as a newer botocore would. Written once per process.
 */
let dataPath: string | undefined;
export function botocoreModelsEnv(): NodeJS.ProcessEnv {
  if (dataPath === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-botocore-models-'));
    const { versions } = JSON.parse(readFileSync(join(MODELS, 'VERSIONS.json'), 'utf8')) as { versions: Record<string, string> };
    for (const file of readdirSync(MODELS).filter((f) => f.endsWith('.json.gz'))) {
      const service = file.slice(0, -'.json.gz'.length);
      const version = versions[service];
      if (!version) continue;
      mkdirSync(join(dir, service, version), { recursive: true });
      const model = JSON.parse(gunzipSync(readFileSync(join(MODELS, file))).toString('utf8')) as { clientContextParams?: Record<string, Record<string, unknown>> };
      // The vendored models have no documentation strings; botocore reads these ones (S3's).
      for (const param of Object.values(model.clientContextParams ?? {})) param['documentation'] ??= '';
      writeFileSync(join(dir, service, version, 'service-2.json'), JSON.stringify(model));
    }
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    dataPath = dir;
  }
  return { AWS_DATA_PATH: dataPath };
}
