import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CreateUserCommand, CreateAccessKeyCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { createAccount, sagelite, ServerProcess, type AccountKeys } from './harness.js';
import { iamClient, rejection } from './iam-helpers.js';

describe('sagelite explain', () => {
  let server: ServerProcess;
  let acct: AccountKeys;
  let denied: string;
  let allowed: string;
  before(async () => {
    server = await ServerProcess.start();
    acct = createAccount(server.dataDir);
    const root = iamClient(server.url, acct);
    allowed = (await root.send(new CreateUserCommand({ UserName: 'bob' }))).$metadata.requestId!;
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    const e = await rejection(iamClient(server.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new ListRolesCommand({})));
    denied = (e as unknown as { $metadata: { requestId: string } }).$metadata.requestId;
  });
  after(() => rmSync(server.dataDir, { recursive: true, force: true }));

  it('asks the running server, which remembers allows too', () => {
    const out = sagelite(['explain', allowed, '--endpoint', server.url, '--data-dir', server.dataDir]);
    assert.match(out, /iam:CreateUser/);
    assert.match(out, /Result: Allow/);
    const json = JSON.parse(sagelite(['explain', denied, '--json', '--endpoint', server.url, '--data-dir', server.dataDir])) as { allowed: boolean; detail: { principal: string } };
    assert.equal(json.allowed, false);
    assert.equal(json.detail.principal, `arn:aws:iam::${acct.accountId}:user/bob`);
  });

  it('reads denials from the data directory once the server is gone; unknown ids exit 1', async () => {
    await server.stop('SIGKILL', false);
    const out = sagelite(['explain', denied, '--endpoint', 'http://127.0.0.1:9', '--data-dir', server.dataDir]);
    assert.match(out, /iam:ListRoles/);
    assert.match(out, /ImplicitDeny/);
    assert.throws(() => sagelite(['explain', allowed, '--endpoint', 'http://127.0.0.1:9', '--data-dir', server.dataDir]), /no authorization decision is recorded/);
  });
});
