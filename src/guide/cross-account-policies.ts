/**
 * The policy documents of the cross-account feature store guide, as functions of the two
 * accounts: account B holds the feature store and the role A assumes; account A runs the
 * notebook under its SageMaker execution role and owns the Athena results bucket. The demo,
 * `sagelite setup cross-account` and the end-to-end tests all use these, so they say exactly
 * what the guide says.
 */
export interface GuideAccounts {
  /** The consumer account (notebook, execution role, results bucket). */
  accountA: string;
  /** The central feature store account. */
  accountB: string;
  /** The Athena results bucket in account A. */
  resultsBucket: string;
  executionRoleName?: string;
}

export const CROSS_ACCOUNT_ROLE = 'cross-account-assume-role';
export const DEFAULT_EXECUTION_ROLE = 'AmazonSageMaker-ExecutionRole-sagelite';

/** The AWS managed policies the guide attaches to B's cross-account role. */
export const CROSS_ACCOUNT_ROLE_MANAGED_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonS3FullAccess',
  'arn:aws:iam::aws:policy/AmazonAthenaFullAccess',
  'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
];

/** The managed policy a new SageMaker execution role gets by default. */
export const EXECUTION_ROLE_MANAGED_POLICIES = ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'];

const doc = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement }, null, 2);

/** Step 1 in B: "Another AWS account" — the role's first trust policy names account A. */
export function initialTrustPolicy(g: GuideAccounts): string {
  return doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${g.accountA}:root` }, Action: 'sts:AssumeRole', Condition: {} }]);
}

/** B's custom policy: the role may use A's results bucket (and SageMaker buckets). The guide's "/" resource is kept as written. */
export function athenaResultsPolicy(g: GuideAccounts): string {
  return doc([
    {
      Sid: 'AthenaResultsS3BucketCrossAccountAccessPolicy',
      Effect: 'Allow',
      Action: ['s3:*'],
      Resource: [`arn:aws:s3:::${g.resultsBucket}/`, `arn:aws:s3:::${g.resultsBucket}`, 'arn:aws:s3:::*SageMaker*'],
    },
  ]);
}

/** A's execution role: the S3 actions the offline store needs. */
export function featureStoreS3Policy(): string {
  return doc([
    { Sid: 'FeatureStoreS3AccessPolicy', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetBucketAcl', 's3:GetObjectAcl'], Resource: ['arn:aws:s3:::*SageMaker*'] },
  ]);
}

/** A's execution role: may assume B's cross-account role. */
export function assumeCrossAccountRolePolicy(g: GuideAccounts): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${g.accountB}:role/${CROSS_ACCOUNT_ROLE}` } }, null, 2);
}

/** The trust policy of A's execution role: SageMaker runs the notebook as it. */
export function executionRoleTrustPolicy(): string {
  return doc([{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
}

export function executionRoleArn(g: GuideAccounts): string {
  return `arn:aws:iam::${g.accountA}:role/${g.executionRoleName ?? DEFAULT_EXECUTION_ROLE}`;
}

/** The last step in B: the trust names A's execution role and the SageMaker service. */
export function finalTrustPolicy(g: GuideAccounts): string {
  return doc([{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com', AWS: executionRoleArn(g) }, Action: 'sts:AssumeRole' }]);
}

/**
 * A's results bucket policy. The guide's first principal, `arn:aws:iam::A/ROLE`, is not a valid
 * principal (AWS rejects it); `asWritten` keeps it to show that, otherwise it is the role's ARN.
 */
export function resultsBucketPolicy(g: GuideAccounts, asWritten = false): string {
  const role = g.executionRoleName ?? DEFAULT_EXECUTION_ROLE;
  return doc([
    {
      Sid: 'MyStatementSid',
      Effect: 'Allow',
      Principal: {
        AWS: [
          asWritten ? `arn:aws:iam::${g.accountA}/${role}` : executionRoleArn(g),
          `arn:aws:iam::${g.accountA}:root`,
          `arn:aws:iam::${g.accountB}:role/${CROSS_ACCOUNT_ROLE}`,
          `arn:aws:iam::${g.accountB}:root`,
        ],
      },
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${g.resultsBucket}`, `arn:aws:s3:::${g.resultsBucket}/*`],
    },
  ]);
}
