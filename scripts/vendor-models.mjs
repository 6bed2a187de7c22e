#!/usr/bin/env node
// Copies the botocore service models sagelite speaks into models/, without their documentation
// strings (which are most of their size), so the server never depends on a Python install.
// Usage: node scripts/vendor-models.mjs /path/to/site-packages/botocore
// (botocore's wheel from PyPI, unzipped, is such a directory: `pip download --no-deps botocore`.)
import { readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';

const SERVICES = ['sts', 'iam', 's3', 'sagemaker', 'sagemaker-featurestore-runtime', 'glue', 'athena', 'ram'];
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

const versions = {};
for (const service of SERVICES) {
  const dir = join(botocore, 'data', service);
  const version = readdirSync(dir).sort().at(-1);
  const model = JSON.parse(gunzipSync(readFileSync(join(dir, version, 'service-2.json.gz'))).toString('utf8'));
  writeFileSync(join('models', `${service}.json.gz`), gzipSync(JSON.stringify(strip(model)), { level: 9 }));
  versions[service] = version;
}
const info = join(dirname(botocore), readdirSync(dirname(botocore)).find((d) => /^botocore-.*\.dist-info$/.test(d)));
copyFileSync(join(info, 'LICENSE.txt'), join('models', 'LICENSE.txt'));
copyFileSync(join(info, 'NOTICE'), join('models', 'NOTICE'));
writeFileSync(join('models', 'VERSIONS.json'), JSON.stringify({ botocore: info.match(/botocore-(.*)\.dist-info/)[1], versions }, null, 2) + '\n');
