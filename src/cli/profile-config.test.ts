import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigProfiles, profileEndpoint, replaceProfiles } from './profile-config.js';

const TEXT = `# a comment
[default]
region = us-east-1

[profile dev]
region = eu-west-1
endpoint_url = http://127.0.0.1:4566
s3 =
  endpoint_url = http://nested.invalid
; another comment
[profile quiet]
endpoint_url = http://127.0.0.1:4999
ignore_configured_endpoint_urls = true

[sso-session corp]
endpoint_url = http://not-a-profile.invalid
`;

describe('the shared config file, read as the AWS CLI reads it', () => {
  it('finds profiles and their top-level settings; nested and non-profile sections are not settings', () => {
    const p = parseConfigProfiles(TEXT);
    assert.deepEqual([...p.keys()], ['default', 'dev', 'quiet']);
    assert.deepEqual(p.get('dev'), { region: 'eu-west-1', endpoint_url: 'http://127.0.0.1:4566', s3: '' });
    assert.equal(p.get('corp'), undefined);
  });

  it('gives a profile its endpoint_url unless AWS_ENDPOINT_URL or ignore_configured_endpoint_urls says otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagelite-profile-'));
    try {
      writeFileSync(join(dir, 'config'), TEXT);
      const env = { AWS_CONFIG_FILE: join(dir, 'config') };
      assert.equal(profileEndpoint('dev', env), 'http://127.0.0.1:4566');
      assert.equal(profileEndpoint('default', env), undefined);
      assert.equal(profileEndpoint('quiet', env), undefined);
      assert.equal(profileEndpoint('missing', env), undefined);
      assert.equal(profileEndpoint('dev', { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }), undefined);
      assert.equal(profileEndpoint('dev', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), undefined);
      assert.equal(profileEndpoint('dev', { AWS_CONFIG_FILE: join(dir, 'absent') }), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replaceProfiles: the notebook profiles written into a config file again', () => {
  const notebook = '[profile nb-user]\naws_access_key_id = AKIANEW\n\n[profile nb]\nrole_arn = arn:aws:iam::111111111111:role/x\nsource_profile = nb-user\n';
  it('replaces sections of the same names, keeps the rest as written (comments, other profiles)', () => {
    const before = '# mine\n[default]\nregion = us-east-1\n\n[profile nb-user]\naws_access_key_id = AKIAOLD\n; old comment\n\n[profile other]\nregion = eu-west-1\n';
    assert.equal(replaceProfiles(before, notebook), `# mine\n[default]\nregion = us-east-1\n\n[profile other]\nregion = eu-west-1\n\n${notebook}`);
  });
  it('an empty or missing file gets the sections alone; writing twice leaves one copy', () => {
    assert.equal(replaceProfiles('', notebook), notebook);
    assert.equal(replaceProfiles(replaceProfiles('', notebook), notebook), notebook);
  });
});
