import { AwsError } from '../../core/errors.js';
import type { Operation } from '../operation.js';

/**
 * sts:GetAccessKeyInfo — the account an access key belongs to (any account's key; AWS decodes it
 * from the id). sagelite looks the key up: an id it never issued is InvalidParameterValue.
 */
export const getAccessKeyInfo: Operation<{ AccessKeyId: string }, { Account: string }> = {
  authorization: () => [{ action: 'sts:GetAccessKeyInfo', resource: '*' }],
  handle: async ({ AccessKeyId }, { state }) => {
    const key = await state.accounts.getAccessKey(AccessKeyId);
    if (!key) throw new AwsError('InvalidParameterValue', 400, `The access key ID ${AccessKeyId} is not valid.`);
    return { Account: key.accountId };
  },
};
