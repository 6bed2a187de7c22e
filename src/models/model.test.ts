import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/paths.js';
import { ModelLibrary } from './model.js';

/** The AWS SDK for JavaScript client the project depends on for each vendored model. */
const CLIENTS: Record<string, string> = {
  sts: 'client-sts', iam: 'client-iam', s3: 'client-s3', sagemaker: 'client-sagemaker',
  'sagemaker-featurestore-runtime': 'client-sagemaker-featurestore-runtime', glue: 'client-glue', athena: 'client-athena', ram: 'client-ram',
};

describe('vendored models', () => {
  it('know every operation the AWS SDK for JavaScript can send, so none is answered as unknown (re-run scripts/vendor-models.mjs after an SDK upgrade)', () => {
    const models = new ModelLibrary();
    for (const [service, client] of Object.entries(CLIENTS)) {
      const commands = readdirSync(join(PACKAGE_ROOT, 'node_modules', '@aws-sdk', client, 'dist-types', 'commands'))
        .filter((f) => f.endsWith('Command.d.ts'))
        .map((f) => f.slice(0, -'Command.d.ts'.length));
      assert.ok(commands.length > 0, client);
      const known = models.get(service).operations;
      assert.deepEqual(commands.filter((c) => !Object.hasOwn(known, c)), [], `${service}: operations of @aws-sdk/${client} missing from models/${service}.json.gz`);
    }
  });
});
