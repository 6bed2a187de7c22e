import { randomUUID } from 'node:crypto';
import { malformedArn } from './errors.js';

/** RAM's ARNs: shares and invitations carry the owner's (the sender's) account and the share's region. */
export const ramArn = {
  share: (region: string, accountId: string) => `arn:aws:ram:${region}:${accountId}:resource-share/${randomUUID()}`,
  invitation: (region: string, accountId: string) => `arn:aws:ram:${region}:${accountId}:resource-share-invitation/${randomUUID()}`,
};

const SHARE_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share\/[0-9a-f-]{36}$/;
const INVITATION_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share-invitation\/[0-9a-f-]{36}$/;
const PERMISSION_ARN = /^arn:aws:ram:[a-z0-9-]*:(\d{12}|aws):permission\/[\w+=,.@-]{1,255}$/;

/** A resource share ARN, or RAM's MalformedArnException. */
export function checkShareArn(arn: string): { region: string; accountId: string } {
  const m = SHARE_ARN.exec(arn);
  if (!m) throw malformedArn('The specified resource share ARN is not valid. Verify the ARN and try again.');
  return { region: m[1]!, accountId: m[2]! };
}

export function checkInvitationArn(arn: string): void {
  if (!INVITATION_ARN.test(arn)) throw malformedArn('The specified resource share invitation ARN is not valid. Verify the ARN and try again.');
}

export function checkPermissionArn(arn: string): void {
  if (!PERMISSION_ARN.test(arn)) throw malformedArn(`The specified permission ARN ${arn} is not valid. Verify the ARN and try again.`);
}

/** The account a policy or share names as a principal: a 12-digit id (sagelite shares with accounts only). */
export const ACCOUNT_ID = /^\d{12}$/;
