import {
  AcceptResourceShareInvitationCommand, CreateResourceShareCommand, DisassociateResourceShareCommand, GetResourceShareInvitationsCommand, RAMClient,
} from '@aws-sdk/client-ram';
import type { Credentials, GuideClients } from './clients.js';
import { step, type DemoContext } from './context.js';
import { byArn, createFeatureGroups, getRecord, ingestSample, notebookSession, readOnlineStore } from './notebook.js';

const READ_WRITE = 'arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadWrite';
const READ_ONLY = 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly';

/**
 * The guide's flow through AWS RAM, AWS's recommended way: B creates the feature groups and
 * shares them with A (read-write); A's administrator accepts the invitation; the notebook, as
 * A's own execution role and with no AssumeRole, ingests and reads B's groups by ARN. The offline
 * store stays B's (RAM shares the online store; see docs/GUIDE.md).
 */
export async function runRamPath(ctx: DemoContext, rootB: GuideClients, keys: { a: Credentials; b: Credentials }, keep: (c: GuideClients) => void): Promise<void> {
  const ram = (k: Credentials) => new RAMClient({ endpoint: ctx.endpoint, region: ctx.region, credentials: k, maxAttempts: 1 });
  const ramA = ram(keys.a);
  const ramB = ram(keys.b);
  try {
    await shareAndUse(ctx, rootB, ramA, ramB, keep);
  } finally {
    ramA.destroy();
    ramB.destroy();
  }
}

async function shareAndUse(ctx: DemoContext, rootB: GuideClients, ramA: RAMClient, ramB: RAMClient, keep: (c: GuideClients) => void): Promise<void> {
  const accountA = ctx.plan.accounts.accountA;

  ctx.report.section("Account B's administrator: the feature groups, shared with A through RAM");
  const groups = await createFeatureGroups(ctx, rootB);
  const permission = ctx.plan.broken === 'read-only' ? READ_ONLY : READ_WRITE;
  const share = await step(ctx, 'ram:CreateResourceShare (both groups → A)', {}, async () =>
    (await ramB.send(new CreateResourceShareCommand({ name: 'central-feature-store', resourceArns: groups.map((g) => g.arn), principals: [accountA], permissionArns: [permission] }))).resourceShare!,
  (s) => `${s.resourceShareArn} (${permission.split('/')[1]})`);

  ctx.report.section("Account A's administrator: the invitation");
  const invitation = await step(ctx, 'ram:GetResourceShareInvitations', {}, async () => {
    const all = (await ramA.send(new GetResourceShareInvitationsCommand({ resourceShareArns: [share.resourceShareArn!] }))).resourceShareInvitations ?? [];
    if (all.length !== 1) throw new Error(`expected one invitation, found ${all.length}`);
    return all[0]!;
  }, (i) => `${i.resourceShareInvitationArn} from ${i.senderAccountId}: ${i.status}`);
  if (ctx.plan.broken === 'no-accept') ctx.report.line(`   (--break no-accept: the invitation is left ${invitation.status})`);
  else {
    await step(ctx, 'ram:AcceptResourceShareInvitation', {}, async () =>
      (await ramA.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation.resourceShareInvitationArn! }))).resourceShareInvitation!,
    (i) => `${i.status}`);
  }

  ctx.report.section("The notebook in A, as A's own execution role, on B's groups by ARN");
  const notebook = await notebookSession(ctx);
  keep(notebook);
  await ingestSample(ctx, notebook, groups, byArn, { breaks: ['no-accept', 'read-only'] });
  await readOnlineStore(ctx, notebook, groups, byArn);
  if (ctx.plan.broken === 'disassociated') {
    ctx.report.section("Account B's administrator ends the share for A");
    await step(ctx, 'ram:DisassociateResourceShare (A)', {}, async () =>
      (await ramB.send(new DisassociateResourceShareCommand({ resourceShareArn: share.resourceShareArn!, principals: [accountA] }))).resourceShareAssociations!,
    (a) => a.map((x) => `${x.associatedEntity} ${x.status}`).join(', '));
    const customers = groups[0]!;
    await getRecord(ctx, notebook, customers, byArn, customers.sample.rows[0]![0]!, { breaks: ['disassociated'] }, `GetRecord ${customers.sample.name} again`);
  }
}
