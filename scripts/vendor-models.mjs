#!/usr/bin/env node
// Copies the botocore service models sagelite speaks into models/, without their documentation
// strings (which are most of their size), so the server never depends on a Python install.
// Usage: node scripts/vendor-models.mjs /path/to/site-packages/botocore
// (botocore's wheel from PyPI, unzipped, is such a directory: `pip download --no-deps botocore`.)
import { readFileSync, writeFileSync, readdirSync, copyFileSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';

const SERVICES = ['sts', 'iam', 's3', 'sagemaker', 'sagemaker-featurestore-runtime', 'glue', 'athena', 'ram', 'kms'];
const botocore = process.argv[2];
if (!botocore) throw new Error('usage: vendor-models.mjs <botocore package dir>');

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'documentation' || k === 'documentationUrl' || k === 'examples') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return value;
}

// The AWS SDK for JavaScript's client of each service (an npm dependency): it may already send
// operations that botocore's newest model lacks. Those are added by name, with no input shape, for
// the JSON and query protocols (where the name alone routes a request), so that the server answers
// them NotImplemented after authentication instead of an unknown-operation error.
const JS_CLIENTS = { sts: 'client-sts', iam: 'client-iam', s3: 'client-s3', sagemaker: 'client-sagemaker', 'sagemaker-featurestore-runtime': 'client-sagemaker-featurestore-runtime', glue: 'client-glue', athena: 'client-athena', ram: 'client-ram', kms: 'client-kms' };

function jsSdkOperations(service) {
  const dir = join('node_modules', '@aws-sdk', JS_CLIENTS[service] ?? '');
  if (!JS_CLIENTS[service] || !existsSync(join(dir, 'dist-es', 'schemas', 'schemas_0.js'))) return undefined;
  const text = readFileSync(join(dir, 'dist-es', 'schemas', 'schemas_0.js'), 'utf8');
  const names = [...text.matchAll(/^export var (\w+)\$ = \[9, /gm)].map((m) => m[1]);
  return { version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version, names };
}

const versions = {};
const sdkOnly = {};
for (const service of SERVICES) {
  const dir = join(botocore, 'data', service);
  const version = readdirSync(dir).sort().at(-1);
  const model = JSON.parse(gunzipSync(readFileSync(join(dir, version, 'service-2.json.gz'))).toString('utf8'));
  const js = jsSdkOperations(service);
  const missing = (js?.names ?? []).filter((name) => !Object.hasOwn(model.operations, name));
  if (missing.length > 0) {
    if (!['json', 'query'].includes(model.metadata.protocol)) throw new Error(`${service}: the JS SDK has ${missing.join(', ')}, which botocore lacks; a ${model.metadata.protocol} route needs more than a name`);
    for (const name of missing) model.operations[name] = { name, http: { method: 'POST', requestUri: '/' } };
    sdkOnly[service] = { package: `@aws-sdk/${JS_CLIENTS[service]}@${js.version}`, operations: missing };
  }
  writeFileSync(join('models', `${service}.json.gz`), gzipSync(JSON.stringify(strip(model)), { level: 9 }));
  versions[service] = version;
}
const info = join(dirname(botocore), readdirSync(dirname(botocore)).find((d) => /^botocore-.*\.dist-info$/.test(d)));
copyFileSync(join(info, 'LICENSE.txt'), join('models', 'LICENSE.txt'));
copyFileSync(join(info, 'NOTICE'), join('models', 'NOTICE'));
writeFileSync(join('models', 'VERSIONS.json'), JSON.stringify({ botocore: info.match(/botocore-(.*)\.dist-info/)[1], versions, sdkOnly }, null, 2) + '\n');
